#!/bin/bash
# SIGKILL mid-run leaves knobs changed and the state file; `mmbench
# restore` (or the next run) puts them back and marks the killed run
# interrupted.
. "$(dirname "$0")/lib.bash"
require_idle
knob_snapshot "$T/before"

# kill_run NAME: start a long run into $T/NAME, SIGKILL it after 2 samples.
kill_run() {
	start_bg "$1" run anon-fault size=4K mode=write mem=256M reps=200 \
		warmup=1 out="$T/$1"
	has2() { [ "$(nlines "$T/$1/samples.jsonl")" -ge 2 ]; }
	wait_until 60 has2 "$1" || { show "$1"; fail "$1: no 2 samples within 60 s"; }
	kill -KILL "$BG_PID"
	wait_bg
	[ "$BG_RC" = 137 ] || fail "$1: exit $BG_RC after SIGKILL"
	[ -e "$STATE" ] || fail "$1: no $STATE after SIGKILL"
	knob_snapshot "$T/$1.killed"
	knobs_same "$T/before" "$T/$1.killed" >/dev/null &&
		fail "$1: knobs unchanged after SIGKILL: nothing to prove"
	jcheck "$T/$1" 'ok(M["status"] == "running", "status %r" % M["status"])' ||
		fail "$1: meta.json after SIGKILL"
}

# 1. mmbench restore repairs.
kill_run k1
run_mb restore1 restore
[ "$RC" = 0 ] || { show restore1; fail "restore exited $RC"; }
grep -q "restored [1-9][0-9]* knob" "$T/restore1.err" || { show restore1; fail "restore did not say it restored knobs"; }
knob_snapshot "$T/after1"
knobs_same "$T/before" "$T/after1" || fail "knobs differ after mmbench restore"
[ -e "$STATE" ] && fail "$STATE left after restore"
jcheck "$T/k1" '
ok(M["status"] == "interrupted", "killed run status %r" % M["status"])
ok(len(S) >= 2, "samples lost")
' || fail "killed run's results"

run_mb restore2 restore
[ "$RC" = 0 ] || { show restore2; fail "second restore exited $RC"; }
grep -q "nothing to do" "$T/restore2.err" || { show restore2; fail "second restore did not say nothing to do"; }
grep -q "restored [0-9]" "$T/restore2.err" && fail "second restore claims to restore"
knob_snapshot "$T/after2"
knobs_same "$T/before" "$T/after2" || fail "knobs differ after the second restore"

# 2. The next run repairs first, then runs and restores as usual.
kill_run k2
run_mb next run anon-fault size=4K mode=write mem=64M reps=1 warmup=0 out="$T/next"
[ "$RC" = 0 ] || { show next; fail "the run after the kill exited $RC"; }
grep -q "restored [1-9][0-9]* knob" "$T/next.err" || { show next; fail "the next run did not say it restored knobs"; }
knob_snapshot "$T/after3"
knobs_same "$T/before" "$T/after3" || fail "knobs differ after the repairing run"
[ -e "$STATE" ] && fail "$STATE left after the repairing run"
jcheck "$T/k2" 'ok(M["status"] == "interrupted", "killed run status %r" % M["status"])' ||
	fail "killed run not marked by the next run"
jcheck "$T/next" 'ok(M["status"] == "complete" and len(S) == 1, "next run: %r, %d samples" % (M["status"], len(S)))' ||
	fail "the repairing run's results"
echo "ok"
