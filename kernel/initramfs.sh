#!/bin/bash
# Build the mmbench guest's initramfs (a gzipped newc cpio).
#
#   kernel/initramfs.sh --arch x86_64|arm64 --mmbench BIN
#       --env FILE --workload FILE --out FILE.cpio.gz
#       [--moddir lib/modules/RELEASE] [--modules "NAME.."]
#       [--manifest FILE] [--mkfs ext4|xfs]
#
# mmbench goes in with the shared libraries it needs (found through the
# ELF NEEDED entries, so libraries added to the build later come along by
# themselves) and its dynamic loader; busybox (static) for everything
# else; with --mkfs, scripts/pmem-setup and mkfs.ext4 (e2fsprogs' mke2fs:
# the guest's pmem, and the ext4 its /tmp gets), and for xfs mkfs.xfs
# (Debian's xfsprogs for the guest's architecture, with the libraries it
# needs); the named modules with their dependencies, decompressed, in load
# order (/etc/mmbench/modules); kernel/init as /init.
# Exit: 0 ok, 1 failure, 2 usage.
set -u
here=$(cd "$(dirname "$0")" && pwd)
CACHE=${MMBENCH_KERNEL_CACHE:-/var/cache/mmbench/kernels}
arch="" mmbench="" envf="" workload="" out="" moddir="" modules=""
manifest="" mkfs=""

usage() {
	sed -n '4,7p' "$0" | sed 's/^# \{0,1\}//' >&2
	exit 2
}
die() {
	echo "initramfs: $*" >&2
	exit 1
}

while [ $# -gt 0 ]; do
	[ $# -ge 2 ] || usage
	case $1 in
	--arch) arch=$2 ;;
	--mmbench) mmbench=$2 ;;
	--env) envf=$2 ;;
	--workload) workload=$2 ;;
	--out) out=$2 ;;
	--moddir) moddir=$2 ;;
	--modules) modules=$2 ;;
	--manifest) manifest=$2 ;;
	--mkfs) mkfs=$2 ;;
	*) usage ;;
	esac
	shift 2
done
[ -n "$arch" ] && [ -n "$mmbench" ] && [ -n "$envf" ] &&
	[ -n "$workload" ] && [ -n "$out" ] || usage
case $mkfs in
""|ext4|xfs) ;;
*) echo "initramfs: --mkfs $mkfs: ext4 or xfs" >&2; exit 2 ;;
esac

case $arch in
x86_64) triplet=x86_64-linux-gnu debarch=amd64
	libdirs="/lib/x86_64-linux-gnu /usr/lib/x86_64-linux-gnu /lib64" ;;
arm64) triplet=aarch64-linux-gnu debarch=arm64
	libdirs="/usr/aarch64-linux-gnu/lib /lib/aarch64-linux-gnu
		 /usr/lib/aarch64-linux-gnu" ;;
*) echo "initramfs: unknown arch '$arch' (x86_64 or arm64)" >&2; exit 2 ;;
esac

root=$(mktemp -d "${TMPDIR:-/tmp}/mmbench-initramfs.XXXXXX") || exit 1
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,etc/mmbench,lib/$triplet,proc,sys,dev,run,tmp} || exit 1

# deb_file PKG PATH: PATH from the guest architecture's build of Debian
# package PKG, unpacked once into the cache (busybox-static, e2fsprogs,
# xfsprogs: executables that cannot be installed next to the host's own,
# or that the host need not have).
deb_file() {
	local d=$CACHE/$1:$debarch t
	if [ ! -e "$d/$2" ]; then
		mkdir -p "$CACHE" || return 1
		t=$(mktemp -d "$CACHE/.deb.XXXXXX") || return 1
		(cd "$t" && apt-get download -q -o APT::Sandbox::User=root \
			"$1:$debarch" >&2) &&
			dpkg-deb -x "$t"/*.deb "$t/root" &&
			rm -rf "$d" && mv "$t/root" "$d"
		rm -rf "$t"
	fi
	[ -e "$d/$2" ] || die "no $debarch $2 (apt-get download $1:$debarch failed)"
	echo "$d/$2"
}

# deb_libs PKG..: each library package unpacked into the cache like
# deb_file, and its directory searched by find_lib: libraries an
# executable from deb_file needs that neither the host nor the arm64
# -dev packages (kernel/deps.sh) bring.
deb_libs() {
	local p f
	for p; do
		f=$(deb_file "$p" "usr/share/doc/$p") || return 1
		libdirs="$libdirs ${f%/usr/share/doc/*}/usr/lib/$triplet ${f%/usr/share/doc/*}/lib/$triplet"
	done
}

# target_bin HOST-NAME PKG PATH: the host's executable for x86-64, else
# the arm64 one from the package.
target_bin() {
	if [ "$arch" = x86_64 ]; then
		command -v "$1" || PATH=$PATH:/sbin:/usr/sbin command -v "$1" ||
			die "no $1 (kernel/deps.sh installs it)"
	else
		deb_file "$2" "$3"
	fi
}

# find_lib NAME: the library file in the target's multiarch directories.
find_lib() {
	local d
	for d in $libdirs; do
		[ -e "$d/$1" ] && { echo "$d/$1"; return 0; }
	done
	return 1
}

# add_elf FILE: the shared libraries FILE needs, recursively, into
# /lib/<triplet>.
add_elf() {
	local lib path
	for lib in $(readelf -d "$1" 2>/dev/null |
		     sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
		[ -e "$root/lib/$triplet/$lib" ] && continue
		path=$(find_lib "$lib") || die "$1 needs $lib, not found in $libdirs"
		cp -L "$path" "$root/lib/$triplet/$lib" || return 1
		add_elf "$path" || return 1
	done
}

bb=$(target_bin busybox busybox-static bin/busybox) || exit 1
cp "$bb" "$root/bin/busybox" || exit 1
cp "$here/init" "$root/init" && chmod 755 "$root/init" || exit 1
cp "$mmbench" "$root/bin/mmbench" || exit 1
add_elf "$mmbench" || die "cannot collect the libraries of $mmbench"
interp=$(readelf -l "$mmbench" |
	 sed -n 's/.*program interpreter: \(.*\)\]/\1/p')
if [ -n "$interp" ]; then
	src=$(find_lib "$(basename "$interp")") ||
		die "no dynamic loader $interp for $arch"
	mkdir -p "$root$(dirname "$interp")"
	cp -L "$src" "$root$interp" || exit 1
fi
cp "$envf" "$root/etc/mmbench/guest.env" || exit 1
cp "$workload" "$root/etc/mmbench/workload.wl" || exit 1
if [ -n "$manifest" ]; then
	cp "$manifest" "$root/etc/mmbench/mmbench-manifest.json" || exit 1
fi
if [ -n "$mkfs" ]; then
	cp "$here/../scripts/pmem-setup" "$root/bin/pmem-setup" &&
		chmod 755 "$root/bin/pmem-setup" || exit 1
	# As mkfs.ext4, which busybox has no applet of; mke2fs takes the
	# filesystem type from its name.
	m=$(target_bin mke2fs e2fsprogs sbin/mke2fs) || exit 1
	cp "$m" "$root/bin/mkfs.ext4" || exit 1
	add_elf "$m" || die "cannot collect the libraries of $m"
fi
if [ "$mkfs" = xfs ]; then
	# Debian 12's, for either architecture: the host need not have it.
	m=$(deb_file xfsprogs sbin/mkfs.xfs) || exit 1
	deb_libs libinih1 liburcu8 || exit 1
	cp "$m" "$root/bin/mkfs.xfs" || exit 1
	add_elf "$m" || die "cannot collect the libraries of $m"
fi

# Modules: each wanted name, its modules.dep closure depth first, so that
# every module comes after what it needs.  Built-in ones need nothing.
declare -A done_mod
load_order=()
mod_path() {	# NAME -> path in modules.dep (- and _ are the same)
	local n=${1//-/_}
	awk -F: -v n="$n" '{
		b = $1; sub(/.*\//, "", b); sub(/\.ko(\.[a-z]+)?$/, "", b)
		gsub(/-/, "_", b)
		if (b == n) { print $1; exit }
	}' "$moddir/modules.dep"
}
add_mod() {	# PATH (as in modules.dep)
	local p=$1 dep
	[ -n "${done_mod[$p]:-}" ] && return 0
	done_mod[$p]=1
	for dep in $(awk -F: -v p="$p" '$1 == p { print $2; exit }' \
		     "$moddir/modules.dep"); do
		add_mod "$dep" || return 1
	done
	load_order+=("$p")
}
if [ -n "$modules" ]; then
	[ -f "$moddir/modules.dep" ] || die "no modules.dep in '$moddir' (run depmod)"
	for m in $modules; do
		p=$(mod_path "$m")
		if [ -z "$p" ]; then
			grep -qE "/${m//[-_]/[-_]}\.ko" "$moddir/modules.builtin" 2>/dev/null ||
				echo "initramfs: module $m is neither built in nor in $moddir; going on without it" >&2
			continue
		fi
		add_mod "$p" || exit 1
	done
	mkdir -p "$root/lib/modules"
	for p in "${load_order[@]}"; do
		dst=${p%.xz}; dst=${dst%.zst}; dst=${dst%.gz}
		mkdir -p "$root/lib/modules/$(dirname "$dst")"
		case $p in
		*.xz) xz -dc "$moddir/$p" ;;
		*.zst) zstd -qdc "$moddir/$p" ;;
		*.gz) gzip -dc "$moddir/$p" ;;
		*) cat "$moddir/$p" ;;
		esac >"$root/lib/modules/$dst" || die "cannot decompress $p"
		echo "$dst" >>"$root/etc/mmbench/modules"
	done
fi

(cd "$root" && find . -print0 | LC_ALL=C sort -z |
	cpio --null -o -H newc --quiet -R 0:0) | gzip -1 >"$out.tmp" &&
	mv "$out.tmp" "$out" || die "cannot write $out"
