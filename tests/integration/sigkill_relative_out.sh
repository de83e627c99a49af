#!/bin/bash
# A run with the default (relative) results dir is SIGKILLed; `mmbench
# restore` from another directory must still mark its meta.json
# interrupted (the state file has to name the run by an absolute path).
. "$(dirname "$0")/lib.bash"
require_idle
knob_snapshot "$T/before"
mkdir -p "$T/a" "$T/b"

cd "$T/a" || fail "cd"
start_bg run run anon-fault size=4K mode=write mem=256M reps=200 warmup=1 label=rel
meta() { M=$(find "$T/a/results" -name meta.json 2>/dev/null | head -1); [ -n "$M" ]; }
has2() { meta && [ "$(nlines "$(dirname "$M")/samples.jsonl")" -ge 2 ]; }
wait_until 60 has2 || { show run; fail "no 2 samples within 60 s"; }
kill -KILL "$BG_PID"
wait_bg
[ "$BG_RC" = 137 ] || fail "exit $BG_RC after SIGKILL"
[ -e "$STATE" ] || fail "no $STATE after SIGKILL"
grep "^run	" "$STATE"

cd "$T/b" || fail "cd"
run_mb restore restore
cd "$T" || fail "cd"
[ "$RC" = 0 ] || { show restore; fail "restore exited $RC"; }
cat "$T/restore.err"
knob_snapshot "$T/after"
knobs_same "$T/before" "$T/after" || fail "knobs differ after restore"
jcheck "$(dirname "$M")" 'ok(M["status"] == "interrupted", "killed run status %r: restore run from another directory did not find %s" % (M["status"], sys.argv[1]))' ||
	fail "killed run not marked interrupted"
echo "ok"
