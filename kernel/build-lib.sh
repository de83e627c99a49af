# shellcheck shell=bash
# Helpers shared by kernel/build-*.sh; source it, do not run it.
#
# Exit codes used by the kernel build scripts (as mmbench's, plus one):
#   0 ok, 1 failure, 2 usage, 3 a patch of the series does not apply,
#   4 skipped (a missing tool or no network, with the reason).
# shellcheck disable=SC2034 # globals for the scripts that source it
[ "${BASH_SOURCE[0]}" = "$0" ] && { echo "helper library, not a command"; exit 2; }

KB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
KB_CACHE=${MMBENCH_SRC_CACHE:-/var/cache/mmbench/src}

die() {	# die CODE MESSAGE..
	local rc=$1
	shift
	echo "kbuild: $*" >&2
	exit "$rc"
}

note() {
	echo "kbuild: $*" >&2
}

sha256() {
	sha256sum "$1" | cut -d' ' -f1
}

# kb_arch ARCH: sets KARCH (kernel ARCH=), KCROSS (CROSS_COMPILE=) and
# KIMAGE (image path in the build dir) for x86_64 or arm64.
kb_arch() {
	local host
	host=$(uname -m)
	case $1 in
	x86_64 | amd64)
		KARCH=x86_64 KIMAGE=arch/x86/boot/bzImage KCROSS=
		[ "$host" = x86_64 ] || KCROSS=x86_64-linux-gnu-
		;;
	arm64 | aarch64)
		KARCH=arm64 KIMAGE=arch/arm64/boot/Image KCROSS=
		[ "$host" = aarch64 ] || KCROSS=aarch64-linux-gnu-
		;;
	*) die 2 "ARCH=$1: accepted values are x86_64 and arm64" ;;
	esac
	if [ -n "$KCROSS" ] && ! command -v "${KCROSS}gcc" >/dev/null; then
		die 4 "no cross compiler ${KCROSS}gcc (Debian: gcc-${KCROSS%-})"
	fi
}

# kb_make SRC OUT ARGS..: the kernel's make, out of tree, for KARCH.
kb_make() {
	local src=$1 out=$2
	shift 2
	make -C "$src" O="$out" ARCH="$KARCH" \
		${KCROSS:+CROSS_COMPILE=$KCROSS} "$@"
}

# kb_unpack TARBALL: unpack once into the cache (under a lock, into a
# temporary directory renamed at the end, so a killed unpack leaves no
# half tree); prints the tree's path.
kb_unpack() {
	local tb=$1 name dir stamp want
	name=$(basename "$tb")
	name=${name%.tar*}
	dir=$KB_CACHE/$name
	want="$(readlink -f "$tb") $(stat -c '%s %Y' "$tb")"
	mkdir -p "$KB_CACHE" || die 1 "cannot create $KB_CACHE"
	(
		flock 9
		stamp=$(cat "$dir/.mmbench-unpacked" 2>/dev/null)
		[ "$stamp" = "$want" ] && exit 0
		note "unpacking $tb into $dir (once; reused later)"
		rm -rf "$dir" "$dir.tmp"
		mkdir -p "$dir.tmp" &&
			tar -xf "$tb" -C "$dir.tmp" --strip-components=1 &&
			echo "$want" >"$dir.tmp/.mmbench-unpacked" &&
			mv "$dir.tmp" "$dir"
	) 9>"$KB_CACHE/.lock" || die 1 "cannot unpack $tb"
	echo "$dir"
}

# kb_source KSRC: resolve a git tree, a plain tree or a tarball.  Sets
# SRC (tree), SRC_KIND (git|plain), SRC_TARBALL, SRC_PKG, SRC_PKG_VER.
kb_source() {
	local k=$1 pkg
	SRC_TARBALL='' SRC_PKG='' SRC_PKG_VER=''
	[ -e "$k" ] || die 2 "KSRC=$k: no such file or directory; give a kernel git tree, a source tree or a .tar.* tarball"
	if [ -f "$k" ]; then
		case $k in
		*.tar | *.tar.*) ;;
		*) die 2 "KSRC=$k: not a directory or a .tar.* tarball" ;;
		esac
		SRC_TARBALL=$(readlink -f "$k")
		SRC=$(kb_unpack "$k") || exit
		pkg=$(dpkg-query -S "$SRC_TARBALL" 2>/dev/null | cut -d: -f1)
		if [ -n "$pkg" ]; then
			SRC_PKG=$pkg
			SRC_PKG_VER=$(dpkg-query -W -f '${Version}' "$pkg")
		fi
	else
		SRC=$(readlink -f "$k")
	fi
	[ -f "$SRC/Makefile" ] && [ -f "$SRC/Kconfig" ] ||
		die 2 "KSRC=$k: not a kernel source tree (no Makefile and Kconfig)"
	if [ "$(git -C "$SRC" rev-parse --show-toplevel 2>/dev/null)" = "$SRC" ]; then
		SRC_KIND=git
	else
		SRC_KIND=plain
	fi
}

# kb_version TREE: "6.12.117" from the top Makefile, without running make.
kb_version() {
	awk -F' *= *' '$1=="VERSION"{v=$2} $1=="PATCHLEVEL"{p=$2}
		$1=="SUBLEVEL"{s=$2} $1=="EXTRAVERSION"{e=$2}
		END{printf "%s.%s.%s%s\n", v, p, s, e}' "$1/Makefile"
}

# Private trees, for the scripts that patch: they use SRC, BASE_COMMIT
# (git) and ORIGIN (plain) as kb_source and the caller set them.
# kb_tree_at DIR: a private worktree of SRC at the base commit, reused (git
# rewrites only the files that differ, so rebuilds stay incremental).
kb_tree_at() {
	local wt=$1
	if [ -e "$wt/.git" ]; then
		git -C "$wt" am --abort >/dev/null 2>&1
		git -C "$wt" checkout -q -f --detach "$BASE_COMMIT" ||
			die 1 "cannot check out $BASE_COMMIT in $wt"
	else
		rm -rf "$wt"
		git -C "$SRC" worktree add -q -f --detach "$wt" "$BASE_COMMIT" ||
			die 1 "cannot add a worktree of $SRC at $wt"
	fi
}

# kb_origin: ORIGIN for the plain tree SRC, the same string as long as
# the unpacked source is the same.
kb_origin() {
	ORIGIN="$SRC $(cat "$SRC/.mmbench-unpacked" 2>/dev/null || date +%s.%N)"
}

# kb_copy_tree DIR: a private copy of the plain tree, hard links where the
# file system allows (patch(1) writes new files, the original is kept).
# ORIGIN names the source, for kb_copy_tree's caller to compare.
kb_copy_tree() {
	rm -rf "$1"
	cp -al "$SRC" "$1" 2>/dev/null || {
		rm -rf "$1"
		cp -a "$SRC" "$1" || die 1 "cannot copy $SRC to $1"
	}
	echo "$ORIGIN" >"$1/.mmbench-origin"
}
