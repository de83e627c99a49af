#!/bin/bash
# mmbench compare/plot/history on two real runs: the statistics match the
# samples, the text table fits 72 columns, the graphs are real PNG/SVG of
# the expected size, and make compare says where they went.
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

run_mb cmp compare "$T/base" "$T/series"
[ "$RC" = 0 ] || { show cmp; fail "compare exited $RC"; }
awk 'length($0) > 72 { print "over 72 columns: " $0; bad = 1 } END { exit bad }' \
	"$T/cmp.out" || fail "text table wider than 72 columns"
grep -q "^  A: base, kernel $rel" "$T/cmp.out" || { show cmp; fail "no header for A"; }
grep -q "^  B: series, kernel $rel" "$T/cmp.out" || { show cmp; fail "no header for B"; }
grep -q "Welch's t" "$T/cmp.out" || fail "CI method not named"
for s in 4K $big; do
	grep -q "^anon-fault size=$s mode=write" "$T/cmp.out" || fail "no $s point"
done
grep -q "^ throughput GB/s, higher is better, harmonic mean" "$T/cmp.out" ||
	fail "throughput header"
# Under the table, the sensitivity of throughput (anon-fault's first
# metric) at each size, the only parameter that varies.
grep -q "^B against A could not have seen changes below$" "$T/cmp.out" ||
	{ show cmp; fail "no sensitivity sentence"; }
grep -q "^  anon-fault throughput: [0-9.e+]*% at size=4K" "$T/cmp.out" ||
	{ show cmp; fail "no sensitivity of anon-fault throughput at size=4K"; }

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

# csv and markdown carry the same rows.
run_mb csv compare "$T/base" "$T/series" --format csv --ci bootstrap
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
run_mb md compare "$T/base" "$T/series" --format markdown
grep -q '^| benchmark | metric | run |' "$T/md.out" || fail "markdown table"
grep -q '^  - anon-fault throughput: ' "$T/md.out" || fail "markdown sensitivity"

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
checkgraph() {
	[ "$(pngsize "$1.png")" = 1000x600 ] || fail "$1.png: not a 1000x600 PNG"
	[ "$(svgsize "$1.svg")" = 1000x600 ] || fail "$1.svg: not a 1000x600 SVG"
}

run_mb cmpplot compare "$T/base" "$T/series" --plot "$T/plots"
[ "$RC" = 0 ] || { show cmpplot; fail "compare --plot exited $RC"; }
for m in throughput ns_per_fault; do
	checkgraph "$T/plots/anon-fault-$m"
	checkgraph "$T/plots/anon-fault-$m-change"
done

run_mb plot plot "$T/base" --out "$T/one"
[ "$RC" = 0 ] || { show plot; fail "plot exited $RC"; }
checkgraph "$T/one/anon-fault-throughput"
[ -e "$T/one/anon-fault-throughput-change.png" ] && fail "change graph from one run"

run_mb hist history "$T/series" "$T/base" --plot "$T/hist"
[ "$RC" = 0 ] || { show hist; fail "history exited $RC"; }
# ordered by start time: base first, whatever the command line said
grep -q "^  A: $rel base" "$T/hist.out" || { show hist; fail "history order"; }
checkgraph "$T/hist/history-anon-fault-size_4K_mode_write_policy_always_mem_64M_use_zero_page_1-throughput"

# A tasks= sweep gives a scaling curve per run and setting of the other
# parameters (synthetic samples; like the harness, tasks=1 is left out).
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
checkgraph "$T/scal/fake-ops-scaling"
[ "$(grep -c '^#' "$T/scal/fake-ops-scaling.dat")" = 4 ] ||
	fail "want 4 curves (2 runs x 2 modes)"
[ "$(grep -c '^[124] ' "$T/scal/fake-ops-scaling.dat")" = 12 ] ||
	fail "want 3 points (tasks 1 2 4) on each curve"
[ -e "$T/plots/anon-fault-throughput-scaling.png" ] &&
	fail "scaling graph without a tasks sweep"

# make compare: table, graphs, and where they went (with the binary
# under test: -o keeps make from rebuilding it).
B=$(dirname "$MMBENCH")
make -s -C "$(dirname "$0")/../.." O="$B" -o "$MMBENCH" compare BEFORE="$T/base" \
	AFTER="$T/series" PLOTS="$T/mk" >"$T/mk.out" 2>&1 || { cat "$T/mk.out"; fail "make compare"; }
grep -q "^graphs: $T/mk" "$T/mk.out" || fail "make compare did not say where the graphs went"
checkgraph "$T/mk/anon-fault-throughput"
echo "ok"
