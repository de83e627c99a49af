#!/bin/sh
# Install what building a kernel needs, or say exactly how.
#   kernel/build-deps.sh [--check] [x86_64] [arm64] [source]
# x86_64/arm64: the toolchain for that ARCH (default: the host's);
# source: Debian's linux-source-6.12 tarball under /usr/src.
# Exit: 0 present or installed, 1 missing (and not installed), 2 usage.
set -u

deb="make gcc flex bison bc libelf-dev libssl-dev cpio kmod xz-utils git patch jq dwarves"
rpm="make gcc flex bison bc elfutils-libelf-devel openssl-devel cpio kmod xz git patch jq dwarves"
check=0
for a in "$@"; do
	case $a in
	--check) check=1 ;;
	x86_64 | amd64)
		[ "$(uname -m)" = x86_64 ] || {
			deb="$deb gcc-x86-64-linux-gnu"
			rpm="$rpm gcc-x86_64-linux-gnu"
		} ;;
	arm64 | aarch64)
		[ "$(uname -m)" = aarch64 ] || {
			deb="$deb gcc-aarch64-linux-gnu"
			rpm="$rpm gcc-aarch64-linux-gnu"
		} ;;
	source) deb="$deb linux-source-6.12" ;;
	*) echo "usage: $0 [--check] [x86_64] [arm64] [source]" >&2; exit 2 ;;
	esac
done

. "$(dirname "$0")/../scripts/pkg-lib.sh"
pkg_ensure build-deps "$check" "$deb" "$rpm"
