#!/bin/bash
# A run that fails after the knobs changed: exit 1, the knobs and swap
# as they were, no state file, meta.json says "failed" and the failed
# point has its line with the reason; the points after it still run.
# The failure: pageout with an 8M swap file active (used as is) cannot
# swap out a 32M region, so its repetition fails.
. "$(dirname "$0")/lib.bash"
require_idle
[ -e "$THP/hugepages-64kB/enabled" ] || skip "size hugepages-64kB not offered"
[ -z "$(swapon --show --noheadings)" ] ||
	skip "swap already active: pageout would use it and not run out"

sw=$T/swapfile
dd if=/dev/zero of="$sw" bs=1M count=8 status=none || fail "cannot write $sw"
chmod 600 "$sw"
mkswap "$sw" >/dev/null || fail "mkswap $sw"
at_exit 'swapoff "$sw" 2>/dev/null'
swapon "$sw" 2>"$T/swapon.err" || fail "swapon $sw: $(cat "$T/swapon.err")"
swapon --show=NAME,TYPE,SIZE,PRIO --noheadings --raw >"$T/swap.before"
knob_snapshot "$T/before"

printf '%s\n' 'pageout size=64K op=pageout mem=32M reps=2 warmup=0' \
	'anon-fault size=64K mem=16M reps=1 warmup=0' >"$T/f.wl"
run_mb f suite "$T/f.wl" out="$T/f"
[ "$RC" = 1 ] || { show f; fail "a run whose point failed exited $RC, want 1"; }
grep -q "pageout: only [0-9]* of 8192 pages are swapped out" "$T/f.err" ||
	{ show f; fail "the failed repetition does not say why"; }
[ "$(tail -1 "$T/f.out")" = "$T/f" ] || { show f; fail "last stdout line is not the results dir"; }
knob_snapshot "$T/after"
knobs_same "$T/before" "$T/after" || fail "knobs differ after the failed run"
[ -e "$STATE" ] && fail "$STATE left after the failed run"
swapon --show=NAME,TYPE,SIZE,PRIO --noheadings --raw >"$T/swap.after"
cmp -s "$T/swap.before" "$T/swap.after" ||
	{ diff "$T/swap.before" "$T/swap.after"; fail "swap not as it was"; }
jcheck "$T/f" '
ok(M["status"] == "failed", "status %r, want failed" % M["status"])
ok(M["points_failed"] == 1, "points_failed %r" % M.get("points_failed"))
F = [s for s in S if "failed" in s]
ok(len(F) == 1 and F[0]["bench"] == "pageout", "failed lines: %r" % F)
ok(isinstance(F[0]["failed"], str) and F[0]["failed"], "no reason: %r" % F[0])
A = [s for s in S if s.get("bench") == "anon-fault" and "rep" in s]
ok(len(A) == 1 and A[0]["fallback"] is False, "the point after the failed one: %r" % A)
' || fail "results of the failed run"
echo "ok"
