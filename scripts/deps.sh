#!/bin/sh
# Install what mmbench needs to build and test, or say exactly how.
#   scripts/deps.sh           install what is missing (root), else print the command
#   scripts/deps.sh --check   exit 1 and list what is missing, change nothing
# Exit: 0 all present/installed, 1 missing (and not installed), 2 usage.
set -u

# python3 checks the tests' JSON; file tells the QEMU tests' builds apart.
deb_pkgs="gcc make pkg-config libpfm4-dev libhwloc-dev hwloc libnuma-dev numactl
libjson-c-dev libgsl-dev gnuplot-nox linux-perf libcmocka-dev python3 file"
rpm_pkgs="gcc make pkgconf-pkg-config libpfm-devel hwloc-devel hwloc numactl-devel
numactl json-c-devel gsl-devel gnuplot perf libcmocka-devel python3 file"

check=0
case "${1:-}" in
--check) check=1 ;;
"") ;;
*) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

. "$(dirname "$0")/pkg-lib.sh"
pkg_ensure deps "$check" "$deb_pkgs" "$rpm_pkgs"
