#!/bin/bash
# pageout-forked's memory cgroup ("mmbench" under mmbench's own): there
# while the point runs, removed after it; one a SIGKILLed run left is
# reused by the next pageout-forked point and removed after it.
. "$(dirname "$0")/lib.bash"
require_idle
[ -e "$THP/hugepages-64kB/enabled" ] || skip "size hugepages-64kB not offered"

cg=$(memcg_dir) ||
	skip "no memory cgroup to reclaim in (v1 memory controller, or v2 with memory delegated)"
[ -e "$cg" ] && fail "$cg exists before the test"
# pageout needs swap, or a free zram0 mmbench sets up.
if [ -z "$(swapon --show --noheadings)" ]; then
	[ -w /sys/block/zram0/disksize ] || skip "no swap and no /dev/zram0 (modprobe zram)"
	[ "$(cat /sys/block/zram0/disksize)" = 0 ] || skip "no swap, and zram0 is in use by someone else"
fi
knob_snapshot "$T/before"
at_exit 'if [ -d "$cg" ]; then rmdir "$cg"; fi'
PF="pageout size=64K op=pageout-forked mem=32M"

# 1. There during the point, gone after it.
start_bg a run $PF reps=100 warmup=0 out="$T/a"
cg_and_sample() { [ -d "$cg" ] && [ "$(nlines "$T/a/samples.jsonl")" -ge 1 ]; }
wait_until 60 cg_and_sample || { show a; fail "no $cg with a sample within 60 s"; }
kill -INT "$BG_PID"
wait_bg
[ "$BG_RC" = 130 ] || { show a; fail "exit $BG_RC after SIGINT, want 130"; }
[ -e "$cg" ] && fail "$cg left after the run"
echo "ok: created and removed"

# 2. SIGKILL leaves it; the next point reuses that one, then removes it.
start_bg k run $PF reps=100 warmup=0 out="$T/k"
has1() { [ -d "$cg" ] && [ "$(nlines "$T/k/samples.jsonl")" -ge 1 ]; }
wait_until 60 has1 || { show k; fail "no $cg with a sample within 60 s"; }
kill -KILL "$BG_PID"
wait_bg
[ -d "$cg" ] || fail "a SIGKILLed run left no $cg: nothing to prove"
ino=$(stat -c %i "$cg")
start_bg n run $PF reps=100 warmup=0 out="$T/n"
hasn() { [ "$(nlines "$T/n/samples.jsonl")" -ge 1 ]; }
wait_until 60 hasn || { show n; fail "the run after the kill: no sample within 60 s"; }
[ -d "$cg" ] && [ "$(stat -c %i "$cg")" = "$ino" ] ||
	fail "the next run did not reuse the cgroup the killed one left"
kill -INT "$BG_PID"
wait_bg
[ "$BG_RC" = 130 ] || { show n; fail "the run after the kill exited $BG_RC after SIGINT"; }
grep -q "restored [1-9][0-9]* knob" "$T/n.err" || { show n; fail "the next run did not repair the killed one"; }
[ -e "$cg" ] && fail "$cg left after the run that reused it"
jcheck "$T/n" '
ok(M["status"] == "interrupted", "status %r" % M["status"])
ok(len(S) >= 1 and all(s["fallback"] is False for s in S), "samples: %r" % [s.get("fallback_reason") for s in S])
' || fail "the run that reused the cgroup"
knob_snapshot "$T/after"
knobs_same "$T/before" "$T/after" || fail "knobs differ after the runs"
echo "ok"
