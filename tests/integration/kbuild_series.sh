#!/bin/bash
# A series is split, recorded and applied to a copy of the base, on a
# plain source tree (patch -p1) and on a git tree (git am); a patch that
# does not apply stops the build with its subject, its file and exit 3;
# a lore message-id without b4 or network is skipped with the reason.
# About 20 s (copies of the tree are hard links).
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/kbuild.bash"
kb_need source

# prep NAME VAR=VAL..: build-kernel.sh STOP=prepare; exit code in RC.
prep() {
	local name=$1
	shift
	RC=0
	env KSRC="$TARBALL" KOUT="$T/$name" STOP=prepare "$@" \
		"$KB/build-kernel.sh" >"$T/$name.out" 2>"$T/$name.err" || RC=$?
}

kb_good_patch >"$T/good.mbox"
rm -rf "$T/tree"
{ kb_good_patch 1 2; kb_bad_patch 2 2; } >"$T/bad.mbox"
mkdir "$T/dir"
rm -rf "$T/tree"
kb_good_patch >"$T/dir/0001-hello.patch"
kb_bad_patch 2 2 >"$T/dir/0002-vmscan.patch"

# Plain tree, good series: applied to the copy, the cached tree untouched.
prep good SERIES="$T/good.mbox"
[ $RC = 0 ] || { cat "$T/good.err"; fail "good series: exit $RC"; }
grep -q 'mmbench: test series applied' "$T/good/src-series/mm/huge_memory.c" ||
	fail "the patch is not in the series tree"
grep -q 'mmbench: test series applied' "$SRC/mm/huge_memory.c" \
	"$T/good/src-base/mm/huge_memory.c" &&
	fail "the patch leaked into a base tree"
[ "$(readlink -f "$T/good/series")" = "$T/good/src-series/mmbench-build" ] ||
	fail "series build dir is not inside its tree"
grep -q '"subject":"\[PATCH 1/1\] mm: huge_memory: say hello' \
	"$T/good/series.d/applied.jsonl" || fail "patch not recorded"

# Plain tree, mbox whose second patch does not apply.
prep bad SERIES="$T/bad.mbox"
cat "$T/bad.err"
[ $RC = 3 ] || fail "bad mbox: exit $RC, not 3"
grep -q 'does not apply: patch 2/2 "\[PATCH 2/2\] mm: vmscan: against another tree" (bad.mbox#2)' \
	"$T/bad.err" || fail "the failing patch is not named"

# Directory of patches: the file name is given.
prep baddir SERIES="$T/dir"
[ $RC = 3 ] || fail "bad directory: exit $RC, not 3"
grep -q '(0002-vmscan.patch)' "$T/baddir.err" || fail "file not named: $(cat "$T/baddir.err")"

# A git tree: a small one with the two files the patches touch.
g=$T/git
mkdir -p "$g/mm"
cp "$SRC/Makefile" "$SRC/Kconfig" "$g/"
cp "$SRC/mm/huge_memory.c" "$SRC/mm/vmscan.c" "$g/mm/"
git -C "$g" init -q && git -C "$g" add -A &&
	git -C "$g" -c user.name=t -c user.email=t@t commit -qm base ||
	fail "cannot make a git tree"
base=$(git -C "$g" rev-parse HEAD)
RC=0
KSRC=$g KOUT=$T/gitgood SERIES=$T/good.mbox STOP=prepare \
	"$KB/build-kernel.sh" 2>"$T/gitgood.err" || RC=$?
[ $RC = 0 ] || { cat "$T/gitgood.err"; fail "git, good series: exit $RC"; }
wt=$T/gitgood/src-series
[ "$(git -C "$wt" rev-parse HEAD~1)" = "$base" ] || fail "series not on the base"
git -C "$wt" log -1 --format=%s | grep -q '^mm: huge_memory: say hello' ||
	fail "git am did not commit the patch"
grep -q "\"commit\":\"$(git -C "$wt" rev-parse HEAD)\"" \
	"$T/gitgood/series.d/applied.jsonl" || fail "commit not recorded"
[ "$(git -C "$g" rev-parse HEAD)" = "$base" ] || fail "the user's tree moved"
RC=0
KSRC=$g KOUT=$T/gitbad SERIES=$T/bad.mbox STOP=prepare \
	"$KB/build-kernel.sh" 2>"$T/gitbad.err" || RC=$?
[ $RC = 3 ] || fail "git, bad series: exit $RC, not 3"
grep -q '"\[PATCH 2/2\] mm: vmscan: against another tree" (bad.mbox#2)' \
	"$T/gitbad.err" || fail "git: failing patch not named: $(cat "$T/gitbad.err")"
[ -d "$(git -C "$T/gitbad/src-series" rev-parse --git-path rebase-apply)" ] &&
	fail "git am left in progress"
RC=0
KSRC=$g BASE=no-such-ref KOUT=$T/gitref STOP=prepare \
	"$KB/build-kernel.sh" 2>"$T/gitref.err" || RC=$?
[ $RC = 2 ] || fail "unknown BASE: exit $RC, not 2"

# Usage errors, before anything is done.
prep u1 SERIES="$T/none.mbox"
[ $RC = 2 ] || fail "missing series file: exit $RC, not 2"
prep u2 BASE=v6.12
[ $RC = 2 ] && grep -q 'needs a git tree' "$T/u2.err" || fail "BASE on a plain tree: exit $RC"
prep u3 ARCH=riscv
[ $RC = 2 ] && grep -q 'accepted values are x86_64 and arm64' "$T/u3.err" ||
	fail "ARCH=riscv: exit $RC"

# A lore message-id: b4 is not installed here, or lore is out of reach.
prep lore SERIES=20241001000000.1-1-nobody@example.org
cat "$T/lore.err"
[ $RC = 4 ] || fail "message-id without b4/network: exit $RC, not 4"
grep -q -E 'b4 is not installed|b4 am .* failed' "$T/lore.err" || fail "no reason given"
exit 0
