#!/bin/bash
# A .wl suite with comments, blank lines and two benchmark lines; k=v on
# the command line overrides every line; label/workload/status recorded.
. "$(dirname "$0")/lib.bash"
require_idle
knob_snapshot "$T/before"

cat >"$T/t.wl" <<'WL'
# two lines of anon-fault; the command line sets mem, reps, warmup
anon-fault size=4K mode=write   # 4K baseline

	# an indented comment
anon-fault size=64K,2M mode=populate mem=1G
WL
run_mb s suite "$T/t.wl" reps=2 warmup=1 mem=64M label=t1 out="$T/res"
[ "$RC" = 0 ] || { show s; fail "suite exited $RC"; }
[ "$(tail -1 "$T/s.out")" = "$T/res" ] || { show s; fail "last stdout line is not the results dir"; }
jcheck "$T/res" "WL = '$T/t.wl'
"'
ok(M["label"] == "t1", "label %r" % M.get("label"))
ok(M.get("workload") == WL, "workload %r" % M.get("workload"))
ok(M["status"] == "complete", "status %r" % M["status"])
got = sorted((s["origin"], s["params"]["size"], s["params"]["mode"], s["rep"]) for s in S)
want = sorted([(WL + ":2", "4K", "write", r) for r in (0, 1)] +
              [(WL + ":5", z, "populate", r) for z in ("64K", "2M") for r in (0, 1)])
ok(got == want, "samples (origin, size, mode, rep):\n got %r\nwant %r" % (got, want))
ok(all(s["params"]["mem"] == "64M" for s in S), "mem= did not override every line")
ok(all(not s["fallback"] for s in S), "fallback in %r" % [s.get("fallback_reason") for s in S if s["fallback"]])
' || fail "suite results"

# An override no line takes is an error, not silently ignored.
run_mb s2 suite "$T/t.wl" bogus=1 out="$T/res2"
[ "$RC" = 2 ] || { show s2; fail "suite with bogus=1 exited $RC, want 2"; }
[ -e "$T/res2" ] && fail "suite with a bad override created results"

knob_snapshot "$T/after"
knobs_same "$T/before" "$T/after" || fail "knobs differ after the suite"
echo "ok"
