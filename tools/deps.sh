#!/bin/sh
# Installs the Debian packages doppel needs to build and test, when any are missing.
# Safe to run again: it installs nothing when everything is present.
set -e
PKGS="build-essential autoconf automake libtool pkg-config git
libpcre2-dev libicu-dev libxml2-dev libpoppler-glib-dev zlib1g-dev libsqlite3-dev
libcmocka-dev libjansson-dev libsodium-dev libcsv-dev libarchive-dev
clang libclang-rt-14-dev python3 python3-jsonschema pre-commit ripgrep hyperfine parallel"
missing=""
for p in $PKGS; do
	dpkg-query -W -f '${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "doppel: installing missing Debian packages:$missing"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
