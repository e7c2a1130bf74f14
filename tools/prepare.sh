# tools/prepare.sh - sourced by setup.sh and check.sh: go to the source root ($top),
# install missing Debian packages, regenerate the build system, and clear an in-tree
# configuration (it would block the out-of-tree builds both scripts use).
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
sh tools/deps.sh
./autogen.sh >/dev/null 2>&1 || ./autogen.sh
if [ -f config.status ]; then
	echo "doppel: removing the in-tree configuration (make distclean)"
	make distclean >/dev/null 2>&1 || true
fi
