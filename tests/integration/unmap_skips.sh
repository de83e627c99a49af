#!/bin/bash
# What the unmap benchmarks cannot run is skipped (exit 4) with the
# reason, before anything is changed: pmd-as-pte off the PMD size,
# redirty with op=free, and pageout when the only zram is in use.
. "$(dirname "$0")/lib.bash"
require_idle
knob_snapshot "$T/before"

run_mb a run zap size=64K pmd-as-pte=1 mem=64M reps=1 out="$T/a"
[ "$RC" = 4 ] || { show a; fail "pmd-as-pte=1 size=64K exited $RC, want 4"; }
grep -q "pmd-as-pte=1 .*not the PMD size" "$T/a.err" || { show a; fail "no reason for pmd-as-pte"; }
[ -e "$T/a" ] && fail "a skipped run created its results directory"

run_mb b run lazyfree size=64K op=free redirty=1 mem=64M reps=1 out="$T/b"
[ "$RC" = 4 ] || { show b; fail "op=free redirty=1 exited $RC, want 4"; }
grep -q "op=reclaim only" "$T/b.err" || { show b; fail "no reason for redirty"; }

run_mb c run fork op=bogus
[ "$RC" = 2 ] || { show c; fail "op=bogus exited $RC, want 2"; }
grep -q "child-reuse-byte" "$T/c.err" || { show c; fail "op=bogus does not list the ops"; }

# zram in use by someone else (and no swap): pageout must not touch it.
Z=/sys/block/zram0
if [ -w "$Z/disksize" ] && [ -z "$(swapon --show --noheadings)" ] &&
   [ "$(cat "$Z/disksize")" = 0 ]; then
	echo 64M >"$Z/disksize" || fail "cannot size zram0 for the test"
	run_mb d run pageout size=64K mem=32M reps=1 out="$T/d"
	size=$(cat "$Z/disksize")
	echo 1 >"$Z/reset"
	[ "$RC" = 4 ] || { show d; fail "pageout with zram0 in use exited $RC, want 4"; }
	grep -q "zram0 is in use" "$T/d.err" || { show d; fail "no reason for zram in use"; }
	[ "$size" = $((64 << 20)) ] || fail "pageout changed the zram0 it was not given ($size)"
else
	echo "zram0 busy or swap present: the zram-in-use case is not checked"
fi
knob_snapshot "$T/after"
knobs_same "$T/before" "$T/after" || fail "knobs differ after the runs"
echo "ok"
