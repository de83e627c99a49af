#!/bin/bash
# make series-sweep refuses bad input with exit 2 and a message naming the
# problem, before it builds, boots or creates anything.
. "$(dirname "$0")/lib.bash"
SW=$(cd "$(dirname "$0")/../../kernel" && pwd)/series-sweep
printf 'anon-fault size=4K mem=16M reps=2\n' >"$T/t.wl"
mkdir -p "$T/series"
printf 'Subject: [PATCH] x\n\n---\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n' >"$T/series/1.patch"

# bad WANT VAR=VALUE..: exit 2 with WANT in the message, nothing made.
bad() {
	local want=$1 rc=0
	shift
	env KOUT="$T/kout" OUT="$T/out" "$@" "$SW" >"$T/o" 2>"$T/e" || rc=$?
	[ $rc = 2 ] || fail "$*: exit $rc, want 2 ($(cat "$T/e"))"
	grep -q -- "$want" "$T/e" || fail "$*: the message does not say '$want': $(cat "$T/e")"
	[ ! -e "$T/kout" ] && [ ! -e "$T/out" ] || fail "$*: made $T/kout or $T/out"
}
bad 'SERIES= is required' WORKLOAD="$T/t.wl"
bad 'SERIES=/nonexistent: no such file' SERIES=/nonexistent WORKLOAD="$T/t.wl"
bad 'WORKLOAD= is required' SERIES="$T/series"
bad 'no workload file' SERIES="$T/series" WORKLOAD=nosuch
bad 'STEP=0: a positive number' SERIES="$T/series" WORKLOAD="$T/t.wl" STEP=0
bad 'FLOOR=x' SERIES="$T/series" WORKLOAD="$T/t.wl" FLOOR=x
bad 'DETERMINISTIC=2' SERIES="$T/series" WORKLOAD="$T/t.wl" DETERMINISTIC=2
bad 'ARCH=sparc' SERIES="$T/series" WORKLOAD="$T/t.wl" ARCH=sparc
bad 'STEP= and BISECT= do not go together' SERIES="$T/series" \
	WORKLOAD="$T/t.wl" STEP=2 BISECT="anon-fault throughput"
bad "'size4K' is not KEY=VALUE" SERIES="$T/series" WORKLOAD="$T/t.wl" \
	BISECT="anon-fault size4K throughput"
bad 'give "BENCH' SERIES="$T/series" WORKLOAD="$T/t.wl" BISECT="throughput"
rc=0
"$SW" SERIES="$T/series" >"$T/o" 2>"$T/e" || rc=$?
[ $rc = 2 ] && grep -q 'settings are variables' "$T/e" ||
	fail "an argument: exit $rc ($(cat "$T/e"))"
echo "ok"
