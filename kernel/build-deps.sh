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

if command -v dpkg-query >/dev/null 2>&1; then
	pkgs=$deb installer="apt-get install -y"
	have() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null |
		grep -q 'install ok installed'; }
elif command -v rpm >/dev/null 2>&1; then
	pkgs=$rpm installer="dnf install -y"
	have() { rpm -q "$1" >/dev/null 2>&1; }
else
	echo "build-deps: neither dpkg nor rpm; install by hand: $deb" >&2
	exit 1
fi

missing=""
for p in $pkgs; do
	have "$p" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$check" = 1 ] || [ "$(id -u)" != 0 ]; then
	echo "build-deps: missing:$missing; as root: $installer$missing" >&2
	exit 1
fi
echo "build-deps: installing:$missing" >&2
if [ "$installer" = "apt-get install -y" ]; then
	export DEBIAN_FRONTEND=noninteractive
	# Another apt may hold the lock (a concurrent test): wait for it.
	apt-get -o DPkg::Lock::Timeout=300 update -qq >&2 || true
	installer="apt-get -o DPkg::Lock::Timeout=300 install -y"
fi
# shellcheck disable=SC2086
$installer $missing >&2 || {
	echo "build-deps: '$installer$missing' failed" >&2
	exit 1
}
exit 0
