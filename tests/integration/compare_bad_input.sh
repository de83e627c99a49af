#!/bin/bash
# mmbench compare on damaged and mismatched runs: a missing directory, a
# last line cut short, garbage, a metric without a unit, runs that share
# nothing, icount against wall time, setup differences, fallback points.
# The runs are written here, meta.json included: nothing in them comes
# from this machine (its CPU, cmdline or THP knobs), so neither does any
# expected line.
. "$(dirname "$0")/lib.bash"

# write_meta DIR CPU CMDLINE DEFRAG [TIMEBASE]: DIR/meta.json.
write_meta() {
	python3 - "$@" <<'PY'
import json, sys
d, cpu, cmdline, defrag = sys.argv[1:5]
m = {"label": "base", "status": "complete",
     "started": "2026-11-23T01:02:03+0000",
     "timebase": sys.argv[5] if len(sys.argv) > 5 else "wall",
     "kernel": {"release": "6.18.0-test", "cmdline": cmdline},
     "cpu": {"model": cpu, "online": 4},
     "thp_knobs": {"enabled": "always", "defrag": defrag}}
json.dump(m, open(d + "/meta.json", "w"), indent=2)
PY
}

# write_samples DIR: anon-fault at 4K, then 64K, 3 repetitions each, one
# compact JSON object a line as the harness writes them.
write_samples() {
	python3 - "$1" <<'PY'
import json, sys
with open(sys.argv[1] + "/samples.jsonl", "w") as o:
    for point, size in enumerate(("4K", "64K")):
        for rep in range(3):
            tp = 2.0 + 0.1 * rep
            s = {"bench": "anon-fault", "point": point,
                 "params": {"size": size, "mode": "write",
                            "policy": "always", "mem": "64M",
                            "use_zero_page": "1"},
                 "rep": rep, "fallback": False,
                 "metrics": {
                     "throughput": {"value": tp, "unit": "GB/s",
                                    "better": "higher", "mean": "harmonic"},
                     "ns_per_fault": {"value": 2048 / tp, "unit": "ns",
                                      "better": "lower",
                                      "mean": "arithmetic"}}}
            o.write(json.dumps(s, separators=(",", ":")) + "\n")
PY
}

CPU_A="Intel(R) Xeon(R) Processor"
CMDLINE_A="ro quiet console=ttyS0"
mkdir "$T/a" "$T/b" || fail "mkdir"
write_meta "$T/a" "$CPU_A" "$CMDLINE_A" madvise
write_samples "$T/a"
cp "$T/a/meta.json" "$T/a/samples.jsonl" "$T/b/"

# expect NAME RC 'grep -E pattern': exit code and one line of stderr.
expect() {
	[ "$RC" = "$2" ] || { show "$1"; fail "$1: exit $RC, want $2"; }
	grep -qE -- "$3" "$T/$1.err" || { show "$1"; fail "$1: no message /$3/"; }
}

run_mb missing compare "$T/a" "$T/nope"
expect missing 2 "^mmbench: $T/nope: no such results directory$"
run_mb one compare "$T/a"
expect one 2 "needs at least two results directories"
run_mb fmt compare "$T/a" "$T/b" --format yaml
expect fmt 2 "^mmbench: --format yaml: use text, markdown, csv or json$"
run_mb ci compare "$T/a" "$T/b" --ci magic
expect ci 2 "^mmbench: --ci magic: use welch or bootstrap$"

# No gnuplot templates: the table is printed, the graphs are skipped (4).
MMBENCH_GNUPLOT_DIR=$T/none run_mb nogp compare "$T/a" "$T/b" --plot "$T/p"
expect nogp 4 "^mmbench: gnuplot template values.gp not in MMBENCH_GNUPLOT_DIR=$T/none$"
grep -q "^anon-fault throughput GB/s" "$T/nogp.out" || fail "no summary without gnuplot"
# Same setup on both sides: nothing to list.
grep -q "setup differences" "$T/nogp.out" && { show nogp; fail "setup differences of identical runs"; }

# A run killed mid-line: the cut line is named, the rest is used.
n=$(nlines "$T/b/samples.jsonl")
head -c -40 "$T/a/samples.jsonl" >"$T/b/samples.jsonl"
run_mb cut compare "$T/a" "$T/b" --all
expect cut 0 "^mmbench: $T/b/samples.jsonl:$n: last line is cut short \(run killed mid-write\?\); left out$"
grep -q "^mmbench: $T/b/samples.jsonl: using the $((n - 1)) sound lines of $n$" "$T/cut.err" ||
	{ show cut; fail "no summary of the sound lines"; }
grep -q "^  B    2 " "$T/cut.out" || { show cut; fail "64K of B should have the 2 whole samples"; }

# Garbage in the middle and a metric without a unit.
cp "$T/a/samples.jsonl" "$T/b/samples.jsonl"
sed -i '2s/.*/this is not json/; 3s/"unit":"GB\/s",//' "$T/b/samples.jsonl"
run_mb garbage compare "$T/a" "$T/b"
expect garbage 0 "samples.jsonl:2: not valid JSON; line left out$"
grep -q "samples.jsonl:3: metric 'throughput' has no unit; left out$" "$T/garbage.err" ||
	{ show garbage; fail "no message for the metric without a unit"; }

# Nothing usable at all.
echo 'garbage' >"$T/b/samples.jsonl"
run_mb empty compare "$T/a" "$T/b"
expect empty 2 "samples.jsonl: no usable sample$"

# Runs that share no benchmark point.
sed 's/"size":"4K"/"size":"8K"/; s/"size":"64K"/"size":"128K"/' \
	"$T/a/samples.jsonl" >"$T/b/samples.jsonl"
run_mb disjoint compare "$T/a" "$T/b"
expect disjoint 2 "the runs share no benchmark point"

# icount runs are never compared with wall-clock runs.
cp "$T/a/samples.jsonl" "$T/b/samples.jsonl"
write_meta "$T/b" "$CPU_A" "$CMDLINE_A" madvise icount
run_mb icount compare "$T/a" "$T/b"
expect icount 2 "counts wall time but .* counts icount time; they cannot be compared"

# Setup differences are listed above the table: a CPU model whole, the
# cmdline as words added and removed.  Fallback is never compared.
write_meta "$T/b" "Other CPU 9000" "$CMDLINE_A transparent_hugepage=never" always
python3 - "$T/b" <<'PY'
import json, sys
d = sys.argv[1]
out = []
for line in open(d + "/samples.jsonl"):
    s = json.loads(line)
    if s.get("params", {}).get("size") == "64K" and "metrics" in s:
        s["fallback"] = True
        s["fallback_reason"] = "4K folios only"
    out.append(json.dumps(s))
open(d + "/samples.jsonl", "w").write("\n".join(out) + "\n")
PY
run_mb setup compare "$T/a" "$T/b" --all
[ "$RC" = 0 ] || { show setup; fail "setup: exit $RC"; }
for p in "^  cpu.model: A=Intel\(R\) Xeon\(R\) Processor B=Other CPU 9000$" \
	 "^  kernel.cmdline: B vs A: \+transparent_hugepage=never$" \
	 "^  thp_knobs.defrag: A=madvise B=always$" \
	 "FALLBACK in 3 of 3 reps, not compared: 4K folios only"; do
	grep -qE -- "$p" "$T/setup.out" || { show setup; fail "setup: no /$p/"; }
done
[ "$(grep -c '^  [a-z_.]*: ' "$T/setup.out")" = 3 ] ||
	{ show setup; fail "setup: want exactly 3 differences"; }
awk '/^anon-fault size=64K/ { p = 1 } p && /^  B / && /\[/ { bad = 1 } END { exit bad }' \
	"$T/setup.out" || { show setup; fail "a fallback point was compared"; }
# ... nor its sensitivity given: it could not be judged.
awk '/^B against A/ { p = 1 } p { sub(/^ +/, ""); printf "%s ", $0 }' \
	"$T/setup.out" | grep -q "; could not judge size=64K (B fell back)" ||
	{ show setup; fail "the fallback point's sensitivity"; }
# The summary says so too: the cell and the reason under the block.
run_mb sumfb compare "$T/a" "$T/b"
[ "$RC" = 0 ] || { show sumfb; fail "summary with a fallback point: exit $RC"; }
grep -Eq "^ +64K +[0-9.]+ ±[0-9.]+% +fallback$" "$T/sumfb.out" ||
	{ show sumfb; fail "summary: no fallback cell at 64K"; }
grep -q "^  B at 64K: FALLBACK in 3 of 3 reps, not compared: 4K folios only$" "$T/sumfb.out" ||
	{ show sumfb; fail "summary: no reason for the fallback"; }
grep -q "^  cpu.model: A=Intel(R) Xeon(R) Processor B=Other CPU 9000$" "$T/sumfb.out" ||
	{ show sumfb; fail "summary: no setup differences"; }
# The graph shows the fallen-back point apart, in the fallback column.
# Its data file is written before gnuplot runs: without gnuplot the
# graphs are skipped (4) and the data is checked all the same.
want=0
command -v gnuplot >/dev/null || want=4
run_mb fbplot compare "$T/a" "$T/b" --plot "$T/fb"
[ "$RC" = "$want" ] || { show fbplot; fail "plot with a fallback point: exit $RC, want $want"; }
python3 - "$T/fb/anon-fault-throughput-by-size.dat" <<'PY' || fail "fallback not drawn apart"
import sys
# one block per run: x mean lo hi fallback_mean; B's is the second
blocks, cur = [], []
for l in open(sys.argv[1]):
    if l.startswith("# panel"):
        cur = []
        blocks.append(cur)
    elif l.strip() and not l.startswith("#"):
        cur.append(l.split())
b = {r[0]: r for r in blocks[1]}
assert b["64"][4] != "NaN" and b["64"][1] == "NaN", b
assert b["4"][4] == "NaN" and b["4"][1] != "NaN", b
PY
[ "$want" = 4 ] || [ -s "$T/fb/anon-fault-throughput-by-size.png" ] || fail "no graph"
echo "ok"
