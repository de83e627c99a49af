#!/bin/bash
# Disturbed samples: every sample records its task's run-queue wait and
# involuntary context switches over the timed region, and the machine's
# CPU and memory pressure; a CPU hog on the benchmark's CPU makes the
# wait pass 1% of the region, and the sample says "disturbed" with the
# figure.  A run on a busy machine says so once and in meta.json.
# mmbench compare and history mark the disturbed point, D3/5, with a
# note under the table, and say that the run started on a busy machine.
. "$(dirname "$0")/lib.bash"
require_idle
[ -r /proc/thread-self/schedstat ] || skip "no /proc/thread-self/schedstat (CONFIG_SCHED_INFO off)"
cpu=$(taskset -pc $$ | sed 's/.*: *//; s/[-,].*//')

# 1. Every sample has the figures.
run_mb plain run anon-fault size=4K mode=write mem=64M reps=3 warmup=0 \
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

# 3. The collector shows the marks: the plain run against the hog's.
run_mb cmp compare "$T/plain" "$T/hog"
[ "$RC" = 0 ] || { show cmp; fail "compare exited $RC"; }
run_mb hist history "$T/plain" "$T/hog"
[ "$RC" = 0 ] || { show hist; fail "history exited $RC"; }
run_mb json compare "$T/plain" "$T/hog" --format json
[ "$RC" = 0 ] || { show json; fail "compare --format json exited $RC"; }
python3 - "$T" <<'PY' || { show cmp; show hist; fail "the collector's marks"; }
import json, re, sys
t = sys.argv[1]
def figures(run):
    S = [json.loads(l) for l in open("%s/%s/samples.jsonl" % (t, run))]
    S = [s for s in S if "metrics" in s]
    w = [s["sched"]["wait_pct"] for s in S if "sched" in s]
    return (sum(s.get("disturbed") is True for s in S), len(S), max(w),
            json.load(open("%s/%s/meta.json" % (t, run)))["machine_load"]["busy"])
ka, na, wa, busy_a = figures("plain")
kb, nb, wb, busy_b = figures("hog")
cmp = open(t + "/cmp.out").read()
hist = open(t + "/hist.out").read()
# (history's point headings are the point's parameters, whole)
for name, text in (("compare", cmp), ("history", hist)):
    for l in text.split("\n"):
        assert len(l.encode()) <= 72 or l.startswith("anon-fault "), \
            "%s: over 72 columns: %r" % (name, l)
# the summary: the mark after B's CI (the second ±), A's in A's cell
row = [l for l in cmp.split("\n") if l.count("±") == 2]
assert len(row) == 1, row
a_cell, b_cell = row[0].split("±")[1], row[0].split("±")[2]
assert ("D%d/%d" % (kb, nb) in b_cell) == (kb > 0), (kb, nb, row)
assert ("D%d/%d" % (ka, na) in a_cell) == (ka > 0), (ka, na, row)
assert (" D" in a_cell) == (ka > 0) and (" D" in b_cell) == (kb > 0), row
assert kb > 0
# one note under the table, however it wraps
flat = " ".join(cmp.split())
if not ka:
    assert "D%d/%d: %d of %d samples waited on the run queue more than 1%% of their timed region, at most %.1f%%; rerun on a quiet machine" % (kb, nb, kb, nb, wb) in flat, cmp
else:
    assert "Dk/n: k of the point's n samples waited on the run queue more than 1%% of their timed region (2 marks, at most %.1f%%); rerun on a quiet machine" % max(wa, wb) in flat, cmp
assert flat.count("rerun on a quiet machine") == 1, cmp
# history: a line under the point's heading
m = re.search(r"\nanon-fault [^\n]*\n  disturbed: ([^\n]*)\n", hist)
assert m, hist
want = ("A D%d/%d (at most %.1f%%), " % (ka, na, wa) if ka else "") + \
       "B D%d/%d (at most %.1f%%)" % (kb, nb, wb)
assert m.group(1) == want, (m.group(1), want)
assert "rerun on a quiet machine" in hist, hist
# json: the count and the largest wait
j = json.load(open(t + "/json.out"))
for r in j["rows"]:
    for e, (k, w) in zip(r["runs"], ((ka, wa), (kb, wb))):
        assert e["disturbed"] == k and abs(e["wait_pct_max"] - w) < 1e-6, (e, k, w)
# the setup differences: the hog's run started busy
if busy_b and not busy_a:
    assert "\n  machine_load.busy: A=false B=true\n" in cmp, cmp
assert "loadavg" not in cmp and "other_runnable" not in cmp, cmp
print("compare: %s" % row[0].strip())
PY
echo "ok"
