# shellcheck shell=bash
# A patch series: split it into patches, record them, apply them.  Source
# it after build-lib.sh.
#
# SERIES is an mbox (git format-patch --stdout, b4 am output, a saved
# thread), a directory of patches (*.patch, *.diff, *.eml, applied in name
# order), or a lore message-id fetched with `b4 am`.

# shellcheck disable=SC2034 # SERIES_KIND and SERIES_COUNT are for the caller
# kb_series_fetch MSGID DIR: b4 am into DIR; prints the mbox path.
kb_series_fetch() {
	local id=$1 dir=$2 mbx
	command -v b4 >/dev/null ||
		die 4 "SERIES=$id looks like a lore message-id but b4 is not installed (Debian: b4); save the thread as an mbox and pass that"
	mkdir -p "$dir/b4"
	if ! b4 am -q -o "$dir/b4" -n series "$id" >"$dir/b4.log" 2>&1; then
		tail -5 "$dir/b4.log" >&2
		die 4 "b4 am $id failed (no network to lore.kernel.org?); save the thread as an mbox and pass that"
	fi
	mbx=$dir/b4/series.mbx
	[ -s "$mbx" ] || die 4 "b4 am $id wrote no patches"
	echo "$mbx"
}

# kb_series_split SERIES DIR: DIR/NNNN.patch for each patch and
# DIR/index.jsonl, one object per patch: index, subject, file, sha256,
# patch_id.  Cover letters (no diff) are left out.  Sets SERIES_KIND.
kb_series_split() {
	local in=$1 dir=$2 f n=0 i subj name pid list=()
	rm -rf "$dir"
	mkdir -p "$dir/raw" || die 1 "cannot create $dir"
	if [ -d "$in" ]; then
		SERIES_KIND=dir
		mapfile -t list < <(find "$in" -maxdepth 1 -type f \
			\( -name '*.patch' -o -name '*.diff' -o -name '*.eml' \) |
			LC_ALL=C sort)
		[ ${#list[@]} -gt 0 ] ||
			die 2 "SERIES=$in: no *.patch, *.diff or *.eml files in it"
		for f in "${list[@]}"; do
			n=$((n + 1))
			cp "$f" "$dir/raw/$(printf %04d $n)"
			echo "$(basename "$f")" >"$dir/raw/$(printf %04d $n).name"
		done
	else
		if [ -f "$in" ]; then
			SERIES_KIND=mbox
		else
			case $in in
			*@* | https://lore.kernel.org/*) ;;
			*) die 2 "SERIES=$in: no such file or directory; give an mbox, a directory of patches or a lore message-id" ;;
			esac
			SERIES_KIND=lore
			in=$(kb_series_fetch "$in" "$dir") || exit
		fi
		git mailsplit -b -o"$dir/raw" "$in" >/dev/null ||
			die 2 "SERIES=$in: not an mbox or a patch"
		for f in "$dir"/raw/[0-9][0-9][0-9][0-9]; do
			echo "$(basename "$in")#$((10#$(basename "$f")))" >"$f.name"
		done
	fi
	: >"$dir/index.jsonl"
	i=0
	for f in "$dir"/raw/[0-9][0-9][0-9][0-9]; do
		name=$(cat "$f.name")
		subj=$(git mailinfo -k /dev/null /dev/null <"$f" 2>/dev/null |
			sed -n 's/^Subject: //p')
		if ! grep -q '^+++ ' "$f"; then
			note "skipping ${subj:-$name}: no diff in it (cover letter?)"
			continue
		fi
		i=$((i + 1))
		cp "$f" "$dir/$(printf %04d $i).patch"
		pid=$(git patch-id --stable <"$f" 2>/dev/null | cut -d' ' -f1)
		jq -nc --argjson i "$i" --arg s "${subj:-$name}" --arg f "$name" \
			--arg h "$(sha256 "$f")" --arg p "$pid" \
			'{index: $i, subject: $s, file: $f, sha256: $h,
			  patch_id: (if $p == "" then null else $p end)}' \
			>>"$dir/index.jsonl"
	done
	[ "$i" -gt 0 ] || die 2 "SERIES=$1: no patch with a diff in it"
	SERIES_COUNT=$i
}

# kb_patch_failed N WHY LOG: stop, naming the patch (subject and file).
kb_patch_failed() {
	local rec
	rec=$(sed -n "${1}p" "$SDIR/index.jsonl")
	sed 's/^/    /' "$3" | head -20 >&2
	die 3 "series does not apply: patch $1/$SERIES_COUNT \"$(jq -r .subject <<<"$rec")\" ($(jq -r .file <<<"$rec")) $2"
}

# kb_series_apply TREE: apply $SDIR's patches to TREE (git am on a git
# worktree, patch -p1 on a plain tree).  Writes $SDIR/applied.jsonl (the
# index plus, on git, each commit) and $SDIR/touched (files changed).
kb_series_apply() {
	local tree=$1 p n=0 log=$SDIR/apply.log rec commit
	: >"$SDIR/applied.jsonl"
	: >"$SDIR/touched"
	for p in "$SDIR"/[0-9][0-9][0-9][0-9].patch; do
		n=$((n + 1))
		rec=$(sed -n "${n}p" "$SDIR/index.jsonl")
		commit=
		if [ "$SRC_KIND" = git ]; then
			if grep -q '^Subject:' "$p"; then
				if ! git -C "$tree" -c user.name=mmbench \
					-c user.email=mmbench@localhost \
					am -q "$p" >"$log" 2>&1; then
					git -C "$tree" am --abort >/dev/null 2>&1
					kb_patch_failed $n "fails on $(git -C "$tree" rev-parse --short HEAD)" "$log"
				fi
			else
				git -C "$tree" apply --index "$p" >"$log" 2>&1 ||
					kb_patch_failed $n "fails on $(git -C "$tree" rev-parse --short HEAD)" "$log"
				git -C "$tree" -c user.name=mmbench \
					-c user.email=mmbench@localhost commit -q \
					-m "$(jq -r .subject <<<"$rec")" >"$log" 2>&1 ||
					kb_patch_failed $n "cannot be committed" "$log"
			fi
			commit=$(git -C "$tree" rev-parse HEAD)
			git -C "$tree" diff --name-only HEAD~1 HEAD >>"$SDIR/touched"
		else
			# Check first, so a failing patch leaves no half-applied
			# hunks behind (the tree is a private copy anyway).
			patch -d "$tree" -p1 -f --dry-run --no-backup-if-mismatch \
				<"$p" >"$log" 2>&1 ||
				kb_patch_failed $n "fails on the base" "$log"
			patch -d "$tree" -p1 -f --no-backup-if-mismatch \
				<"$p" >"$log" 2>&1 ||
				kb_patch_failed $n "fails on the base" "$log"
			sed -n "s/^patching file '\{0,1\}\([^']*\)'\{0,1\}$/\1/p" \
				"$log" >>"$SDIR/touched"
		fi
		jq -c --arg c "$commit" \
			'. + (if $c == "" then {} else {commit: $c} end)' \
			<<<"$rec" >>"$SDIR/applied.jsonl"
	done
	note "applied $n patch(es) to $tree"
}
