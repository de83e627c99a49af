#!/bin/bash
# A second SIGINT stops at once: knobs back, exit 130.  The handler can
# only do async-signal-safe work, so the state file stays behind and the
# next mmbench marks the abandoned run "interrupted" (meta.json must not
# go on saying "running" for a run that is gone).
. "$(dirname "$0")/lib.bash"
require_idle
knob_snapshot "$T/before"

# A rep of 1G of 4K faults takes far longer than the 10 ms between the
# signals: the second one lands while the first waits for the rep.
start_bg run run anon-fault size=4K mode=write mem=1G reps=200 warmup=1 out="$T/r"
has2() { [ "$(nlines "$T/r/samples.jsonl")" -ge 2 ]; }
wait_until 60 has2 || { show run; fail "no 2 samples within 60 s"; }
kill -INT "$BG_PID"
sleep 0.01	# two signals sent at once merge into one
kill -INT "$BG_PID" 2>/dev/null
wait_bg
# Without the message the second signal was not handled: the regression
# this test exists for.
grep -qxF "mmbench: second signal: knobs restored, exiting now" "$T/run.err" ||
	{ show run; fail "no 'second signal' message after two SIGINTs (exit $BG_RC)"; }
[ "$BG_RC" = 130 ] || { show run; fail "exit $BG_RC after two SIGINTs, want 130"; }
knob_snapshot "$T/after"
knobs_same "$T/before" "$T/after" || fail "knobs differ after two SIGINTs"
[ -e "$STATE" ] || fail "$STATE gone: nothing can mark the run interrupted"
"$MMBENCH" restore 2>"$T/restore.err" || fail "restore failed: $(cat "$T/restore.err")"
grep -q "already restored" "$T/restore.err" ||
	fail "restore did not say the knobs were already back: $(cat "$T/restore.err")"
[ -e "$STATE" ] && fail "$STATE left after restore"
knob_snapshot "$T/after2"
knobs_same "$T/before" "$T/after2" || fail "knobs differ after restore"
jcheck "$T/r" '
ok(M["status"] == "interrupted", "meta.json status %r after two SIGINTs and a restore, want interrupted" % M["status"])
' || fail "results"
echo "ok"
