#!/bin/bash
# mmbench compare on damaged and mismatched runs: a missing directory, a
# last line cut short, garbage, a metric without a unit, runs that share
# nothing, icount against wall time, setup differences, fallback points.
. "$(dirname "$0")/lib.bash"
require_idle

run_mb r run anon-fault size=4K,64K mem=64M reps=3 warmup=1 label=base out="$T/a"
[ "$RC" = 0 ] || { show r; fail "run exited $RC"; }
cp -r "$T/a" "$T/b"

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
grep -q "^anon-fault size=4K" "$T/nogp.out" || fail "no table without gnuplot"

# A run killed mid-line: the cut line is named, the rest is used.
n=$(nlines "$T/b/samples.jsonl")
head -c -40 "$T/a/samples.jsonl" >"$T/b/samples.jsonl"
run_mb cut compare "$T/a" "$T/b"
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
python3 - "$T/b/meta.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
m["timebase"] = "icount"
json.dump(m, open(sys.argv[1], "w"))
PY
run_mb icount compare "$T/a" "$T/b"
expect icount 2 "counts wall time but .* counts icount time; they cannot be compared"

# Setup differences are listed above the table; fallback is never compared.
python3 - "$T/b" <<'PY'
import json, sys
d = sys.argv[1]
m = json.load(open(d + "/meta.json"))
m.pop("timebase")
m["cpu"]["model"] = "Other CPU 9000"
m["kernel"]["cmdline"] += " transparent_hugepage=never"
m["thp_knobs"]["defrag"] = "always"
json.dump(m, open(d + "/meta.json", "w"))
out = []
for line in open(d + "/samples.jsonl"):
    s = json.loads(line)
    if s.get("params", {}).get("size") == "64K" and "metrics" in s:
        s["fallback"] = True
        s["fallback_reason"] = "4K folios only"
    out.append(json.dumps(s))
open(d + "/samples.jsonl", "w").write("\n".join(out) + "\n")
PY
run_mb setup compare "$T/a" "$T/b"
[ "$RC" = 0 ] || { show setup; fail "setup: exit $RC"; }
for p in "^  cpu.model: A=.* B=Other CPU 9000$" \
	 "^  kernel.cmdline: B vs A: \+transparent_hugepage=never$" \
	 "^  thp_knobs.defrag: A=[a-z+]* B=always$" \
	 "FALLBACK in 3 of 3 reps, not compared: 4K folios only"; do
	grep -qE -- "$p" "$T/setup.out" || { show setup; fail "setup: no /$p/"; }
done
awk '/^anon-fault size=64K/ { p = 1 } p && /^  B / && /\[/ { bad = 1 } END { exit bad }' \
	"$T/setup.out" || { show setup; fail "a fallback point was compared"; }
# The graph shows the fallen-back point apart, in the fallback column.
run_mb fbplot compare "$T/a" "$T/b" --plot "$T/fb"
[ "$RC" = 0 ] || { show fbplot; fail "plot with a fallback point: exit $RC"; }
python3 - "$T/fb/anon-fault-throughput.dat" <<'PY' || fail "fallback not drawn apart"
import sys
rows = [l.split() for l in open(sys.argv[1]) if not l.startswith("#")]
fb = {r[1]: r[2 + 4 + 3] for r in rows}	# B's fallback_mean column
assert fb['"size=64K"'] != "NaN" and fb['"size=4K"'] == "NaN", fb
PY
[ -s "$T/fb/anon-fault-throughput.png" ] || fail "no graph"
echo "ok"
