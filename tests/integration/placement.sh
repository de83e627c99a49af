#!/bin/bash
# Placement and scaling: tasks run on the CPUs planned, memory lands on
# the node asked, tasks=2 in both modes gives per-task and aggregate
# results with every task's faults, and bad placements change nothing.
. "$(dirname "$0")/lib.bash"
require_idle
[ -e "$THP/hugepages-64kB/enabled" ] || skip "size hugepages-64kB not offered"
ncpu=$(nproc)
[ "$ncpu" -ge 2 ] || skip "needs 2 CPUs, have $ncpu"
knob_snapshot "$T/before"
bad=0

for mode in process thread; do
	run_mb $mode run anon-fault size=4K,64K mem=32M reps=2 warmup=1 \
		tasks=1,2 task-mode=$mode events=page-faults out="$T/$mode"
	[ "$RC" = 0 ] || { show $mode; fail "task-mode=$mode exited $RC"; }
	jcheck "$T/$mode" "MODE = '$mode'
"'
ok(len(S) == 8, "%d samples, want 2 sizes x 2 task counts x 2 reps" % len(S))
for s in S:
    p = s["params"]
    k = p["size"]
    tasks = int(p.get("tasks", "1"))
    n = (32 << 20) // {"4K": 4096, "64K": 65536}[k]
    where = "%s size=%s tasks=%d rep %d" % (MODE, k, tasks, s["rep"])
    check(s["fallback"] is False, where + ": fallback: %s" % s.get("fallback_reason"))
    check(s["folios"] == {k: n * tasks}, where + ": folios %r, want %d" % (s["folios"], n * tasks))
    check(s["placement"]["cpu"] == s["placement"]["planned_cpu"] == 0, where + ": placement %r" % s["placement"])
    pf = s["counted"]["reps"][0]["counters"]["page-faults"]["value"]
    # The counter is inherited by every worker, thread or process.
    check(n * tasks <= pf <= n * tasks + 4, where + ": page-faults %d, want %d" % (pf, n * tasks))
    if MODE == "thread" and tasks == 1:
        check(p.get("task-mode") == "thread", where + ": task-mode not in params")
    if tasks == 1:
        check("tasks" not in s and "aggregate_throughput" not in s["metrics"], where + ": per-task data for one task")
        continue
    t = s["tasks"]
    check(len(t) == 2, where + ": %d task records" % len(t))
    check(sorted(x["cpu"] for x in t) == [0, 1], where + ": tasks ran on %r, planned 0,1" % [x["cpu"] for x in t])
    for x in t:
        check(x["minflt"] == n, where + ": task %d took %d faults, want %d" % (x["task"], x["minflt"], n))
        check(x["ns"] > 0 and x["ns"] <= s["wall_ns"], where + ": task %d ns %d, wall %d" % (x["task"], x["ns"], s["wall_ns"]))
    agg = s["metrics"]["aggregate_throughput"]
    want = 2 * (32 << 20) / s["wall_ns"]
    check(abs(agg["value"] - want) < want * 1e-6 and agg["unit"] == "GB/s", where + ": aggregate %r" % agg)
' || bad=1
done

# Memory binding, checked on the pages themselves; explicit CPU list.
run_mb m run anon-fault size=64K mem=32M reps=2 warmup=0 membind=node:0 cpus=1 out="$T/m"
[ "$RC" = 0 ] || { show m; fail "membind run exited $RC"; }
jcheck "$T/m" '
for s in S:
    pl = s["placement"]
    check(pl["cpu"] == pl["planned_cpu"] == 1, "cpus=1: ran on %r" % pl)
    check(pl["membind"] == "node:0" and s["params"].get("membind") == "node:0", "membind not recorded: %r" % pl)
    mem = pl["memory"]
    check(mem["expected"] == "node 0" and mem["nodes"] == {"0": mem["checked"]} and mem["checked"] == 64, "pages: %r" % mem)
    check(s["fallback"] is False, "membind: fallback: %s" % s.get("fallback_reason"))
t = M["topology"]
check(t["pus"] >= 2 and t["cores"] >= 1 and t["numa_nodes"][0]["memory_bytes"] > 0, "topology: %r" % t)
check(M["noise"]["aslr"] in ("on", "off") and "nmi_watchdog" in M["noise"], "noise: %r" % M["noise"])
' || bad=1

# aslr=off re-executes without randomization, and says so.
run_mb a run anon-fault size=4K mem=16M reps=1 warmup=0 aslr=off drop-caches=1 compact=1 out="$T/a"
[ "$RC" = 0 ] || { show a; fail "noise controls run exited $RC"; }
jcheck "$T/a" '
n = M["noise"]
check(n["aslr"] == "off" and n["drop_caches_between_points"] and n["compact_between_points"], "noise: %r" % n)
' || bad=1

# Bad placements: exit 2 naming what exists, nothing created or changed.
for args in "tasks=$((ncpu + 1))" "cpus=$((ncpu + 100))" "node=999" \
	    "membind=node:999" "membind=far" "task-mode=fiber" \
	    "place=nowhere" "cpus=0 tasks=2" "aslr=maybe"; do
	# shellcheck disable=SC2086
	run_mb b run anon-fault size=4K mem=16M $args out="$T/b"
	[ "$RC" = 2 ] || { show b; fail "$args: exit $RC, want 2"; }
	[ "$(nlines "$T/b.err")" = 1 ] || { show b; fail "$args: want one line"; }
	[ -e "$T/b" ] && fail "$args: created the run directory"
	[ -e "$STATE" ] && fail "$args: left $STATE"
	echo "ok: $args: $(cat "$T/b.err")"
done

knob_snapshot "$T/after"
knobs_same "$T/before" "$T/after" || fail "knobs differ after the runs"
[ "$bad" = 0 ] || fail "placement results wrong (see above)"
echo "ok"
