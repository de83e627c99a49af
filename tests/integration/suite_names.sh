#!/bin/bash
# `mmbench suite NAME` finds NAME.wl where the binary's workloads are:
# the installed share/mmbench/workloads after `make install PREFIX=dir`,
# and the tree's workloads/ for build/mmbench, from any directory (as
# `make bench WORKLOAD=quick` does in the tree).  An override no line
# takes (exit 2) proves which file was read without running it.
. "$(dirname "$0")/lib.bash"
require_idle
REPO=$(cd "$(dirname "$0")/../.." && pwd)
O=$(cd "$(dirname "$MMBENCH")" && pwd)
P=$T/prefix
make -s -C "$REPO" O="$O" -o "$O/mmbench" install PREFIX="$P" >"$T/make.out" 2>&1 ||
	{ cat "$T/make.out"; fail "make install PREFIX=$P failed"; }
cd "$T" || fail "cd $T"

# try NAME BINARY WANT: suite NAME with an override nothing takes must
# read WANT (a path) and exit 2 without running anything.
try() {
	RC=0
	"$2" suite "$1" nosuch=1 >"$T/s.out" 2>"$T/s.err" || RC=$?
	[ "$RC" = 2 ] && grep -q "nosuch=1: no benchmark in $3 takes it" "$T/s.err" ||
		{ cat "$T/s.err"; fail "$2 suite $1: exit $RC, not reading $3"; }
}
try quick "$P/bin/mmbench" "$P/bin/../share/mmbench/workloads/quick.wl"
try quick.wl "$P/bin/mmbench" "$P/bin/../share/mmbench/workloads/quick.wl"
try unmap-reclaim "$P/bin/mmbench" "$P/bin/../share/mmbench/workloads/unmap-reclaim.wl"
try quick "$MMBENCH" "$O/../workloads/quick.wl"
# A file by that name here is what the user meant.
printf 'anon-fault size=4K\n' >"$T/quick"
try quick "$P/bin/mmbench" "quick"
rm -f "$T/quick"

# An unknown name: exit 2, and where it was looked for.
RC=0
"$P/bin/mmbench" suite nosuch-wl >"$T/n.out" 2>"$T/n.err" || RC=$?
[ "$RC" = 2 ] || { cat "$T/n.err"; fail "an unknown workload exited $RC, not 2"; }
grep -q "cannot open workload nosuch-wl: No such file or directory (looked for nosuch-wl, $P/bin/../share/mmbench/workloads/nosuch-wl.wl" "$T/n.err" ||
	{ cat "$T/n.err"; fail "an unknown workload: no list of where it was looked for"; }
# A path is only itself.
RC=0
"$P/bin/mmbench" suite ./quick >"$T/p.out" 2>"$T/p.err" || RC=$?
[ "$RC" = 2 ] || { cat "$T/p.err"; fail "./quick (no such file here) exited $RC, not 2"; }
[ -e "$STATE" ] && fail "a suite that never ran left $STATE"
echo "ok"
