#!/bin/sh
# The README's second command (and what CI runs): install what is missing, then build
# and run the whole test suite twice: a normal -Werror build (gcc) and an ASan+UBSan
# build (clang when installed: its sanitizers also check memcmp ranges and null-pointer
# arithmetic, which caught bugs gcc's did not).
# Builds happen out of tree under build/ so the two never mix. Prints a closing
# "N passed, N failed" line computed from the automake test logs.
set -e
. "$(dirname "$0")/prepare.sh"
jobs=$(nproc)
status=0
pass=0; fail=0; skip=0
run_suite() {  # name, configure flags...
	name=$1; shift
	mkdir -p "build/$name"
	( cd "build/$name" && "$top/configure" -q "$@" >/dev/null ) || return 1
	( cd "build/$name" && make -j"$jobs" >/dev/null ) || return 1
	( cd "build/$name" && make -j"$jobs" check ) || true
	for t in $(find "build/$name" -name '*.trs'); do
		r=$(sed -n 's/^:test-result: //p' "$t" | head -1)
		case "$r" in
			PASS|XFAIL) pass=$((pass + 1)) ;;
			SKIP) skip=$((skip + 1)) ;;
			*) fail=$((fail + 1)); status=1
			   echo "---- FAILED ($name): ${t%.trs}.log"; tail -n 40 "${t%.trs}.log" ;;
		esac
	done
	[ -f "build/$name/test-suite.log" ] || { echo "no test-suite.log in build/$name"; status=1; }
}
run_suite normal --enable-werror || { echo "normal build failed"; status=1; }
san_cc=""
command -v clang >/dev/null 2>&1 && san_cc="CC=clang"
run_suite sanitize --enable-sanitizers $san_cc || { echo "sanitizer build failed"; status=1; }
echo "$pass passed, $fail failed, $skip skipped"
exit $status
