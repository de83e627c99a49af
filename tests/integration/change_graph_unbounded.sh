#!/bin/bash
# A change whose CI has no upper end (throughput, a harmonic mean, with
# one repetition near zero) still gets its bar in the change graph: the
# data file has the change and a finite whisker end where the CI has
# none, and gnuplot draws it (written runs, nothing measured).
. "$(dirname "$0")/lib.bash"
command -v gnuplot >/dev/null || fail "gnuplot missing (scripts/deps.sh installs gnuplot-nox)"
mkdir -p "$T/a" "$T/b"
python3 - "$T" <<'PY'
import json, sys
t = sys.argv[1]
runs = {"a": [[10.0, 10.2, 9.9], [20.0, 20.3, 19.8]],
        "b": [[8.0, 0.05, 9.0], [19.9, 20.1, 20.0]]}
for r, pts in runs.items():
    json.dump({"label": r, "status": "complete", "timebase": "wall",
               "started": "2026-11-29T0%d:00:00+0000" % (r == "b"),
               "kernel": {"release": "6.18.0-test", "cmdline": "ro"}},
              open("%s/%s/meta.json" % (t, r), "w"))
    with open("%s/%s/samples.jsonl" % (t, r), "w") as f:
        for p, (size, vals) in enumerate(zip(("4K", "64K"), pts)):
            for rep, v in enumerate(vals):
                f.write(json.dumps({
                    "bench": "anon-fault", "point": p, "rep": rep,
                    "params": {"size": size, "mode": "write", "mem": "1G"},
                    "fallback": False,
                    "metrics": {"throughput": {"value": v, "unit": "GB/s",
                                "better": "higher", "mean": "harmonic"}}}) + "\n")
PY
"$MMBENCH" compare "$T/a" "$T/b" --format json >"$T/c.json" ||
	fail "compare failed"
python3 - "$T/c.json" <<'PY' || fail "the 4K change's CI is not unbounded: the test proves nothing"
import json, sys
r = [r for r in json.load(open(sys.argv[1]))["rows"] if "size=4K" in r["params"]][0]
hi = r["runs"][1].get("ci_hi")
assert hi is None or hi == float("inf"), hi
PY
"$MMBENCH" compare "$T/a" "$T/b" --plot "$T/p" >"$T/o" 2>&1 ||
	{ cat "$T/o"; fail "compare --plot failed"; }
dat=$(ls "$T"/p/anon-fault-throughput-change-by-size*.dat 2>/dev/null | head -1)
[ -f "$dat" ] || fail "no change graph data in $T/p: $(ls "$T/p")"
[ -s "$T/p/anon-fault-throughput-change-by-size.png" ] || fail "no change graph"
# slot 0 (4K): change, lo, hi must all be numbers
awk '!/^#/ && $1 == "0" { if ($2 == "NaN" || $3 == "NaN" || $4 == "NaN") bad = 1; seen = 1 }
	END { exit !(seen && !bad) }' "$dat" ||
	fail "the 4K bar has a NaN in its row, gnuplot drops it: $(grep -v '^#' "$dat" | head -3)"
grep -q '"CI unbounded"' "$dat" || fail "the 4K bar does not say its CI is unbounded"
echo ok
