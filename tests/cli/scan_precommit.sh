# scan_precommit.sh - .pre-commit-hooks.yaml with the pre-commit framework, the example config, and a plain git hook.
. "${DP_SRCDIR:-.}/tests/cli/lib.sh"
command -v git > /dev/null || skip "git not installed"
command -v pre-commit > /dev/null || skip "pre-commit not installed"
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_PREFIX PRE_COMMIT
GIT_CEILING_DIRECTORIES=$T; export GIT_CEILING_DIRECTORIES
GIT_CONFIG_NOSYSTEM=1; export GIT_CONFIG_NOSYSTEM
PATH=$(cd "$(dirname "$SCAN")" && pwd):$PATH; export PATH
PRE_COMMIT_HOME=$T/pc-cache; export PRE_COMMIT_HOME
[ "$(command -v doppel-scan)" = "$(cd "$(dirname "$SCAN")" && pwd)/doppel-scan" ] || fail "doppel-scan not first on PATH"
git config --global user.email dev@example.com
git config --global user.name Dev
git config --global init.defaultBranch main
git config --global commit.gpgsign false

# new_repo DIR: an empty repository with one commit
new_repo() { git init -q "$1" && git -C "$1" commit -q --allow-empty -m init; }
head_of() { git -C "$1" rev-parse HEAD; }
# commit ARGS...: git commit, with everything it printed (hooks write to stderr) in $T/all
commit() { run git commit "$@"; cat "$T/out" "$T/err" > "$T/all"; }

# both files are valid for this pre-commit version
run pre-commit validate-manifest "$SRC/.pre-commit-hooks.yaml"
expect_rc 0 "validate-manifest .pre-commit-hooks.yaml"
run pre-commit validate-config "$SRC/examples/pre-commit-config.yaml"
expect_rc 0 "validate-config examples/pre-commit-config.yaml"

# the hook repository: a copy of .pre-commit-hooks.yaml, committed
new_repo hooks
cp "$SRC/.pre-commit-hooks.yaml" hooks/
git -C hooks add .pre-commit-hooks.yaml && git -C hooks commit -qm hooks
rev=$(head_of hooks)

# a project using both hooks
new_repo proj && cd proj || exit 1
cat > .pre-commit-config.yaml <<EOF
repos:
  - repo: $T/hooks
    rev: $rev
    hooks:
      - id: doppel-scan
      - id: doppel-scan-files
EOF
git add .pre-commit-config.yaml && git commit -qm config
run pre-commit install
expect_rc 0 "pre-commit install"
[ -x .git/hooks/pre-commit ] || fail "no .git/hooks/pre-commit"
before=$(head_of .)

cp "$FIX/pii.txt" notes.txt
git add notes.txt
commit -m "add notes"
[ "$rc" -ne 0 ] || fail "commit with PII was not blocked"
[ "$(head_of .)" = "$before" ] || fail "commit with PII was created"
expect_out "^notes.txt:2:23: email " "$T/all"
expect_out "^doppel-scan \(staged files\)\.+Failed" "$T/all"
expect_out "^doppel-scan \(files\)\.+Failed" "$T/all"
expect_no "dana\.whitfield|4556 7375" "$T/all"

run pre-commit run doppel-scan-files --files notes.txt
expect_rc 1 "pre-commit run doppel-scan-files"
expect_out "^notes.txt:3:15: card "

cp "$FIX/clean.txt" notes.txt
git add notes.txt
commit -m "add clean notes"
expect_rc 0 "clean commit"
[ "$(head_of .)" != "$before" ] || fail "clean commit not created"
expect_out "^doppel-scan \(staged files\)\.+Passed" "$T/all"
cd "$T" || exit 1

# the shipped example (its repo: local variant) works as is
new_repo example && cd example || exit 1
cp "$SRC/examples/pre-commit-config.yaml" .pre-commit-config.yaml
git add .pre-commit-config.yaml && git commit -qm config
run pre-commit install
expect_rc 0 "pre-commit install (example)"
before=$(head_of .)
cp "$FIX/pii.txt" leak.txt
git add leak.txt
commit -m leak
[ "$rc" -ne 0 ] || fail "example config: commit with PII was not blocked"
[ "$(head_of .)" = "$before" ] || fail "example config: commit with PII was created"
expect_out "^leak.txt:10:5: ru_inn " "$T/all"
cd "$T" || exit 1

# a plain git hook, no framework
new_repo plain && cd plain || exit 1
printf '#!/bin/sh\nexec doppel-scan --staged\n' > .git/hooks/pre-commit
chmod +x .git/hooks/pre-commit
before=$(head_of .)
cp "$FIX/pii.txt" leak.txt
git add leak.txt
commit -m leak
[ "$rc" -ne 0 ] || fail "plain hook: commit with PII was not blocked"
[ "$(head_of .)" = "$before" ] || fail "plain hook: commit with PII was created"
expect_out "^leak.txt:13:30: kz_iin " "$T/all"
cp "$FIX/clean.txt" leak.txt
git add leak.txt
commit -qm clean
expect_rc 0 "plain hook: clean commit"
# commit -a and commit PATH use another index (GIT_INDEX_FILE): still checked
before=$(head_of .)
cp "$FIX/pii.txt" leak.txt
commit -qam "commit -a"
[ "$rc" -ne 0 ] || fail "plain hook: commit -a with PII was not blocked"
commit -qm "commit PATH" -- leak.txt
[ "$rc" -ne 0 ] || fail "plain hook: commit PATH with PII was not blocked"
[ "$(head_of .)" = "$before" ] || fail "plain hook: a commit with PII was created"
exit 0
