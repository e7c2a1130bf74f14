#!/bin/sh
# The README's first command: install what is missing, build (out of tree, in
# build/main), and run the main job as far as it exists (make demo).
set -e
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
sh tools/deps.sh
./autogen.sh >/dev/null 2>&1 || ./autogen.sh
if [ -f config.status ]; then   # an in-tree configuration would block out-of-tree builds
	echo "doppel: removing the in-tree configuration (make distclean)"
	make distclean >/dev/null 2>&1 || true
fi
mkdir -p build/main
cd build/main
[ -f Makefile ] || "$top/configure" -q --enable-werror
make -j"$(nproc)"
make demo
echo "doppel: programs are in $top/build/main (scan/doppel-scan); 'make install' there installs them"
