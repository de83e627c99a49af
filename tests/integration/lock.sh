#!/bin/bash
# A second run (or restore) while one runs: exit 1, "another mmbench",
# and it changes nothing; the first run still restores everything.
. "$(dirname "$0")/lib.bash"
require_idle
knob_snapshot "$T/before"

start_bg first run anon-fault size=64K mode=write mem=128M reps=500 warmup=1 out="$T/first"
running() { [ -e "$STATE" ] && [ "$(nlines "$T/first/samples.jsonl")" -ge 1 ]; }
wait_until 60 running || { show first; fail "first run did not start"; }
knob_snapshot "$T/during"
knobs_same "$T/before" "$T/during" >/dev/null && fail "first run changed no knob"
cp "$STATE" "$T/state.during"

# size=2M would set other knobs than the first run's 64K.
run_mb second run anon-fault size=2M mode=write mem=64M reps=1 warmup=0 out="$T/second"
[ "$RC" = 1 ] || { show second; fail "second run exited $RC, want 1"; }
grep -q "another mmbench" "$T/second.err" || { show second; fail "no 'another mmbench' on stderr"; }
[ -e "$T/second/samples.jsonl" ] && fail "second run wrote results"
knob_snapshot "$T/during2"
knobs_same "$T/during" "$T/during2" || fail "knobs changed by the refused run"
cmp -s "$STATE" "$T/state.during" || fail "the refused run touched $STATE"

run_mb restore restore
[ "$RC" = 1 ] || { show restore; fail "restore during a run exited $RC, want 1"; }
grep -q "another mmbench" "$T/restore.err" || { show restore; fail "restore: no 'another mmbench'"; }
knob_snapshot "$T/during3"
knobs_same "$T/during" "$T/during3" || fail "knobs changed by restore during a run"
[ -e "$STATE" ] || fail "restore during a run removed $STATE"

kill -0 "$BG_PID" 2>/dev/null || fail "first run ended too early for the test"
kill -INT "$BG_PID"
wait_bg
[ "$BG_RC" = 130 ] || { show first; fail "first run exited $BG_RC after SIGINT"; }
knob_snapshot "$T/after"
knobs_same "$T/before" "$T/after" || fail "knobs differ after the first run ended"
[ -e "$STATE" ] && fail "$STATE left"

# The lock is free again.
run_mb third run anon-fault size=64K mode=write mem=64M reps=1 warmup=0 out="$T/third"
[ "$RC" = 0 ] || { show third; fail "run after the first ended exited $RC"; }
echo "ok"
