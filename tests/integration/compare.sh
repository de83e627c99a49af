#!/bin/bash
# mmbench compare/plot/history on two real runs: the summary and the
# whole table (--all) fit 72 columns, the statistics match the samples,
# every format has its shape, the graphs are real PNG/SVG named for what
# they show, and make compare says where they went.
. "$(dirname "$0")/lib.bash"
require_idle
command -v gnuplot >/dev/null || skip "gnuplot missing (scripts/deps.sh installs gnuplot-nox)"

# A large folio size this kernel offers: 64K where it has mTHP of that
# size, else the smallest it has (the PMD size before mTHP).
big=$("$MMBENCH" sysinfo | python3 -c '
import json, sys
s = json.load(sys.stdin).get("thp_sizes", "").split()
big = [x for x in s if x != "4K"]
print("64K" if "64K" in big else big[0] if big else "")')
[ -n "$big" ] || skip "the kernel offers no large folio size"

# Real runs; only the kernel release in their meta.json is rewritten, so
# that the headers checked below do not hold this machine's release.
for l in base series; do
	run_mb "run-$l" run anon-fault size=4K,$big mem=64M reps=5 warmup=1 \
		label=$l out="$T/$l"
	[ "$RC" = 0 ] || { show "run-$l"; fail "run $l exited $RC"; }
	python3 - "$T/$l/meta.json" <<'PY' || fail "meta.json of $l"
import json, sys
m = json.load(open(sys.argv[1]))
m["kernel"]["release"] = "6.18.0-test"
json.dump(m, open(sys.argv[1], "w"), indent=2)
PY
	sleep 1		# distinct start times, for history's order
done
rel=6.18.0-test
# On a busy machine a run's cell may carry its disturbed samples, D3/5
# (disturbed.sh checks them), and a note under the table says so.
D='( +D[0-9]+/[0-9]+)?'

# The summary (the default): throughput, anon-fault's first metric, a
# row per size, a column per run, within 72 columns.
run_mb cmp compare "$T/base" "$T/series"
[ "$RC" = 0 ] || { show cmp; fail "compare exited $RC"; }
awk 'length($0) > 72 { print "over 72 columns: " $0; bad = 1 } END { exit bad }' \
	"$T/cmp.out" || fail "summary wider than 72 columns"
grep -q "^  A: base, kernel $rel" "$T/cmp.out" || { show cmp; fail "no header for A"; }
grep -q "^  B: series, kernel $rel" "$T/cmp.out" || { show cmp; fail "no header for B"; }
grep -q "Welch's t" "$T/cmp.out" || fail "CI method not named"
grep -q "^ *A base  *B series$" "$T/cmp.out" || { show cmp; fail "no column per run"; }
grep -q "^anon-fault throughput GB/s, higher is better; mode=write" "$T/cmp.out" ||
	{ show cmp; fail "no throughput block"; }
for s in 4K $big; do
	grep -Eq "^ +$s +[0-9.]+ ±[0-9.]+%$D +[0-9.]+ ±[0-9.]+%$D +[-+][0-9.]+%" "$T/cmp.out" ||
		{ show cmp; fail "no row for $s with mean ± CI and the change"; }
done
grep -q "ns_per_fault" "$T/cmp.out" && { show cmp; fail "summary shows more than the headline"; }
grep -q "^  B against A: [0-9.]*% to [0-9.]*%, median" "$T/cmp.out" ||
	{ show cmp; fail "no sensitivity under the summary"; }
[ "$(nlines "$T/cmp.out")" -le 28 ] || { show cmp; fail "summary of 2 points over 28 lines (25, and a note on disturbed samples)"; }

# --metric picks others; --all is the whole table.
run_mb met compare "$T/base" "$T/series" --metric ns_per_fault
[ "$RC" = 0 ] || { show met; fail "--metric exited $RC"; }
grep -q "^anon-fault ns_per_fault ns, lower is better" "$T/met.out" || { show met; fail "--metric"; }
grep -q "throughput" "$T/met.out" && fail "--metric ns_per_fault shows throughput"
run_mb nomet compare "$T/base" "$T/series" --metric nope
[ "$RC" = 2 ] || fail "--metric nope: exit $RC, want 2"
grep -q "^mmbench: --metric nope: no point has it$" "$T/nomet.err" || { show nomet; fail "--metric nope: no message"; }
run_mb all compare "$T/base" "$T/series" --all
[ "$RC" = 0 ] || { show all; fail "compare --all exited $RC"; }
awk 'length($0) > 72 { print "over 72 columns: " $0; bad = 1 } END { exit bad }' \
	"$T/all.out" || fail "text table wider than 72 columns"
for s in 4K $big; do
	grep -q "^anon-fault size=$s mode=write" "$T/all.out" || fail "no $s point"
done
grep -q "^ throughput GB/s, higher is better, harmonic mean" "$T/all.out" ||
	fail "throughput header"
# ns_per_4k is ns_per_fault at 4K: said once, not printed twice
grep -q "^ ns_per_4k ns: the same values as ns_per_fault$" "$T/all.out" ||
	{ show all; fail "ns_per_4k at 4K not said to be ns_per_fault"; }
# Under the table, the sensitivity of throughput (anon-fault's first
# metric) at each size, the only parameter that varies.
grep -q "^B against A could not have seen changes below$" "$T/all.out" ||
	{ show all; fail "no sensitivity sentence"; }
grep -q "^  anon-fault throughput: [0-9.e+]*% at size=4K" "$T/all.out" ||
	{ show all; fail "no sensitivity of anon-fault throughput at size=4K"; }

# The JSON's statistics, recomputed from the samples with Python.
run_mb json compare "$T/base" "$T/series" --format json
[ "$RC" = 0 ] || { show json; fail "compare --format json exited $RC"; }
python3 - "$T/json.out" "$T/base" "$T/series" <<'PY' || fail "statistics differ from the samples"
import json, statistics as st, sys
out = json.load(open(sys.argv[1]))
assert out["ci_method"] == "welch"
vals = {}
for tag, d in zip("AB", sys.argv[2:]):
    for line in open(d + "/samples.jsonl"):
        s = json.loads(line)
        if "metrics" not in s:
            continue
        key = (s["params"]["size"], tag)
        for m, v in s["metrics"].items():
            vals.setdefault((key, m), []).append(v["value"])
rows = 0
for r in out["rows"]:
    size = r["params"].split()[0].split("=")[1]
    for e in r["runs"]:
        v = vals[((size, e["run"]), r["metric"])]
        assert e["n"] == len(v) == 5, (r, e)
        if r["mean"] == "harmonic":
            mean = len(v) / sum(1 / x for x in v)
        else:
            mean = sum(v) / len(v)
        close = lambda a, b: abs(a - b) <= 1e-6 * max(1, abs(b))
        assert close(e["mean"], mean), (r["metric"], e["mean"], mean)
        assert close(e["median"], st.median(v)), (e["median"], st.median(v))
        assert close(e["stddev"], st.stdev(v)), (e["stddev"], st.stdev(v))
        if e["run"] == "B" and e["state"] == "ok":
            a = [x for x in out["rows"] if x is r][0]["runs"][0]
            assert close(e["change"], e["mean"] / a["mean"] - 1)
            assert e["ci_lo"] <= e["change"] <= e["ci_hi"]
            # the headline (first) metric carries the CI's half-width
            assert r["headline"] == (r["metric"] == "throughput"), r
            if r["headline"]:
                assert close(e["detectable_pct"],
                             (e["ci_hi"] - e["ci_lo"]) / 2 * 100), e
            else:
                assert "detectable_pct" not in e, e
            sig = e["ci_lo"] > 0 or e["ci_hi"] < 0
            assert (e["significant"] is not None) == sig
            if sig:
                up = e["ci_lo"] > 0
                good = up == (r["better"] == "higher")
                assert e["significant"] == ("improvement" if good else "regression")
        rows += 1
assert rows >= 2 * 2 * 4, rows
PY

# --all: csv and markdown carry the same rows as the text.
run_mb csv compare "$T/base" "$T/series" --all --format csv --ci bootstrap
[ "$RC" = 0 ] || fail "csv exited $RC"
python3 - "$T/csv.out" <<'PY' || fail "csv"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert len(rows) >= 16 and all(r["ci_method"] == "bootstrap" for r in rows)
for r in rows:
    hw = r["detectable_pct"]
    if r["run"] == "B" and r["metric"] == "throughput" and r["ci_lo_pct"]:
        want = (float(r["ci_hi_pct"]) - float(r["ci_lo_pct"])) / 2
        assert abs(float(hw) - want) <= 1e-4 * max(1, want), (hw, want)
    else:
        assert hw == "", r
assert {r["run"] for r in rows} == {"A", "B"}
PY
run_mb md compare "$T/base" "$T/series" --all --format markdown
grep -q '^| benchmark | metric | run |' "$T/md.out" || fail "markdown table"
grep -q '^  - anon-fault throughput: ' "$T/md.out" || fail "markdown sensitivity"
# The summary's markdown and csv have its shape: a row per size.
run_mb smd compare "$T/base" "$T/series" --format markdown
grep -q '^| size | A base | B series |$' "$T/smd.out" || { show smd; fail "summary markdown header"; }
grep -Eq "^\| $big \| [0-9.]+ ± [0-9.]+%$D \| [0-9.]+ ± [0-9.]+%$D " "$T/smd.out" ||
	{ show smd; fail "summary markdown row"; }
run_mb scsv compare "$T/base" "$T/series" --format csv
python3 - "$T/scsv.out" "$big" <<'PY' || fail "summary csv"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert [r["value"] for r in rows] == ["4K", sys.argv[2]], rows
for r in rows:
    assert r["metric"] == "throughput" and r["param"] == "size", r
    assert float(r["A_mean"]) > 0 and float(r["B_mean"]) > 0, r
    assert float(r["A_ci_pct"]) >= 0, r
    assert abs(float(r["B_change_pct"]) - 100 * (float(r["B_mean"]) / float(r["A_mean"]) - 1)) < 1e-3 * max(1, abs(float(r["B_change_pct"]))), r
PY

# pngsize FILE: width x height from the PNG's IHDR.
pngsize() {
	python3 - "$1" <<'PY'
import struct, sys
b = open(sys.argv[1], "rb").read(24)
assert b[:8] == b"\x89PNG\r\n\x1a\n" and b[12:16] == b"IHDR", "not a PNG"
print("%dx%d" % struct.unpack(">II", b[16:24]))
PY
}
svgsize() {
	python3 - "$1" <<'PY'
import sys, xml.etree.ElementTree as ET
r = ET.parse(sys.argv[1]).getroot()
assert r.tag.endswith("svg"), r.tag
print("%sx%s" % (r.get("width"), r.get("height")))
PY
}
# checkgraph BASE [WxH]: a PNG and an SVG of the same size, that one
# where given, else at least 800 wide.
checkgraph() {
	local p v
	p=$(pngsize "$1.png") || fail "$1.png: not a PNG"
	v=$(svgsize "$1.svg") || fail "$1.svg: not an SVG"
	[ "$p" = "$v" ] || fail "$1: PNG $p but SVG $v"
	if [ -n "${2:-}" ]; then
		[ "$p" = "$2" ] || fail "$1.png: $p, want $2"
	else
		[ "${p%x*}" -ge 800 ] || fail "$1.png: $p, narrower than 800"
	fi
}

# Graphs: the headline by size, and its change; --all every metric.
run_mb cmpplot compare "$T/base" "$T/series" --plot "$T/plots"
[ "$RC" = 0 ] || { show cmpplot; fail "compare --plot exited $RC"; }
checkgraph "$T/plots/anon-fault-throughput-by-size"
checkgraph "$T/plots/anon-fault-throughput-change-by-size"
[ -e "$T/plots/anon-fault-ns_per_fault-by-size.png" ] && fail "a graph of more than the headline"
run_mb allplot compare "$T/base" "$T/series" --all --plot "$T/allplots"
[ "$RC" = 0 ] || { show allplot; fail "compare --all --plot exited $RC"; }
for m in throughput ns_per_fault; do
	checkgraph "$T/allplots/anon-fault-$m-by-size"
	checkgraph "$T/allplots/anon-fault-$m-change-by-size"
done
# sizes on a log2 axis, KiB: 4K is 4
grep -q '^4 ' "$T/plots/anon-fault-throughput-by-size.dat" || fail "4K not at x=4"

run_mb plot plot "$T/base" --out "$T/one"
[ "$RC" = 0 ] || { show plot; fail "plot exited $RC"; }
checkgraph "$T/one/anon-fault-throughput-by-size"
[ -e "$T/one/anon-fault-throughput-change-by-size.png" ] && fail "change graph from one run"

run_mb hist history "$T/series" "$T/base" --plot "$T/hist"
[ "$RC" = 0 ] || { show hist; fail "history exited $RC"; }
# ordered by start time: base first, whatever the command line said
grep -q "^  A: $rel base" "$T/hist.out" || { show hist; fail "history order"; }
checkgraph "$T/hist/history-anon-fault-size_4K_mode_write_policy_always_mem_64M_use_zero_page_1-throughput" 1000x600

# A tasks= sweep is drawn against tasks, a panel per setting of the
# other parameters, a line per run (synthetic samples; like the harness,
# tasks=1 is left out).
for d in s1 s2; do
	mkdir "$T/$d" && cp "$T/base/meta.json" "$T/$d/"
	python3 - "$T/$d/samples.jsonl" "${d#s}" <<'PY'
import json, sys
with open(sys.argv[1], "w") as o:
    for mode in ("process", "thread"):
        for t in (1, 2, 4):
            for r in range(3):
                v = int(sys.argv[2]) * t * 100 * (1 + 0.01 * r)
                p = {"mode": mode, "tasks": str(t)} if t > 1 else {"mode": mode}
                o.write(json.dumps({"bench": "fake", "params": p,
                    "rep": r, "fallback": False, "metrics": {"ops": {"value": v,
                    "unit": "ops/s", "better": "higher", "mean": "harmonic"}}}) + "\n")
PY
done
run_mb scal plot "$T/s1" "$T/s2" --out "$T/scal"
[ "$RC" = 0 ] || { show scal; fail "plot of a tasks sweep exited $RC"; }
checkgraph "$T/scal/fake-ops-by-tasks"
checkgraph "$T/scal/fake-ops-change-by-tasks"
[ "$(grep -c '^# panel' "$T/scal/fake-ops-by-tasks.dat")" = 4 ] ||
	fail "want 4 lines (2 panels, mode=process and thread, x 2 runs)"
[ "$(grep -c '^[124] ' "$T/scal/fake-ops-by-tasks.dat")" = 12 ] ||
	fail "want 3 points (tasks 1 2 4) on each line"
[ -e "$T/plots/anon-fault-throughput-by-tasks.png" ] &&
	fail "graph against tasks without a tasks sweep"

# make compare: table, graphs, and where they went (with the binary
# under test: -o keeps make from rebuilding it).
B=$(dirname "$MMBENCH")
make -s -C "$(dirname "$0")/../.." O="$B" -o "$MMBENCH" compare BEFORE="$T/base" \
	AFTER="$T/series" PLOTS="$T/mk" >"$T/mk.out" 2>&1 || { cat "$T/mk.out"; fail "make compare"; }
grep -q "^graphs: $T/mk" "$T/mk.out" || fail "make compare did not say where the graphs went"
checkgraph "$T/mk/anon-fault-throughput-by-size"
echo "ok"
