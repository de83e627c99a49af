#!/bin/bash
# SIGINT (and SIGTERM, SIGHUP) mid-run: the current rep finishes, samples
# are kept, meta.json says interrupted, exit 128+N, every knob back, no
# state file.
. "$(dirname "$0")/lib.bash"
require_idle
knob_snapshot "$T/before"

for sig in INT TERM HUP; do
	want=$((128 + $(kill -l "$sig")))
	start_bg "$sig" run anon-fault size=4K mode=write mem=256M reps=200 \
		warmup=1 out="$T/$sig"
	has2() { [ "$(nlines "$T/$sig/samples.jsonl")" -ge 2 ]; }
	wait_until 60 has2 || { show "$sig"; fail "no 2 samples within 60 s"; }
	knob_snapshot "$T/during"
	knobs_same "$T/before" "$T/during" >/dev/null && fail "knobs unchanged during the run"
	kill -"$sig" "$BG_PID"
	wait_bg
	[ "$BG_RC" = "$want" ] || { show "$sig"; fail "exit $BG_RC after SIG$sig, want $want"; }

	knob_snapshot "$T/after"
	knobs_same "$T/before" "$T/after" || fail "knobs differ after SIG$sig"
	[ -e "$STATE" ] && fail "$STATE left after SIG$sig"
	[ "$(tail -1 "$T/$sig.out")" = "$T/$sig" ] || { show "$sig"; fail "SIG$sig: last stdout line is not the results dir"; }
	msg="mmbench: interrupted by signal $((want - 128)); every finished sample is kept"
	grep -qxF "$msg" "$T/$sig.err" || { show "$sig"; fail "SIG$sig: stderr lacks the line '$msg'"; }
	jcheck "$T/$sig" '
ok(M["status"] == "interrupted", "meta status %r" % M.get("status"))
ok(2 <= len(S) < 200, "%d samples" % len(S))
ok([s["rep"] for s in S] == list(range(len(S))), "reps not 0..n-1")
ok(all("ns" in s and "folios" in s for s in S), "a sample lacks ns/folios")
' || fail "SIG$sig: results"
	echo "ok: SIG$sig"
done
echo "ok"
