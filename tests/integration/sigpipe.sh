#!/bin/bash
# A reader that goes away (`mmbench ... 2>&1 | head -c1`) costs only the
# output: the run finishes, its results are complete, the knobs are back.
. "$(dirname "$0")/lib.bash"
require_idle
knob_snapshot "$T/before"
"$MMBENCH" run anon-fault size=4K,2M mode=write mem=64M reps=3 warmup=1 \
	out="$T/p" 2>&1 | head -c1 >/dev/null
rc=${PIPESTATUS[0]}
[ "$rc" = 0 ] || fail "mmbench exited $rc with its reader gone (SIGPIPE is 141)"
knob_snapshot "$T/after"
knobs_same "$T/before" "$T/after" || fail "knobs differ after the reader left"
[ -e "$STATE" ] && fail "$STATE left behind"
jcheck "$T/p" '
ok(M["status"] == "complete", "meta status %r" % M.get("status"))
ok(len(S) == 6, "%d samples, want 6" % len(S))
' || fail "results"
echo "ok"
