#!/bin/bash
# place=pu|compact|scatter, tasks=all and membind=interleave are taken
# and recorded (params and placement), tasks run where hwloc says each
# policy puts them; history --order kernel orders runs by version.
. "$(dirname "$0")/lib.bash"
require_idle
knob_snapshot "$T/before"

# What each policy places here, from hwloc: pu and compact every PU,
# scatter one PU per core.
pus=$(hwloc-calc --physical-output --intersect PU all)
cores=$(hwloc-calc --physical-output --intersect PU --no-smt all)
mems=
for n in $(hwloc-calc --physical-output --intersect NUMAnode all | tr , ' '); do
	m=$(awk '/MemTotal/ { print $4 }' "/sys/devices/system/node/node$n/meminfo" 2>/dev/null)
	[ "${m:-1}" -gt 0 ] && mems="$mems${mems:+,}$n"
done
echo "PUs $pus; one per core $cores; nodes with memory ${mems:-none (no NUMA)}"

run_mb p run anon-fault size=4K mem=16M reps=1 warmup=0 place=pu,compact,scatter \
	tasks=all membind=interleave out="$T/p"
[ "$RC" = 0 ] || { show p; fail "run exited $RC"; }
jcheck "$T/p" "WANT = {'pu': [$pus], 'compact': [$pus], 'scatter': [$cores]}
MEMS = [${mems:-0}]
"'
ok(len(S) == 3, "%d samples, want 3" % len(S))
ok(sorted(s["params"]["place"] for s in S) == ["compact", "pu", "scatter"], "place not recorded: %r" % [s["params"] for s in S])
for s in S:
    p = s["params"]
    w = "place=%s" % p.get("place")
    check(p.get("tasks") == "all" and p.get("membind") == "interleave", w + ": params %r" % p)
    want = sorted(WANT[p["place"]])
    cpus = sorted(t["cpu"] for t in s["tasks"]) if len(want) > 1 else [s["placement"]["cpu"]]
    check(cpus == want, w + ": tasks=all ran on %r, want %r" % (cpus, want))
    if len(want) > 1:
        check(len(s["tasks"]) == len(want) and "aggregate_throughput" in s["metrics"], w + ": %d task records" % len(s["tasks"]))
    pl = s["placement"]
    check(pl["membind"] == "interleave" and pl["memory"]["expected"] == "interleave", w + ": placement %r" % pl)
    nodes = pl["memory"]["nodes"]
    check(sum(nodes.values()) == pl["memory"]["checked"] == 64, w + ": pages %r" % nodes)
    check(all(int(n) in MEMS for n in nodes) and (len(MEMS) < 2 or len(nodes) > 1),
          w + ": interleaved pages on nodes %r, nodes with memory %r" % (sorted(nodes), MEMS))
    check(s["fallback"] is False, w + ": fallback: %s" % s.get("fallback_reason"))
' || fail "placement options not taken or not recorded"

# history --order kernel: two runs whose kernel releases (rewritten)
# sort against their start times and as strings ("6.20" < "6.9").
run_mb a run anon-fault size=4K mem=16M reps=2 warmup=0 label=early out="$T/h/a"
[ "$RC" = 0 ] || { show a; fail "run a exited $RC"; }
sleep 1.1	# another start second
run_mb b run anon-fault size=4K mem=16M reps=2 warmup=0 label=late out="$T/h/b"
[ "$RC" = 0 ] || { show b; fail "run b exited $RC"; }
python3 - "$T/h" <<'PY' || fail "cannot rewrite the releases"
import json, sys
for d, rel in (("a", "6.20.0-mmbench-test"), ("b", "6.9.0-mmbench-test")):
    p = "%s/%s/meta.json" % (sys.argv[1], d)
    m = json.load(open(p))
    m["kernel"]["release"] = rel
    json.dump(m, open(p, "w"))
PY
# order: the run labels in the order history lists them (A:, B:).
order() { sed -n 's/^  [A-Z]: [^ ]* \([a-z]*\), .*/\1/p' "$T/$1.out" | tr '\n' ' '; }
run_mb ht history "$T/h/b" "$T/h/a"
[ "$RC" = 0 ] || { show ht; fail "history exited $RC"; }
[ "$(order ht)" = "early late " ] || { show ht; fail "history by time: $(order ht)"; }
run_mb hk history --order kernel "$T/h/a" "$T/h/b"
[ "$RC" = 0 ] || { show hk; fail "history --order kernel exited $RC"; }
grep -q "runs by kernel version" "$T/hk.out" || { show hk; fail "history does not say it orders by kernel"; }
[ "$(order hk)" = "late early " ] || { show hk; fail "history --order kernel: $(order hk), want 6.9 (late) before 6.20 (early)"; }
run_mb hb history --order nonsense "$T/h/a" "$T/h/b"
[ "$RC" = 2 ] || { show hb; fail "history --order nonsense exited $RC, want 2"; }

knob_snapshot "$T/after"
knobs_same "$T/before" "$T/after" || fail "knobs differ after the runs"
echo "ok"
