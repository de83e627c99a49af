#!/bin/bash
# mmbench history --pairs on a series tracked across four rebases, each
# measured as a base run and a series run (written here, kernels named as
# make kernel names them): the series buys 10% at 4K until rebase 3, where
# that is gone, and 6% at 64K throughout.  Only 4K at rebase 3 is marked
# as a step; the trend is drawn; runs that do not pair are said to.
. "$(dirname "$0")/lib.bash"

python3 - "$T" <<'PY' || fail "writing the runs"
import json, os, sys
gain = {"4K": [0.10, 0.10, 0.0, 0.0], "64K": [0.06] * 4}
for k in range(4):
    for role in ("base", "series"):
        d = os.path.join(sys.argv[1], "r%d-%s" % (k + 1, role))
        os.makedirs(d)
        json.dump({"label": "base" if role == "base" else "series-v3",
                   "status": "complete", "timebase": "wall",
                   "started": "2026-11-%02dT0%d:00:00+0000" % (1 + 7 * k, 1 + (role != "base")),
                   "kernel": {"release": "6.18.0-rc%d-mmbench-%s" % (k + 1, "base" if role == "base" else "3f9a1c"),
                              "cmdline": "ro"}}, open(d + "/meta.json", "w"))
        with open(d + "/samples.jsonl", "w") as o:
            for p, size in enumerate(("4K", "64K")):
                for rep in range(5):
                    v = (2, 6)[p] * (1 + (gain[size][k] if role == "series" else 0)) * (1 + 0.004 * (rep - 2))
                    o.write(json.dumps({"bench": "anon-fault", "point": p,
                        "params": {"size": size, "mode": "write", "mem": "64M"},
                        "rep": rep, "fallback": False, "metrics": {
                        "throughput": {"value": v, "unit": "GB/s", "better": "higher", "mean": "harmonic"},
                        "ns_per_fault": {"value": 4096 / v, "unit": "ns", "better": "lower", "mean": "arithmetic"}}}) + "\n")
PY

# The order on the command line does not matter; start times do.
run_mb pairs history --pairs "$T"/r3-* "$T"/r1-* "$T"/r4-* "$T"/r2-*
[ "$RC" = 0 ] || { show pairs; fail "history --pairs exited $RC"; }
awk 'length($0) > 72 { print "over 72 columns: " $0; bad = 1 } END { exit bad }' \
	"$T/pairs.out" || fail "wider than 72 columns"
for k in 1 2 3 4; do
	grep -q "^  $k: 6.18.0-rc$k: base 6.18.0-rc$k-mmbench-base, series-v3" "$T/pairs.out" ||
		{ show pairs; fail "rebase $k not paired"; }
done
python3 - "$T/pairs.out" <<'PY' || { show pairs; fail "the changes or the step"; }
import re, sys
text = open(sys.argv[1]).read()
assert "ns_per_fault" not in text, "more than the headline"
blocks = dict(re.findall(r"^  size=(\w+)\n((?:    .*\n?)+)", text, re.M))
assert set(blocks) == {"4K", "64K"}, blocks.keys()
rows = {s: b.rstrip("\n").split("\n") for s, b in blocks.items()}
assert [r.split()[1] for r in rows["4K"]] == ["+10.0%", "+10.0%", "+0.0%", "+0.0%"], rows["4K"]
assert all(r.split()[1] == "+6.0%" and r.endswith("++") for r in rows["64K"]), rows["64K"]
steps = [r for s in rows for r in rows[s] if "step" in r]
assert len(steps) == 1 and steps[0].startswith("    3 ") and "step -10.0%" in steps[0] and steps[0].endswith("--"), steps
assert rows["4K"][0].endswith("++") and not rows["4K"][2].endswith("++")
PY

# The trend, drawn: a PNG and an SVG of the same size.
if command -v gnuplot >/dev/null; then
	run_mb plot history --pairs "$T"/r* --plot "$T/trend"
	[ "$RC" = 0 ] || { show plot; fail "history --pairs --plot exited $RC"; }
	for f in png svg; do
		[ -s "$T/trend/pairs-anon-fault-throughput.$f" ] || fail "no trend $f"
	done
	python3 - "$T/trend/pairs-anon-fault-throughput.dat" <<'PY' || fail "trend data"
import sys
blocks, cur = [], None
for l in open(sys.argv[1]):
    if l.startswith("# panel"):
        cur = []
        blocks.append((l.split()[3], cur))
    elif l.strip() and not l.startswith("#"):
        cur.append(l.split())
assert [b[0] for b in blocks] == ["4K", "64K"], blocks
marks = {v: [r[0] for r in rows if r[4] != "NaN"] for v, rows in blocks}
assert marks == {"4K": ["3"], "64K": []}, marks
PY
fi

# A --metric picks another; runs that do not pair are said to (exit 2).
run_mb met history --pairs "$T"/r* --metric ns_per_fault
[ "$RC" = 0 ] || { show met; fail "--metric exited $RC"; }
grep -q "^anon-fault ns_per_fault ns, lower is better" "$T/met.out" || { show met; fail "--metric"; }
run_mb lone history --pairs "$T/r1-base" "$T/r2-series"
[ "$RC" = 2 ] || { show lone; fail "unpaired runs: exit $RC, want 2"; }
grep -q "a base run without a series run after it; left out$" "$T/lone.err" ||
	{ show lone; fail "unpaired base not said"; }
grep -q "no rebase has both a base run and a series run" "$T/lone.err" ||
	{ show lone; fail "no pair not said"; }
echo "ok"
