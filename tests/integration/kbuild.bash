# shellcheck shell=bash
# Helpers for the kernel build tests (kbuild_*.sh); source it after
# lib.bash.  Named .bash so tests/run.sh does not run it.
KB=${KB:-$PWD/kernel}
TARBALL=$(ls /usr/src/linux-source-*.tar.xz 2>/dev/null | sort -V | tail -1)

# kb_need: the packages and the source tarball, else skip with the reason.
kb_need() {
	"$KB/build-deps.sh" "$@" >"$T/deps.log" 2>&1 ||
		skip "kernel build dependencies missing: $(tail -1 "$T/deps.log")"
	TARBALL=$(ls /usr/src/linux-source-*.tar.xz 2>/dev/null | sort -V | tail -1)
	[ -n "$TARBALL" ] || skip "no /usr/src/linux-source-*.tar.xz (linux-source-6.12)"
	SRC=$(. "$KB/build-lib.sh" && kb_unpack "$TARBALL") ||
		fail "cannot unpack $TARBALL"
}

# kb_patch N OF FILE SED SUBJECT: a format-patch style mail changing FILE
# of $SRC (as already changed by earlier patches in $T/tree) by SED.
kb_patch() {
	local n=$1 of=$2 f=$3 sed=$4 subj=$5
	mkdir -p "$T/tree/$(dirname "$f")"
	[ -f "$T/tree/$f" ] || cp "$SRC/$f" "$T/tree/$f"
	cp "$T/tree/$f" "$T/tree/$f.new"
	sed -i "$sed" "$T/tree/$f.new"
	printf 'From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001\n'
	printf 'From: mmbench test <mmbench@localhost>\n'
	printf 'Date: Mon, 1 Jan 2024 00:00:00 +0000\n'
	printf 'Subject: [PATCH %s/%s] %s\n\n%s\n---\n' "$n" "$of" "$subj" "$subj"
	printf 'diff --git a/%s b/%s\n' "$f" "$f"
	diff -u --label "a/$f" --label "b/$f" "$T/tree/$f" "$T/tree/$f.new"
	printf -- '-- \n2.39.5\n\n'
	mv "$T/tree/$f.new" "$T/tree/$f"
}

# The one-patch series the slow test builds: a line in the boot log.
kb_good_patch() {
	kb_patch "${1:-1}" "${2:-1}" mm/huge_memory.c \
		'/^static int __init hugepage_init(void)$/,/^$/{/^$/a\
	pr_info("mmbench: test series applied\\n");\

}' "mm: huge_memory: say hello at init (mmbench test)"
}

# A patch whose context is not in the base: it must not apply.
kb_bad_patch() {
	kb_patch "$1" "$2" mm/vmscan.c '1s/^/x/' "mm: vmscan: against another tree" |
		sed '/^@@/,/^-- $/s/^ \(.*\)/ \1 (not in the base)/'
}
