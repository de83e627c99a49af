#!/bin/sh
# Install what booting kernels under QEMU needs, or say exactly how.
#   kernel/deps.sh           install what is missing (root), else print the command
#   kernel/deps.sh --check   exit 1 and list what is missing, change nothing
# Besides QEMU this is the arm64 cross toolchain and the arm64 -dev packages
# mmbench links (multi-arch, installed next to the amd64 ones).
# Exit: 0 all present/installed, 1 missing (and not installed), 2 usage.
set -u

host_pkgs="qemu-system-x86 qemu-system-arm qemu-utils cpio busybox-static
xz-utils zstd e2fsprogs device-tree-compiler gcc-aarch64-linux-gnu file"
# What mmbench links, for the cross build (see PKGS in the Makefile).
arm64_pkgs="libc6-dev:arm64 libjson-c-dev:arm64 libnuma-dev:arm64 libpfm4-dev:arm64
libhwloc-dev:arm64 libext2fs2:arm64 libblkid1:arm64 libuuid1:arm64 libcom-err2:arm64"

check=0
case "${1:-}" in
--check) check=1 ;;
"") ;;
*) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

. "$(dirname "$0")/../scripts/pkg-lib.sh"
pkg_ensure kernel/deps "$check" "$host_pkgs $arm64_pkgs" ""
