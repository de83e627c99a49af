#!/bin/bash
# Build a base kernel and base+series with identical configs, out of tree.
# `make kernel` runs this; the variables are the same:
#
#   KSRC=   git tree, plain source tree or .tar.* tarball
#	    (default: the newest /usr/src/linux-source-*.tar.xz)
#   BASE=   git ref to build on (git trees only; default HEAD)
#   SERIES= mbox, directory of patches, or lore message-id (b4 am);
#	    empty: build the base only
#   ARCH=   x86_64 (default) or arm64 (cross: aarch64-linux-gnu-)
#   CONFIG= base config file, or make targets (default "defconfig
#	    kvm_guest.config"); kernel/configs/ fragments go on top
#   KOUT=   output (default build/kernel/ARCH): base/ and series/ are the
#	    O= build dirs, each with mmbench-manifest.json at its top
#   JOBS=   make -j (default: online CPUs)
#   FULL=1  build the series from scratch, not from a copy of base's objects
#   STOP=   prepare (split and apply the series) or config (also write
#	    and check both configs and manifests); empty: build
#
# Exit: 0 ok, 1 failure, 2 usage, 3 a patch does not apply (named),
# 4 skipped (no cross compiler, no b4 or network for a message-id).
set -u
# shellcheck source=kernel/build-lib.sh
. "$(dirname "$0")/build-lib.sh"
# shellcheck source=kernel/build-series.sh
. "$KB_DIR/build-series.sh"
# shellcheck source=kernel/build-manifest.sh
. "$KB_DIR/build-manifest.sh"

case ${1:-} in
-h | --help) sed -n '2,23s/^# \{0,1\}//p' "$0"; exit 0 ;;
"") ;;
*) die 2 "no arguments; settings are variables: KSRC= BASE= SERIES= ARCH= CONFIG= KOUT= JOBS= STOP= (see --help)" ;;
esac

ARCH=${ARCH:-x86_64}
case $ARCH in
x86_64 | amd64 | arm64 | aarch64) ;;
*) die 2 "ARCH=$ARCH: accepted values are x86_64 and arm64" ;;
esac
need=
[ -z "${KSRC:-}" ] && need=source
"$KB_DIR/build-deps.sh" "$ARCH" $need ||
	die 4 "missing build dependencies (see above)"
KSRC=${KSRC:-$(ls /usr/src/linux-source-*.tar.xz 2>/dev/null | sort -V | tail -1)}
[ -n "$KSRC" ] || die 2 "KSRC= is required (no /usr/src/linux-source-*.tar.xz; Debian: apt-get install linux-source-6.12)"
BASE=${BASE:-}
SERIES=${SERIES:-}
CONFIG=${CONFIG:-defconfig kvm_guest.config}
JOBS=${JOBS:-$(nproc)}
STOP=${STOP:-}
case $STOP in
"" | prepare | config) ;;
*) die 2 "STOP=$STOP: accepted values are prepare, config or empty" ;;
esac
case $JOBS in
'' | *[!0-9]* | 0) die 2 "JOBS=$JOBS: a positive number" ;;
esac
kb_arch "$ARCH"
# Relative paths are the user's, from where make was started.
[ -n "$SERIES" ] && [ -e "$SERIES" ] && SERIES=$(readlink -f "$SERIES")
[ -f "$CONFIG" ] && CONFIG=$(readlink -f "$CONFIG")
kb_source "$KSRC"
KOUT=${KOUT:-build/kernel/$KARCH}
mkdir -p "$KOUT" || die 1 "cannot create KOUT=$KOUT"
KOUT=$(readlink -f "$KOUT")
SDIR=$KOUT/series.d

BASE_COMMIT=
if [ "$SRC_KIND" = git ]; then
	BASE_COMMIT=$(git -C "$SRC" rev-parse --verify -q "${BASE:-HEAD}^{commit}") ||
		die 2 "BASE=$BASE: not a commit in $SRC"
elif [ -n "$BASE" ]; then
	die 2 "BASE=$BASE needs a git tree; $SRC is a plain source tree ($(kb_version "$SRC")): leave BASE empty"
fi

# Layout: KOUT/src-base and KOUT/src-series are private trees; each
# builds into its own mmbench-build/ (KOUT/base and KOUT/series link
# there).  With O= one level below the tree, kbuild names the tree ".."
# in every command, so base's objects are valid for the series tree too:
# the series build starts from a copy of base's and recompiles only what
# the series changed (FULL=1: build it from scratch instead).
OBJ=mmbench-build

# link NAME: KOUT/NAME -> src-NAME/mmbench-build
link() {
	[ -L "$KOUT/$1" ] || rm -rf "${KOUT:?}/$1"
	mkdir -p "$KOUT/src-$1/$OBJ" && ln -sfn "src-$1/$OBJ" "$KOUT/$1" ||
		die 1 "cannot make $KOUT/$1"
}

# Trees: base and base+series.  A series that does not apply stops here,
# before any compiling.  The base copy of an unpacked tarball is kept with
# its objects; a plain tree of the user's is copied afresh, as it may
# have changed.
BASE_SRC=$KOUT/src-base
SERIES_SRC=
if [ "$SRC_KIND" = git ]; then
	kb_tree_at "$BASE_SRC"
else
	kb_origin
	[ "$(cat "$BASE_SRC/.mmbench-origin" 2>/dev/null)" = "$ORIGIN" ] ||
		kb_copy_tree "$BASE_SRC"
fi
link base
if [ -n "$SERIES" ]; then
	kb_series_split "$SERIES" "$SDIR"
	SERIES_SRC=$KOUT/src-series
	if [ "$SRC_KIND" = git ]; then
		kb_tree_at "$SERIES_SRC"
	else
		kb_copy_tree "$SERIES_SRC"
	fi
	kb_series_apply "$SERIES_SRC"
	link series
fi
[ "$STOP" = prepare ] && exit 0

# series_config: base's .config through the series tree's olddefconfig.
series_config() {
	cp "$KOUT/base/.config" "$KOUT/series/.config"
	kb_make "$SERIES_SRC" "$KOUT/series" -s olddefconfig \
		>"$KOUT/series/config.log" 2>&1 || {
		tail -20 "$KOUT/series/config.log" >&2
		die 1 "make olddefconfig failed on the series tree"
	}
}

# Configs: generated once for the base; the series build starts from that
# very file, so only Kconfig changes in the series can make them differ.
"$KB_DIR/build-config.sh" generate "$BASE_SRC" "$KOUT/base" "$KARCH" "$CONFIG" ||
	exit
CONFIG_DIFF=
if [ -n "$SERIES_SRC" ]; then
	series_config
	"$KB_DIR/build-config.sh" check "$KOUT/series/.config" "$SERIES_SRC" "$KARCH" ||
		exit
	CONFIG_DIFF=$(diff <(grep '^CONFIG_' "$KOUT/base/.config") \
		<(grep '^CONFIG_' "$KOUT/series/.config") | grep '^[<>]')
	[ -n "$CONFIG_DIFF" ] &&
		note "the series changes the config (its Kconfig): $(echo "$CONFIG_DIFF" | tr '\n' ' ')"
fi
SERIES_ID=
[ -n "$SERIES_SRC" ] && SERIES_ID=$(kb_series_id)
BASE_LV=-mmbench-base
SERIES_LV=-mmbench-${SERIES_ID:0:8}
kb_manifest base "$BASE_SRC" "$KOUT/base" "$BASE_LV" || exit
[ -n "$SERIES_SRC" ] && { kb_manifest series "$SERIES_SRC" "$KOUT/series" "$SERIES_LV" || exit; }
[ "$STOP" = config ] && exit 0

# build VARIANT TREE LOCALVERSION: compile, then complete the manifest.
build() {
	local v=$1 tree=$2 lv=$3 out=$KOUT/$1 t0 rc
	note "building $v in $(readlink -f "$out") (make -j$JOBS; log in $out/build.log)"
	t0=$(date +%s)
	KBUILD_BUILD_USER=mmbench KBUILD_BUILD_HOST=mmbench \
		kb_make "$tree" "$out" -j"$JOBS" LOCALVERSION="$lv" \
		>"$out/build.log" 2>&1
	rc=$?
	if [ $rc != 0 ]; then
		grep -E 'error|Error' "$out/build.log" | head -20 >&2
		die 1 "the $v build failed (make exit $rc); see $out/build.log"
	fi
	[ -f "$out/$KIMAGE" ] || die 1 "the $v build made no $KIMAGE"
	BUILD_SECONDS=$(($(date +%s) - t0))
	kb_manifest "$v" "$tree" "$out" "$lv" || exit
	note "$v: $out/$KIMAGE ($(jq -r .kernel_release "$out/mmbench-manifest.json"), ${BUILD_SECONDS}s)"
}

build base "$BASE_SRC" "$BASE_LV"
if [ -n "$SERIES_SRC" ]; then
	INCREMENTAL=
	if [ "${FULL:-0}" != 1 ]; then
		# Start from base's objects; the files the series changed must
		# be newer than them, whenever the patches went in.
		INCREMENTAL=$(readlink -f "$KOUT/base")
		rm -rf "${SERIES_SRC:?}/$OBJ"
		cp -a --reflink=auto "$INCREMENTAL" "$SERIES_SRC/$OBJ" ||
			die 1 "cannot copy the base build"
		series_config
		sort -u "$SDIR/touched" | (cd "$SERIES_SRC" &&
			while IFS= read -r f; do [ -e "$f" ] && touch "$f"; done)
	fi
	build series "$SERIES_SRC" "$SERIES_LV"
fi
exit 0
