# shellcheck shell=bash
# shellcheck disable=SC2034 # STOPPED and STOP_RC are the caller's
# The series sweep's one tree, moved from prefix to prefix of the series
# with patch(1), and its objects kept in step with it.  Source it after
# build-lib.sh and build-series.sh; kernel/series-sweep sets TREE, OBJ,
# KOUT, SDIR, SRC, SRC_KIND, BASE_COMMIT.
#
# State under KOUT: applied/NNNN.patch, the patches the tree has now, in
# order; touched, every file a patch ever changed in this tree; built.sums,
# "sha256 mtime path" of those files when the objects were last built.
#
# Why the sums: going back (a bisection step, or the next sweep starting
# from the base) rewrites files, and make would rebuild everything that
# includes them by their new mtime.  A file whose content is what the
# objects were built from gets its old mtime back; every other one is
# made newer than the objects, so nothing stale survives either.

# sw_patch_name K: ' "subject" (file)' of patch K, or nothing for 0.
sw_patch_name() {
	local rec
	[ "$1" -gt 0 ] || return 0
	rec=$(sed -n "${1}p" "$SDIR/index.jsonl")
	printf ' (patch %s/%s "%s", %s)' "$1" "$SERIES_COUNT" \
		"$(jq -r .subject <<<"$rec")" "$(jq -r .file <<<"$rec")"
}

# sw_patch FILE [-R]: apply (or revert) one patch, checked first so a
# failure leaves the tree as it was; records the files it touched.
sw_patch() {
	local p=$1 log=$KOUT/patch.log
	shift
	patch -d "$TREE" -p1 -f --dry-run --no-backup-if-mismatch "$@" \
		<"$p" >"$log" 2>&1 || return 1
	patch -d "$TREE" -p1 -f --no-backup-if-mismatch "$@" \
		<"$p" >"$log" 2>&1 || return 1
	sed -n "s/^patching file '\{0,1\}\([^']*\)'\{0,1\}$/\1/p" "$log" \
		>>"$KOUT/touched"
}

sw_count() {
	find "$KOUT/applied" -name '[0-9][0-9][0-9][0-9].patch' 2>/dev/null |
		wc -l
}

# sw_revert_all: back to the base; 1 when the tree is not what the
# records say (then the caller copies it afresh).
sw_revert_all() {
	local i
	for ((i = $(sw_count); i > 0; i--)); do
		sw_patch "$KOUT/applied/$(printf %04d $i).patch" -R || return 1
		rm -f "$KOUT/applied/$(printf %04d $i).patch"
	done
}

# sw_tree_prepare: TREE at the base, with its objects kept.
sw_tree_prepare() {
	local fresh=0
	mkdir -p "$KOUT/applied" && touch "$KOUT/touched" ||
		die 1 "cannot write in $KOUT"
	if [ "$SRC_KIND" = git ]; then
		kb_tree_at "$TREE"
		git -C "$TREE" clean -fdq -e /mmbench-build ||
			die 1 "cannot clean $TREE"
		rm -f "$KOUT"/applied/*.patch
	else
		kb_origin
		if [ "$(cat "$TREE/.mmbench-origin" 2>/dev/null)" != "$ORIGIN" ]; then
			# another source: its objects are worth nothing
			rm -rf "$TREE" "$KOUT/built.sums" "$KOUT"/applied/*.patch
			fresh=1
		elif ! sw_revert_all; then
			note "$TREE is not what $KOUT/applied says; copying it afresh (its objects are kept)"
			fresh=2
		fi
		if [ $fresh != 0 ]; then
			[ -d "$OBJ" ] && mv "$OBJ" "$KOUT/obj.keep"
			kb_copy_tree "$TREE"
			[ -d "$KOUT/obj.keep" ] && mv "$KOUT/obj.keep" "$OBJ"
			rm -f "$KOUT"/applied/*.patch
		fi
	fi
	sw_mtimes
}

# sw_goto K: the tree at prefix K.  A patch that does not apply stops
# the sweep (STOPPED, STOP_RC=3) with the tree left at the prefix before.
sw_goto() {
	local k=$1 cur i p
	cur=$(sw_count)
	for ((i = cur; i > k; i--)); do
		sw_patch "$KOUT/applied/$(printf %04d $i).patch" -R || {
			STOPPED="cannot revert$(sw_patch_name "$i") in $TREE: remove $KOUT and sweep again"
			STOP_RC=1
			return 1
		}
		rm -f "$KOUT/applied/$(printf %04d $i).patch"
	done
	for ((i = cur + 1; i <= k; i++)); do
		p=$SDIR/$(printf %04d $i).patch
		if ! sw_patch "$p"; then
			sed 's/^/    /' "$KOUT/patch.log" | head -20 >&2
			STOPPED="series does not apply:$(sw_patch_name "$i" | sed 's/^ (\(.*\))$/ \1/') fails on prefix $((i - 1))"
			STOP_RC=3
			sw_mtimes
			return 1
		fi
		cp "$p" "$KOUT/applied/$(printf %04d $i).patch"
	done
	sw_mtimes
}

# sw_mtimes: the rule of the header comment, for every touched file.
sw_mtimes() {
	local f sum old
	sort -u -o "$KOUT/touched" "$KOUT/touched"
	while IFS= read -r f; do
		[ -e "$TREE/$f" ] || continue
		sum=$(sha256 "$TREE/$f")
		old=$(awk -v f="$f" -v s="$sum" '$3 == f && $1 == s { print $2 }' \
			"$KOUT/built.sums" 2>/dev/null)
		if [ -n "$old" ]; then
			touch -d "@$old" "$TREE/$f"
		else
			touch "$TREE/$f"
		fi
	done <"$KOUT/touched"
	return 0
}

# sw_built: the objects now match the tree; remember its touched files.
sw_built() {
	local f
	: >"$KOUT/built.sums.tmp"
	while IFS= read -r f; do
		[ -e "$TREE/$f" ] || continue
		echo "$(sha256 "$TREE/$f") $(stat -c %Y "$TREE/$f") $f" \
			>>"$KOUT/built.sums.tmp"
	done <"$KOUT/touched"
	mv "$KOUT/built.sums.tmp" "$KOUT/built.sums"
}
