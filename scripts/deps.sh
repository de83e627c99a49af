#!/bin/sh
# Install what mmbench needs to build and test, or say exactly how.
#   scripts/deps.sh           install what is missing (root), else print the command
#   scripts/deps.sh --check   exit 1 and list what is missing, change nothing
# Exit: 0 all present/installed, 1 missing (and not installed), 2 usage.
set -u

deb_pkgs="gcc make pkg-config libpfm4-dev libhwloc-dev hwloc libnuma-dev numactl
libjson-c-dev libgsl-dev gnuplot-nox linux-perf libcmocka-dev"
rpm_pkgs="gcc make pkgconf-pkg-config libpfm-devel hwloc-devel hwloc numactl-devel
numactl json-c-devel gsl-devel gnuplot perf libcmocka-devel"

check=0
case "${1:-}" in
--check) check=1 ;;
"") ;;
*) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

if command -v dpkg-query >/dev/null 2>&1; then
	kind=deb
	installer="apt-get install -y"
	pkgs=$deb_pkgs
	have() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null |
		grep -q 'install ok installed'; }
elif command -v rpm >/dev/null 2>&1; then
	kind=rpm
	installer="dnf install -y"
	pkgs=$rpm_pkgs
	have() { rpm -q "$1" >/dev/null 2>&1; }
else
	echo "deps: neither dpkg nor rpm found; install by hand: $deb_pkgs" >&2
	exit 1
fi

missing=""
for p in $pkgs; do
	have "$p" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$check" = 1 ]; then
	echo "deps: missing:$missing" >&2
	exit 1
fi
if [ "$(id -u)" != 0 ]; then
	echo "deps: missing:$missing" >&2
	echo "deps: run as root: $installer$missing" >&2
	exit 1
fi
echo "deps: installing:$missing" >&2
if [ "$kind" = deb ]; then
	export DEBIAN_FRONTEND=noninteractive
	# A fresh image has empty package lists; a failed update is not fatal
	# when the lists are already there.
	apt-get update -qq >&2 || true
fi
# shellcheck disable=SC2086
$installer $missing >&2 || { echo "deps: '$installer$missing' failed" >&2; exit 1; }
exit 0
