#!/bin/sh
# The README's first command: install what is missing, build (out of tree, in
# build/main), and run the main job as far as it exists (make demo).
set -e
. "$(dirname "$0")/prepare.sh"
mkdir -p build/main
cd build/main
[ -f Makefile ] || "$top/configure" -q --enable-werror
make -j"$(nproc)"
make demo
echo "doppel: programs are in $top/build/main (scan/doppel-scan); 'make install' there installs them"
