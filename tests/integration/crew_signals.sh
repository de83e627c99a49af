#!/bin/bash
# tasks=2: SIGINT ends the run between reps with every worker gone and
# the knobs back; SIGKILL of mmbench takes its worker processes with it
# (no orphan left spinning on a gate), and mmbench restore repairs.
. "$(dirname "$0")/lib.bash"
require_idle
[ "$(nproc)" -ge 2 ] || skip "needs 2 CPUs"
knob_snapshot "$T/before"

workers() {	# live processes of that run besides BG_PID
	pgrep -f -- "out=$1" | grep -vx "$BG_PID" || true
}

for mode in process thread; do
	start_bg "i$mode" run anon-fault size=4K mem=64M reps=500 warmup=0 \
		tasks=2 task-mode=$mode out="$T/i$mode"
	has2() { [ "$(nlines "$T/i$mode/samples.jsonl")" -ge 2 ]; }
	wait_until 60 has2 || { show "i$mode"; fail "$mode: no samples within 60 s"; }
	kill -INT "$BG_PID"
	wait_bg
	[ "$BG_RC" = 130 ] || { show "i$mode"; fail "$mode: exit $BG_RC after SIGINT, want 130"; }
	[ -z "$(workers "$T/i$mode")" ] || fail "$mode: workers left after SIGINT: $(workers "$T/i$mode")"
	knob_snapshot "$T/after"
	knobs_same "$T/before" "$T/after" || fail "$mode: knobs differ after SIGINT"
	jcheck "$T/i$mode" '
ok(M["status"] == "interrupted", "status %r" % M["status"])
ok(all(len(s["tasks"]) == 2 for s in S), "a sample without both tasks")
' || fail "$mode: results after SIGINT"
	echo "ok: $mode SIGINT"
done

start_bg k run anon-fault size=4K mem=64M reps=500 warmup=0 tasks=2 \
	task-mode=process out="$T/k"
hask() { [ "$(nlines "$T/k/samples.jsonl")" -ge 1 ]; }
wait_until 60 hask || { show k; fail "no sample within 60 s"; }
kill -KILL "$BG_PID"
wait_bg
gone() { [ -z "$(pgrep -f -- "out=$T/k")" ]; }
wait_until 5 gone || fail "worker outlived a SIGKILLed mmbench: $(pgrep -af -- "out=$T/k")"
"$MMBENCH" restore >"$T/r.out" 2>&1 || { cat "$T/r.out"; fail "restore failed"; }
knob_snapshot "$T/after"
knobs_same "$T/before" "$T/after" || fail "knobs differ after SIGKILL + restore"
echo "ok"
