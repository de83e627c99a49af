#!/bin/bash
# Placement and scaling: tasks run on the CPUs planned, memory lands on
# the node asked, tasks=2 in both modes gives per-task and aggregate
# results with every task's faults, and bad placements change nothing.
. "$(dirname "$0")/lib.bash"
require_idle
[ -e "$THP/hugepages-64kB/enabled" ] || skip "size hugepages-64kB not offered"
ncpu=$(nproc)
[ "$ncpu" -ge 2 ] || skip "needs 2 CPUs, have $ncpu"
# What place=core plans, from hwloc as mmbench reads it: the first PU of
# the first two cores; an explicit cpus= gets the last PU; membind= a
# node that has memory.  Nothing assumes CPUs 0 and 1 or node 0.
[ "$(hwloc-calc -N core all)" -ge 2 ] || skip "needs 2 cores, hwloc sees $(hwloc-calc -N core all)"
cpu0=$(hwloc-calc --physical-output --intersect PU --no-smt core:0)
cpu1=$(hwloc-calc --physical-output --intersect PU --no-smt core:1)
lastcpu=$(hwloc-calc --physical-output --intersect PU all | tr , '\n' | tail -1)
node=
for n in $(hwloc-calc --physical-output --intersect NUMAnode all | tr , ' '); do
	m=$(awk '/MemTotal/ { print $4 }' "/sys/devices/system/node/node$n/meminfo" 2>/dev/null)
	[ "${m:-0}" -gt 0 ] && { node=$n; break; }
done
[ -n "$node" ] || node=0	# no NUMA in the kernel: node 0 holds everything
echo "cores 0 and 1: CPUs $cpu0 and $cpu1; cpus=$lastcpu; membind=node:$node"
knob_snapshot "$T/before"
bad=0

for mode in process thread; do
	run_mb $mode run anon-fault size=4K,64K mem=32M reps=2 warmup=1 \
		tasks=1,2 task-mode=$mode events=page-faults out="$T/$mode"
	[ "$RC" = 0 ] || { show $mode; fail "task-mode=$mode exited $RC"; }
	jcheck "$T/$mode" "MODE = '$mode'
CPU0, CPU1 = $cpu0, $cpu1
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
    check(s["placement"]["cpu"] == s["placement"]["planned_cpu"] == CPU0, where + ": placement %r" % s["placement"])
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
    check(sorted(x["cpu"] for x in t) == sorted([CPU0, CPU1]), where + ": tasks ran on %r, planned %d,%d" % ([x["cpu"] for x in t], CPU0, CPU1))
    for x in t:
        check(x["minflt"] == n, where + ": task %d took %d faults, want %d" % (x["task"], x["minflt"], n))
        check(x["ns"] > 0 and x["ns"] <= s["wall_ns"], where + ": task %d ns %d, wall %d" % (x["task"], x["ns"], s["wall_ns"]))
    agg = s["metrics"]["aggregate_throughput"]
    want = 2 * (32 << 20) / s["wall_ns"]
    check(abs(agg["value"] - want) < want * 1e-6 and agg["unit"] == "GB/s", where + ": aggregate %r" % agg)
' || bad=1
done

# Memory binding, checked on the pages themselves; explicit CPU list.
run_mb m run anon-fault size=64K mem=32M reps=2 warmup=0 membind=node:$node cpus=$lastcpu out="$T/m"
[ "$RC" = 0 ] || { show m; fail "membind run exited $RC"; }
jcheck "$T/m" "CPU, NODE = $lastcpu, $node
"'
ok(len(S) == 2, "%d samples, want 2" % len(S))
for s in S:
    pl = s["placement"]
    check(pl["cpu"] == pl["planned_cpu"] == CPU, "cpus=%d: ran on %r" % (CPU, pl))
    mb = "node:%d" % NODE
    check(pl["membind"] == mb and s["params"].get("membind") == mb, "membind not recorded: %r" % pl)
    mem = pl["memory"]
    check(mem["expected"] == "node %d" % NODE and mem["nodes"] == {str(NODE): mem["checked"]} and mem["checked"] == 64, "pages: %r" % mem)
    check(s["fallback"] is False, "membind: fallback: %s" % s.get("fallback_reason"))
t = M["topology"]
check(t["pus"] >= 2 and t["cores"] >= 2 and any(n["memory_bytes"] > 0 for n in t["numa_nodes"]), "topology: %r" % t)
check(M["noise"]["aslr"] in ("on", "off") and "nmi_watchdog" in M["noise"], "noise: %r" % M["noise"])
' || bad=1

# aslr=off re-executes without randomization, and says so.
run_mb a run anon-fault size=4K mem=16M reps=1 warmup=0 aslr=off drop-caches=1 compact=1 out="$T/a"
[ "$RC" = 0 ] || { show a; fail "noise controls run exited $RC"; }
jcheck "$T/a" '
ok(len(S) == 1, "%d samples, want 1" % len(S))
n = M["noise"]
check(n["aslr"] == "off" and n["drop_caches_between_points"] and n["compact_between_points"], "noise: %r" % n)
' || bad=1

# Bad placements: exit 2 naming what exists, nothing created or changed.
for args in "tasks=$((ncpu + 1))" "cpus=$((ncpu + 100))" "node=999" \
	    "membind=node:999" "membind=far" "task-mode=fiber" \
	    "place=nowhere" "cpus=$cpu0 tasks=2" "aslr=maybe"; do
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
