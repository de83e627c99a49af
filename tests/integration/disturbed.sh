#!/bin/bash
# Disturbed samples: every sample records its task's run-queue wait and
# involuntary context switches over the timed region, and the machine's
# CPU and memory pressure; a CPU hog on the benchmark's CPU makes the
# wait pass 1% of the region, and the sample says "disturbed" with the
# figure.  A run on a busy machine says so once and in meta.json.
. "$(dirname "$0")/lib.bash"
require_idle
[ -r /proc/thread-self/schedstat ] || skip "no /proc/thread-self/schedstat (CONFIG_SCHED_INFO off)"
cpu=$(taskset -pc $$ | sed 's/.*: *//; s/[-,].*//')

# 1. Every sample has the figures.
run_mb plain run anon-fault size=4K mode=write mem=32M reps=3 warmup=0 \
	cpus="$cpu" out="$T/plain"
[ "$RC" = 0 ] || { show plain; fail "plain run exited $RC"; }
jcheck "$T/plain" '
for s in S:
    sc = s.get("sched")
    ok(sc is not None, "no sched in a sample")
    ok(sc["run_wait_ns"] >= 0 and sc["nivcsw"] >= 0, "sched %r" % sc)
    ok(abs(sc["wait_pct"] - 100.0 * sc["run_wait_ns"] / s["ns"]) < 0.01, "wait_pct %r of ns %d" % (sc, s["ns"]))
    ok(isinstance(s.get("disturbed"), bool), "disturbed %r" % s.get("disturbed"))
    ok(s["disturbed"] == (sc["wait_pct"] > 1.0), "disturbed %r at %.3f%%" % (s["disturbed"], sc["wait_pct"]))
    ok(s["disturbed"] == ("disturbed_reason" in s), "reason without the mark, or the mark without one")
    ok(s["fallback"] is False, "a disturbed sample is not a fallback")
    if os.path.exists("/proc/pressure/cpu"):
        ok("cpu_some_us" in s.get("pressure", {}), "no cpu pressure: %r" % s.get("pressure"))
ml = M.get("machine_load")
ok(ml and "other_runnable" in ml and "busy" in ml, "machine_load %r" % ml)
' || fail "plain run samples"

# 2. A hog on the same CPU: the samples are disturbed, and the run said
# the machine was busy.
taskset -c "$cpu" bash -c 'while :; do :; done' &
hog=$!
at_exit "kill $hog 2>/dev/null; wait $hog 2>/dev/null; true"
sleep 0.5
run_mb hog run anon-fault size=4K mode=write mem=64M reps=5 warmup=1 \
	cpus="$cpu" out="$T/hog"
kill "$hog"
wait "$hog" 2>/dev/null
[ "$RC" = 0 ] || { show hog; fail "run beside a hog exited $RC"; }
grep -q "the machine is busy: [1-9][0-9]* other runnable task" "$T/hog.err" ||
	{ show hog; fail "the run did not say the machine was busy"; }
[ "$(grep -c "the machine is busy" "$T/hog.err")" = 1 ] || fail "busy said more than once"
jcheck "$T/hog" '
ml = M["machine_load"]
ok(ml["busy"] is True and ml["other_runnable"] >= 1, "machine_load %r" % ml)
d = [s for s in S if s.get("disturbed")]
ok(len(d) >= 3, "%d of %d samples disturbed beside a hog: %r" % (len(d), len(S), [s.get("sched") for s in S]))
for s in d:
    ok("waited" in s["disturbed_reason"] and "%" in s["disturbed_reason"], s["disturbed_reason"])
    ok(s["sched"]["wait_pct"] > 1.0, "sched %r" % s["sched"])
print("beside a hog: %d of %d disturbed, wait %s%%" % (len(d), len(S), ", ".join("%.0f" % s["sched"]["wait_pct"] for s in S)))
' || fail "run beside a hog"
echo "ok"
