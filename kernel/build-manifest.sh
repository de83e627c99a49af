# shellcheck shell=bash
# mmbench-manifest.json: what a build is, written at the top of its O=
# dir (and next to the image once there is one).  The QEMU runner copies it
# into the guest and points $MMBENCH_KERNEL_MANIFEST at it; `make
# kernel-install` puts it at /boot/mmbench-manifest-<release>.json; mmbench
# records it in meta.json as kernel.manifest.  Source it after build-lib.sh.

# kb_series_id: a hash of the applied patches (patch-id where git has
# one, else the file's sha256), so a rebased series keeps its id.
kb_series_id() {
	jq -r '.patch_id // .sha256' "$SDIR/index.jsonl" | sha256sum |
		cut -c1-16
}

# kb_manifest VARIANT TREE OUT LOCALVERSION
kb_manifest() {
	local v=$1 tree=$2 out=$3 lv=$4 rel cc series=null src frags=()
	local f image=null built=null desc='' diff=''
	rel=$(kb_make "$tree" "$out" -s LOCALVERSION="$lv" kernelrelease \
		2>/dev/null) || die 1 "make kernelrelease failed in $out"
	cc=$(sed -n 's/^CONFIG_CC_VERSION_TEXT="\(.*\)"$/\1/p' "$out/.config")
	# KB_FRAGS: the fragments, when the caller merged others (the sweep's
	# lean config)
	local fl=("$KB_DIR/configs/mmbench.config" "$KB_DIR/configs/$KARCH.config")
	[ -n "${KB_FRAGS+x}" ] && fl=("${KB_FRAGS[@]}")
	for f in "${fl[@]}"; do
		[ -f "$f" ] && frags+=("$(jq -nc --arg f "$f" --arg h "$(sha256 "$f")" \
			'{file: $f, sha256: $h}')")
	done
	if [ "$v" = series ]; then
		diff=$CONFIG_DIFF
		series=$(jq -s --arg in "$SERIES" --arg k "$SERIES_KIND" \
			--arg id "$(kb_series_id)" \
			'{input: $in, kind: $k, id: $id, count: length,
			  patches: .}' "$SDIR/applied.jsonl")
	fi
	[ "$SRC_KIND" = git ] && desc=$(git -C "$tree" describe --always --tags 2>/dev/null)
	src=$(jq -n --arg kind "$SRC_KIND" --arg path "$tree" --arg origin "$SRC" \
		--arg ver "$(kb_version "$tree")" --arg ref "${BASE:-}" \
		--arg commit "$BASE_COMMIT" --arg desc "$desc" \
		--arg tb "$SRC_TARBALL" --arg pkg "$SRC_PKG" --arg pv "$SRC_PKG_VER" \
		'def opt: if . == "" then null else . end;
		 {kind: $kind, path: $path, origin: $origin, version: $ver,
		  base_ref: ($ref | opt), base_commit: ($commit | opt),
		  describe: ($desc | opt), tarball: ($tb | opt),
		  package: ($pkg | opt), package_version: ($pv | opt)}')
	if [ -f "$out/$KIMAGE" ]; then
		image="\"$KIMAGE\""
		built=$(jq -n --arg at "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
			--argjson s "${BUILD_SECONDS:-0}" --arg h "$(hostname)" \
			--arg m "$(git -C "$KB_DIR" describe --always --dirty 2>/dev/null)" \
			--arg inc "$([ "$v" = series ] && echo "${INCREMENTAL:-}")" \
			'{at: $at, seconds: $s, host: $h, mmbench_version: $m,
			  from_objects_of: (if $inc == "" then null else $inc end)}')
	fi
	jq -n --arg v "$v" --arg arch "$KARCH" --arg rel "$rel" \
		--argjson image "$image" --arg out "$out" --argjson src "$src" \
		--argjson series "$series" --arg csha "$(sha256 "$out/.config")" \
		--arg cbase "$CONFIG" --arg cbsha "$([ -f "$CONFIG" ] && sha256 "$CONFIG")" \
		--argjson frags "[$(IFS=,; echo "${frags[*]}")]" \
		--arg diff "$diff" --arg cc "$cc" --argjson built "$built" \
		'{mmbench_manifest: 1, variant: $v, arch: $arch,
		  kernel_release: $rel, image: $image, build_dir: $out,
		  source: $src, series: $series,
		  config: {sha256: $csha, base: $cbase,
			   base_sha256: (if $cbsha == "" then null else $cbsha end),
			   fragments: $frags,
			   same_as_base: ($diff == ""),
			   differences: ($diff | split("\n") | map(select(. != "")))},
		  compiler: $cc, built: $built}' >"$out/mmbench-manifest.json.tmp" &&
		mv "$out/mmbench-manifest.json.tmp" "$out/mmbench-manifest.json" ||
		die 1 "cannot write $out/mmbench-manifest.json"
	if [ -f "$out/$KIMAGE" ]; then
		cp "$out/mmbench-manifest.json" "$(dirname "$out/$KIMAGE")/" ||
			die 1 "cannot copy the manifest next to $KIMAGE"
	fi
	return 0
}
