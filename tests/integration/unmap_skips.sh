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

# zram in use by someone else (and no swap): pageout must not touch
# it, and skip saying so.  zram0 sized here (or by someone else already)
# is that case; the test puts zram0 back exactly as it found it.
Z=/sys/block/zram0
zram_state() {
	cat "$Z/disksize" "$Z/comp_algorithm" 2>/dev/null
}
zram_why=
if [ -n "$(swapon --show --noheadings)" ]; then
	zram_why="swap is active: pageout uses it, so zram0 in use cannot be tested"
elif [ ! -w "$Z/disksize" ]; then
	# No zram at all: that reason, then the in-use case cannot be had.
	run_mb n run pageout size=64K mem=32M reps=1 out="$T/n"
	[ "$RC" = 4 ] || { show n; fail "pageout with no swap and no zram0 exited $RC, want 4"; }
	grep -q "no swap and no /dev/zram0" "$T/n.err" || { show n; fail "no reason for no zram0"; }
	zram_why="no /dev/zram0 (modprobe zram): the zram-in-use case is not checked"
else
	zram_state >"$T/zram.before"
	orig_alg=$(knob_val "$Z/comp_algorithm")
	size0=$(cat "$Z/disksize")
	if [ "$size0" = 0 ]; then
		# Ours to undo, on every exit: reset frees it (and may put the
		# default compressor back: the one found is written again).
		at_exit 'echo 1 >"$Z/reset"; [ "$(knob_val "$Z/comp_algorithm")" = "$orig_alg" ] || echo "$orig_alg" >"$Z/comp_algorithm"'
		echo 64M >"$Z/disksize" || fail "cannot size zram0 for the test"
	fi
	used=$(cat "$Z/disksize")
	run_mb d run pageout size=64K mem=32M reps=1 out="$T/d"
	[ "$RC" = 4 ] || { show d; fail "pageout with zram0 in use exited $RC, want 4"; }
	grep -q "no swap, and /dev/zram0 is in use (disksize $used): not touching it" "$T/d.err" ||
		{ show d; fail "no reason for zram in use"; }
	[ "$(cat "$Z/disksize")" = "$used" ] || fail "pageout changed the zram0 it was not given ($(cat "$Z/disksize"))"
	[ -z "$(swapon --show --noheadings)" ] || fail "pageout swapped on something: $(swapon --show --noheadings)"
	[ -e "$T/d" ] && fail "the skipped pageout created its results directory"
	if [ "$size0" = 0 ]; then
		echo 1 >"$Z/reset" || fail "cannot reset zram0"
		[ "$(knob_val "$Z/comp_algorithm")" = "$orig_alg" ] || echo "$orig_alg" >"$Z/comp_algorithm"
	fi
	zram_state >"$T/zram.after"
	cmp -s "$T/zram.before" "$T/zram.after" ||
		{ diff "$T/zram.before" "$T/zram.after"; fail "zram0 not as it was"; }
	echo "ok: zram0 in use (disksize $used): skipped with the reason, untouched"
fi
knob_snapshot "$T/after"
knobs_same "$T/before" "$T/after" || fail "knobs differ after the runs"
[ -z "$zram_why" ] || skip "$zram_why"
echo "ok"
