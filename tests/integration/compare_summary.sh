#!/bin/bash
# The summary of two runs of the default suite (its points as on a
# 2-core x86 VM: 9 anonymous sizes, no pmem; written here, nothing run):
# 120 lines or fewer, 72 columns, one block per benchmark and fixed
# parameters, the headline metric once, a twin metric never printed
# twice; --all is the whole table; markdown and csv have the summary's
# shape, json everything.
. "$(dirname "$0")/lib.bash"

# write_run DIR LABEL SEED SLOWER: meta.json and samples.jsonl of the
# default suite, values from SEED, every time SLOWER times longer.
write_run() {
	python3 - "$@" <<'PY'
import json, random, sys
d, label, seed, slower = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
rnd = random.Random(seed)
json.dump({"label": label, "status": "complete", "timebase": "wall",
           "started": "2026-11-23T0%d:00:00+0000" % seed,
           "kernel": {"release": "6.18.0-test", "cmdline": "ro"}},
          open(d + "/meta.json", "w"))
SIZES = ["4K", "16K", "32K", "64K", "128K", "256K", "512K", "1M", "2M"]
KIB = {"4K": 4, "16K": 16, "32K": 32, "64K": 64, "128K": 128, "256K": 256,
       "512K": 512, "1M": 1024, "2M": 2048}
out = open(d + "/samples.jsonl", "w")
point = 0

def m(v, unit, better, mean):
    return {"value": v, "unit": unit, "better": better, "mean": mean}

def emit(bench, params, metrics, reps=5, **extra):
    global point
    for rep in range(reps):
        s = {"bench": bench, "point": point, "params": params, "rep": rep,
             "fallback": False}
        s["metrics"] = metrics(1 + rnd.gauss(0, 0.03))
        s.update(extra)
        out.write(json.dumps(s) + "\n")
    point += 1

def fault(size, mode, policy="always", zero="1"):
    kib = KIB[size]
    def metrics(noise):
        gbs = (2 + kib ** 0.5) * noise / slower
        ns = kib * 1024 / gbs
        return {"throughput": m(gbs, "GB/s", "higher", "harmonic"),
                "ns_per_fault": m(ns, "ns", "lower", "arithmetic"),
                "ns_per_4k": m(ns * 4 / kib, "ns", "lower", "arithmetic"),
                "faults": m(262144 / kib, "count", "lower", "arithmetic")}
    emit("anon-fault", {"size": size, "mode": mode, "policy": policy,
                        "mem": "1G", "use_zero_page": zero}, metrics, reps=10)

def region(bench, params, us):
    def metrics(noise):
        t = us * noise * slower
        return {"time": m(t, "us", "lower", "arithmetic"),
                "ns_per_4k": m(t * 1000 / 262144, "ns", "lower", "arithmetic"),
                "throughput": m(1073741824 / t / 1000, "GB/s", "higher", "harmonic")}
    emit(bench, params, metrics)

for mode in ("write", "populate"):
    for s in SIZES:
        fault(s, mode)
fault("4K", "read")
fault("2M", "read")
fault("2M", "read", zero="0")
fault("64K", "write", "madvise")
fault("2M", "write", "madvise")
for s in ("4K", "64K", "2M"):
    for op in ("munmap", "dontneed", "exit"):
        region("zap", {"size": s, "op": op, "mem": "1G", "pmd-as-pte": "0"}, 90000 / KIB[s] ** 0.5)
for s in ("4K", "64K", "2M"):
    for op in ("fork", "cow-byte", "reuse-byte", "child-reuse-byte"):
        region("fork", {"size": s, "op": op, "mem": "1G", "pmd-as-pte": "0"}, 300000 / KIB[s] ** 0.3)
for s in ("4K", "64K", "2M"):
    for op in ("free", "reclaim"):
        region("lazyfree", {"size": s, "op": op, "mem": "1G", "pmd-as-pte": "0", "redirty": "0"}, 60000 / KIB[s] ** 0.5)
for s in ("4K", "64K", "2M"):
    for op in ("pageout", "pageout-forked", "swapin"):
        region("pageout", {"size": s, "op": op, "mem": "256M", "pmd-as-pte": "0"}, 300000 / KIB[s] ** 0.2)
for s in ("4K", "64K", "2M"):
    region("uffd-wp-zap", {"size": s, "zap": "dontneed", "mem": "1G", "pmd-as-pte": "0"}, 50000 / KIB[s] ** 0.5)
common = {"from": "4K", "to": "2M", "swapped": "0", "shared": "0",
          "max_ptes_none": "511", "max_ptes_swap": "64",
          "max_ptes_shared": "256", "backing": "anon", "mem": "64M",
          "downtime": "1"}
for none in ("511", "256", "0"):
    p = {"how": "madvise", **common, "none": none}
    emit("collapse", p, lambda n: {"us_per_range": m(400 * n * slower, "us", "lower", "arithmetic"),
                                   "time": m(9000 * n * slower, "us", "lower", "arithmetic")})
emit("collapse", {"how": "khugepaged", **common, "none": "0"},
     lambda n: {"collapse_ms": m(40 * n * slower, "ms", "lower", "arithmetic"),
                "time": m(90000 * n * slower, "us", "lower", "arithmetic")})
for op in ("read", "write-upgrade", "private-write", "fork"):
    for pmd in ("1", "0"):
        out.write(json.dumps({"bench": "dax-hole", "point": point,
            "params": {"op": op, "pmd": pmd, "mem": "256M", "backing": "dax"},
            "skipped": "no fsdax directory: give dir= or set MMBENCH_PMEM_DIR"}) + "\n")
        point += 1
for state in ("present", "swapped", "guard"):
    for op in ("pagemap", "mprotect", "fork", "munmap"):
        region("walk", {"state": state, "op": op, "size": "4K", "backing": "anon", "mem": "64M"}, 1000)
PY
}

mkdir "$T/a" "$T/b" || fail "mkdir"
write_run "$T/a" base 1 1.0
write_run "$T/b" series 2 1.03

run_mb sum compare "$T/a" "$T/b"
[ "$RC" = 0 ] || { show sum; fail "compare exited $RC"; }
n=$(nlines "$T/sum.out")
[ "$n" -le 120 ] || { show sum; fail "the default suite's summary is $n lines, over 120"; }
awk 'length($0) > 72 { print "over 72 columns: " $0; bad = 1 } END { exit bad }' \
	"$T/sum.out" || fail "summary wider than 72 columns"
# each benchmark's headline once, no other metric
for h in "anon-fault throughput GB/s" "zap time us" "fork time us" \
	 "lazyfree time us" "pageout time us" "uffd-wp-zap time us" \
	 "collapse us_per_range us" "collapse collapse_ms ms" "walk time us"; do
	[ "$(grep -c "^$h" "$T/sum.out")" = 1 ] || { show sum; fail "not once: $h"; }
done
grep -Eq "ns_per_fault|ns_per_4k|faults|GB/s, higher is better.*zap" "$T/sum.out" &&
	{ show sum; fail "a metric besides the headline"; }
grep -q "^dax-hole: skipped: no fsdax directory" "$T/sum.out" ||
	{ show sum; fail "the skipped benchmark not said in one line"; }
# one row per size, in order, under its block's label
python3 - "$T/sum.out" <<'PY' || { show sum; fail "anon-fault rows"; }
import re, sys
lines = open(sys.argv[1]).read().split("\n")
i = next(k for k, l in enumerate(lines) if l.startswith("anon-fault throughput"))
sizes = [re.search(r" (\d+[KM]) ", l).group(1) for l in lines[i + 1:i + 10]]
assert sizes == ["4K", "16K", "32K", "64K", "128K", "256K", "512K", "1M", "2M"], sizes
assert lines[i + 1].startswith("mode=write policy=always"), lines[i + 1]
for l in lines[i + 1:i + 10]:
    assert re.search(r"±[0-9.]+% +[0-9.]+ ±[0-9.]+% +[-+][0-9.]+%", l), l
PY

# --all: every metric of every point; the twin said once.
run_mb all compare "$T/a" "$T/b" --all
[ "$RC" = 0 ] || { show all; fail "compare --all exited $RC"; }
[ "$(nlines "$T/all.out")" -gt 500 ] || fail "--all is not the whole table"
[ "$(grep -c '^ ns_per_4k ns: the same values as ns_per_fault$' "$T/all.out")" = 3 ] ||
	fail "ns_per_4k at the three 4K points not said to be ns_per_fault"

# markdown: a table per section; csv: a line per point; json: all rows.
run_mb md compare "$T/a" "$T/b" --format markdown
[ "$(grep -c '^| .*A base | B series |$' "$T/md.out")" = 9 ] ||
	{ show md; fail "markdown: want 9 tables"; }
run_mb csv compare "$T/a" "$T/b" --format csv
run_mb json compare "$T/a" "$T/b" --format json
python3 - "$T/csv.out" "$T/json.out" <<'PY' || fail "csv or json"
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert len(rows) == 86, len(rows)	# every point of A, its headline
assert sum(r["bench"] == "dax-hole" and r["A_state"] == "skipped" for r in rows) == 8
assert all(r["metric"] in ("throughput", "time", "us_per_range", "collapse_ms")
           for r in rows if r["bench"] != "dax-hole"), rows
j = json.load(open(sys.argv[2]))
assert len(j["rows"]) > 250, len(j["rows"])	# every metric
assert sum(r.get("same_as") == "ns_per_fault" for r in j["rows"]) == 3
PY
echo "ok"
