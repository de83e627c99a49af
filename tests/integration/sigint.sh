#!/bin/bash
# SIGINT mid-run: the current rep finishes, samples are kept, meta.json
# says interrupted, exit 130, every knob back, no state file.
. "$(dirname "$0")/lib.bash"
require_idle
knob_snapshot "$T/before"

start_bg run run anon-fault size=4K mode=write mem=256M reps=200 warmup=1 \
	out="$T/r"
has2() { [ "$(nlines "$T/r/samples.jsonl")" -ge 2 ]; }
wait_until 60 has2 || { show run; fail "no 2 samples within 60 s"; }
knob_snapshot "$T/during"
knobs_same "$T/before" "$T/during" >/dev/null && fail "knobs unchanged during the run"
kill -INT "$BG_PID"
wait_bg
[ "$BG_RC" = 130 ] || { show run; fail "exit $BG_RC after SIGINT, want 130"; }

knob_snapshot "$T/after"
knobs_same "$T/before" "$T/after" || fail "knobs differ after SIGINT"
[ -e "$STATE" ] && fail "$STATE left after SIGINT"
[ "$(tail -1 "$T/run.out")" = "$T/r" ] || { show run; fail "last stdout line is not the results dir"; }
grep -qi interrupt "$T/run.err" || { show run; fail "no word of the interruption on stderr"; }
jcheck "$T/r" '
ok(M["status"] == "interrupted", "meta status %r" % M.get("status"))
ok(2 <= len(S) < 200, "%d samples" % len(S))
ok([s["rep"] for s in S] == list(range(len(S))), "reps not 0..n-1")
ok(all("ns" in s and "folios" in s for s in S), "a sample lacks ns/folios")
' || fail "results"
echo "ok"
