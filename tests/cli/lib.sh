# tests/cli/lib.sh - sourced by every command-line test (POSIX sh).
# Provides: $SCAN, $ANON and $GEN (the programs under test), $SRC (source dir), $FIX (fixtures),
# $MF (doppel-manifest), $T (a fresh temporary directory, removed on exit), a private fingerprint key, and
# small assertion helpers that print what failed and exit 1.
set -u
SRC=${DP_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
BUILD=${DP_BUILDDIR:-$SRC}
SCAN=${DOPPEL_SCAN:-$BUILD/scan/doppel-scan}
ANON=${DOPPEL_ANON:-$BUILD/anon/doppel-anon}
GEN=${DOPPEL_GEN:-$BUILD/gen/doppel-gen}
MF=${DOPPEL_MANIFEST_BIN:-$BUILD/manifest/doppel-manifest}
unset DOPPEL_MANIFEST DOPPEL_RUN_ID DOPPEL_RETENTION_POLICY SOURCE_DATE_EPOCH
FIX=$SRC/tests/fixtures
T=$(mktemp -d "${TMPDIR:-/tmp}/doppel-test.XXXXXX")
trap 'rm -rf "$T"' EXIT
HOME=$T/home; export HOME
XDG_CONFIG_HOME=$T/home/.config; export XDG_CONFIG_HOME
mkdir -p "$HOME"
head -c 32 /dev/urandom > "$T/fp.key" && chmod 600 "$T/fp.key"
DOPPEL_KEY_FILE=$T/fp.key; export DOPPEL_KEY_FILE
PY=/usr/bin/python3
cd "$T"

fail() { echo "FAIL: $*" >&2; exit 1; }
skip() { echo "SKIP: $*" >&2; exit 77; }

# run CMD...: runs it with stdout in $T/out, stderr in $T/err, status in $rc
run() { rc=0; "$@" > "$T/out" 2> "$T/err" || rc=$?; }
expect_rc() { [ "$rc" -eq "$1" ] || { cat "$T/err" >&2; fail "${2:-command}: exit $rc, expected $1"; }; }
# expect_out REGEX [FILE]: a line of FILE (default $T/out) matches the extended regex
expect_out() { grep -Eq -- "$1" "${2:-$T/out}" || { head -50 "${2:-$T/out}" >&2; fail "no line matching /$1/ in ${2:-stdout}"; }; }
expect_no() { ! grep -Eq -- "$1" "${2:-$T/out}" || { grep -E -- "$1" "${2:-$T/out}" >&2; fail "unexpected line matching /$1/"; }; }
expect_lines() { n=$(wc -l < "${2:-$T/out}"); [ "$n" -eq "$1" ] || { cat "${2:-$T/out}" >&2; fail "expected $1 lines, got $n"; }; }
# json_check PYEXPR: evaluates a Python expression over the list of JSON lines in $T/out
json_check() {
	"$PY" - "$1" "$T/out" <<'PYEOF' || fail "json check failed: $1"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8") if l.strip()]
ok = eval(sys.argv[1], {"rows": rows, "json": json})
sys.exit(0 if ok else 1)
PYEOF
}

# check_manifests [DIR]: every datapackage.json and tombstone.json below DIR (default $T)
# validates against doppel's schemas and, when the official profile is beside the
# project (../shared/schemas), sealed manifests against Data Package 2.0 too.
DP_PROFILE=$SRC/../shared/schemas/datapackage-2.0/datapackage.json
check_manifests() {
	"$PY" -c 'import jsonschema' 2>/dev/null || return 0
	for f in $(find "${1:-$T}" -name datapackage.json -o -name tombstone.json | sort); do
		case $f in
		*/tombstone.json) "$PY" "$SRC/tests/cli/validate_json.py" "$SRC/schemas/doppel-tombstone.schema.json" "$f" ;;
		*) "$PY" "$SRC/tests/cli/validate_json.py" "$SRC/schemas/doppel-manifest.schema.json" "$f" ;;
		esac || fail "$f does not validate against doppel's schema"
		if [ -f "$DP_PROFILE" ] && grep -q '"doppel:status": "sealed"' "$f"; then
			"$PY" "$SRC/tests/cli/validate_json.py" "$DP_PROFILE" "$f" || fail "$f is not a Data Package 2.0"
		fi
	done
}
# jq-like look-ups: jget FILE PYEXPR (d is the document)
jget() { "$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"; }
