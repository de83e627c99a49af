#!/bin/sh
# Install what booting kernels under QEMU needs, or say exactly how.
#   kernel/deps.sh           install what is missing (root), else print the command
#   kernel/deps.sh --check   exit 1 and list what is missing, change nothing
# Besides QEMU this is the arm64 cross toolchain and the arm64 -dev packages
# mmbench links (multi-arch, installed next to the amd64 ones).
# Exit: 0 all present/installed, 1 missing (and not installed), 2 usage.
set -u

host_pkgs="qemu-system-x86 qemu-system-arm qemu-utils cpio busybox-static
xz-utils zstd e2fsprogs device-tree-compiler gcc-aarch64-linux-gnu"
# What mmbench links, for the cross build (see PKGS in the Makefile).
arm64_pkgs="libc6-dev:arm64 libjson-c-dev:arm64 libnuma-dev:arm64 libpfm4-dev:arm64
libhwloc-dev:arm64 libext2fs2:arm64 libblkid1:arm64 libuuid1:arm64 libcom-err2:arm64"

check=0
case "${1:-}" in
--check) check=1 ;;
"") ;;
*) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

if ! command -v dpkg-query >/dev/null 2>&1; then
	echo "kernel/deps: not a Debian system; install by hand: $host_pkgs" \
	     "and the arm64 builds of json-c and libnuma" >&2
	exit 1
fi

have() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null |
	grep -q 'install ok installed'; }

missing=""
for p in $host_pkgs; do
	have "$p" || missing="$missing $p"
done
arch_ok=0
dpkg --print-foreign-architectures | grep -qx arm64 && arch_ok=1
for p in $arm64_pkgs; do
	have "$p" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$check" = 1 ]; then
	echo "kernel/deps: missing:$missing" >&2
	exit 1
fi
if [ "$(id -u)" != 0 ]; then
	echo "kernel/deps: missing:$missing" >&2
	echo "kernel/deps: run as root: dpkg --add-architecture arm64 &&" \
	     "apt-get update && apt-get install -y$missing" >&2
	exit 1
fi
echo "kernel/deps: installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
if [ "$arch_ok" = 0 ]; then
	dpkg --add-architecture arm64 ||
		{ echo "kernel/deps: dpkg --add-architecture arm64 failed" >&2; exit 1; }
fi
# A fresh image (or a new architecture) has no package lists yet.
apt-get update -qq >&2 || true
# shellcheck disable=SC2086
apt-get install -y -q $missing >&2 ||
	{ echo "kernel/deps: 'apt-get install -y$missing' failed" >&2; exit 1; }
exit 0
