#!/bin/bash
# Perf counters around the timed region: the software page-fault counter
# and the page_fault_user tracepoint count the benchmark's faults and
# nothing else; an event this machine cannot count is recorded with its
# reason and the run goes on; unknown names are usage errors.
. "$(dirname "$0")/lib.bash"
require_idle
[ -e "$THP/hugepages-64kB/enabled" ] || skip "size hugepages-64kB not offered"
knob_snapshot "$T/before"
bad=0
tp=exceptions:page_fault_user
run_mb f run anon-fault size=4K,64K mode=write mem=64M reps=3 warmup=1 \
	events=page-faults,$tp out="$T/f"
[ "$RC" = 0 ] || { show f; fail "run exited $RC"; }
# Without tracefs (or on arm64) the tracepoint is unsupported: say so.
jcheck "$T/f" '
ok(len(S) == 6, "%d samples, want 6" % len(S))
tp = "exceptions:page_fault_user"
have_tp = M["counters"]["events"][tp]["status"] == "ok"
for s in S:
    n = (64 << 20) // {"4K": 4096, "64K": 65536}[s["params"]["size"]]
    where = "size=%s rep %d" % (s["params"]["size"], s["rep"])
    # Events that fire per fault stay out of the timed reps...
    check(s["counters"] == {}, where + ": per-fault events in a timed rep: %r" % sorted(s["counters"]))
    # ...and are counted in the counted rep before them, once per point.
    reps = s["counted"]["reps"]
    ok(len(reps) == 1 and reps[0]["rep"] == 0, where + ": counted reps %r" % reps)
    c = reps[0]["counters"]
    pf = c["page-faults"]
    check(not pf["scaled"] and pf["running_ns"] > 0, where + ": page-faults not counted all along: %r" % pf)
    # The harness itself takes no fault inside the region.
    check(n <= pf["value"] <= n + 2, where + ": page-faults %d, want %d" % (pf["value"], n))
    check(pf["value"] == reps[0]["minflt"], where + ": page-faults %d != minflt %d of the counted rep" % (pf["value"], reps[0]["minflt"]))
    if have_tp:
        check(c[tp]["value"] == pf["value"], where + ": tracepoint %d != page-faults %d" % (c[tp]["value"], pf["value"]))
    check(set(c) <= {"page-faults", tp}, where + ": counted more than asked: %r" % sorted(c))
if not have_tp:
    print("note: %s: %s" % (tp, M["counters"]["events"][tp].get("reason")))
' || bad=1

# cycles: counted where there is a core PMU, else recorded as unsupported.
run_mb c run anon-fault size=64K mem=64M reps=2 warmup=0 events=cycles,page-faults out="$T/c"
[ "$RC" = 0 ] || { show c; fail "run with cycles exited $RC"; }
# A core PMU: the one registered as PERF_TYPE_RAW (4; x86 "cpu"), or one
# that lists its CPUs (hybrid x86 cpu_core/cpu_atom, arm64 PMUs from ACPI
# or the device tree: armv8_pmuv3_0, armv8_cortex_a72...).
pmu=0
for d in /sys/bus/event_source/devices/*; do
	if [ "$(cat "$d/type" 2>/dev/null)" = 4 ] || [ -e "$d/cpus" ]; then
		pmu=1
		echo "core PMU: ${d##*/}"
	fi
done
jcheck "$T/c" "PMU = $pmu
"'
e = M["counters"]["events"]["cycles"]
ok(len(S) == 2, "%d samples, want 2" % len(S))
for s in S:
    check("page-faults" in s["counted"]["reps"][0]["counters"], "page-faults missing beside cycles")
    if PMU:
        check(e["status"] == "ok", "cycles not counted with a PMU: %r" % e)
        check(s["counters"]["cycles"]["value"] > 0, "cycles counted 0")
        check("cycles_per_fault" in s["metrics"], "no cycles_per_fault metric")
    else:
        check(e["status"] == "unsupported" and "PMU" in e["reason"], "cycles: %r" % e)
        check("cycles" not in s["counters"], "an unsupported event in a sample")
        check("cycles_per_fault" not in s["metrics"], "a metric from an unsupported event")
' || bad=1
if [ "$pmu" = 0 ]; then
	[ "$(grep -c 'not counted: cycles' "$T/c.err")" = 1 ] ||
		{ show c; fail "unsupported cycles not told exactly once"; }
fi

# Defaults: the harness's software events in every sample, and meta.json
# says what this machine can count.
run_mb d run anon-fault size=4K mem=16M reps=1 warmup=0 out="$T/d"
[ "$RC" = 0 ] || { show d; fail "default run exited $RC"; }
jcheck "$T/d" '
ok(len(S) == 1, "%d samples, want 1" % len(S))
c = S[0]["counters"]
for e in ("task-clock", "context-switches", "cpu-migrations"):
    check(e in c, "default event %s not counted in the timed rep" % e)
k = S[0]["counted"]["reps"][0]["counters"]
for e in ("page-faults", "minor-faults"):
    check(e in k and e not in c, "default event %s: not in the counted rep alone" % e)
check(c["task-clock"]["value"] >= S[0]["ns"] * 0.5, "task-clock %r vs region %d ns" % (c["task-clock"], S[0]["ns"]))
d = M["counters"]["defaults"]
check(d["page-faults"]["status"] == "ok", "defaults: %r" % d.get("page-faults"))
for e in ("cycles", "instructions"):
    check(d[e]["status"] in ("ok", "unsupported"), "defaults: %s %r" % (e, d.get(e)))
' || bad=1

# counted=0: every event in the timed reps, as verify-by-count needs on
# a per-rep basis; the counted reps are gone.
run_mb z run anon-fault size=4K mem=16M reps=2 warmup=0 counted=0 events=page-faults out="$T/z"
[ "$RC" = 0 ] || { show z; fail "counted=0 run exited $RC"; }
jcheck "$T/z" '
ok(len(S) == 2, "%d samples, want 2" % len(S))
for s in S:
    check("counted" not in s, "counted=0 still has counted reps")
    check(s["counters"]["page-faults"]["value"] == s["minflt"] == 4096, "counted=0: page-faults %r, minflt %d" % (s["counters"].get("page-faults"), s["minflt"]))
' || bad=1

# Unknown names are usage errors, before anything changes.
run_mb u run anon-fault size=4K mem=16M events=page-faults,no-such-event out="$T/u"
[ "$RC" = 2 ] || { show u; fail "unknown event: exit $RC, want 2"; }
grep -q "unknown event 'no-such-event'.*mmbench events" "$T/u.err" || { show u; fail "unknown event: message"; }
[ -e "$T/u" ] && fail "unknown event: created the run directory"
run_mb e events
[ "$RC" = 0 ] || { show e; fail "mmbench events exited $RC"; }
grep -Eq '^page-faults +ok' "$T/e.out" || { show e; fail "mmbench events: page-faults not ok"; }

knob_snapshot "$T/after"
knobs_same "$T/before" "$T/after" || fail "knobs differ after the runs"
[ "$bad" = 0 ] || fail "counters do not show what was asked for (see above)"
echo "ok"
