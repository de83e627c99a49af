#!/bin/bash
# Everything a run writes is strict JSON with the documented shape; it
# survives a round trip through Python, and what Python writes reads in
# mmbench's own reader (compare) as the original.
. "$(dirname "$0")/lib.bash"
require_idle

# 64K read is skipped (a "skipped" line), the rest run.
run_mb r run anon-fault size=64K,2M mode=read,write mem=64M reps=2 warmup=1 \
	label=a.b_c+d-1 out="$T/res"
[ "$RC" = 0 ] || { show r; fail "run exited $RC"; }
jcheck "$T/res" '
import math
ok(M is not None, "no meta.json")
for k in ("label", "status", "thp_knobs", "command", "kernel"):
    check(k in M, "meta.json lacks %s" % k)
check(M["label"] == "a.b_c+d-1", "label %r" % M["label"])
check(M["status"] == "complete", "status %r" % M["status"])
check(isinstance(M["thp_knobs"], dict) and "enabled" in M["thp_knobs"], "thp_knobs %r" % M["thp_knobs"])
skipped = [s for s in S if "skipped" in s]
samples = [s for s in S if "skipped" not in s and "failed" not in s]
check(len(skipped) == 1 and skipped[0]["params"]["size"] == "64K" and skipped[0]["params"]["mode"] == "read",
      "skipped lines: %r" % skipped)
check(len(samples) == 6, "%d samples, want 6" % len(samples))
for s in skipped:
    check(isinstance(s["skipped"], str) and s["skipped"], "skipped reason %r" % s["skipped"])
for i, s in enumerate(samples):
    w = "sample %d" % i
    check(s["bench"] == "anon-fault", w + ": bench")
    check(isinstance(s["point"], int) and isinstance(s["rep"], int), w + ": point/rep not ints")
    check(isinstance(s["ns"], int) and s["ns"] > 0, w + ": ns %r" % s["ns"])
    check(isinstance(s["minflt"], int) and s["minflt"] > 0, w + ": minflt %r" % s["minflt"])
    check(set(s["params"]) == {"size", "mode", "policy", "mem", "use_zero_page"}, w + ": params %r" % s["params"])
    check(all(isinstance(v, str) for v in s["params"].values()), w + ": params not strings")
    check(isinstance(s["fallback"], bool), w + ": fallback %r" % s["fallback"])
    check(("fallback_reason" in s) == s["fallback"], w + ": fallback_reason vs fallback")
    check(isinstance(s["folios"], dict) and all(isinstance(v, int) and v >= 0 for v in s["folios"].values()), w + ": folios %r" % s["folios"])
    check(all(k[:-1].isdigit() and k[-1] in "KMG" for k in s["folios"]), w + ": folio keys %r" % list(s["folios"]))
    check(set(s["stats"]) >= {"vmstat", "mthp"}, w + ": stats keys %r" % list(s["stats"]))
    check(all(isinstance(v, int) for v in s["stats"]["vmstat"].values()), w + ": vmstat not ints")
    for sz, c in s["stats"]["mthp"].items():
        check(sz.endswith("kB") and all(isinstance(v, int) for v in c.values()), w + ": mthp %s %r" % (sz, c))
    m = s["metrics"]
    for name in ("throughput", "ns_per_fault", "ns_per_4k", "faults"):
        check(name in m, w + ": no metric " + name)
    for name, v in m.items():
        check(set(v) == {"value", "unit", "better", "mean"}, w + ": metric %s keys %r" % (name, sorted(v)))
        check(isinstance(v.get("value"), (int, float)) and not isinstance(v.get("value"), bool)
              and math.isfinite(v["value"]), w + ": metric %s value %r" % (name, v.get("value")))
        check(isinstance(v.get("unit"), str) and v.get("unit"), w + ": metric %s unit %r" % (name, v.get("unit")))
        check(v.get("better") in ("higher", "lower"), w + ": metric %s better %r" % (name, v.get("better")))
        check(v.get("mean") in ("arithmetic", "harmonic"), w + ": metric %s mean %r" % (name, v.get("mean")))
    check(m["throughput"]["better"] == "higher" and m["ns_per_fault"]["better"] == "lower", w + ": better directions")
' || fail "results are not the documented JSON"
# Round trip: what python re-serialises parses back to the same objects.
python3 - "$T/res" <<'PY' || fail "round trip"
import json, sys
for line in open(sys.argv[1] + "/samples.jsonl"):
    o = json.loads(line)
    assert json.loads(json.dumps(o)) == o
m = json.load(open(sys.argv[1] + "/meta.json"))
assert json.loads(json.dumps(m)) == m
PY
# Python to C: the run rewritten by Python (keys sorted, other spacing,
# meta.json indented, floats as Python prints them) reads in mmbench's
# own reader exactly as the original: compare's JSON (C writing, Python
# reading) shows the same runs, points, counts and statistics, bit for bit.
python3 - "$T/res" "$T/py" <<'PY' || fail "python rewrite"
import json, os, sys
src, dst = sys.argv[1:]
os.mkdir(dst)
with open(os.path.join(src, "samples.jsonl")) as f, open(os.path.join(dst, "samples.jsonl"), "w") as g:
    for line in f:
        g.write(json.dumps(json.loads(line), sort_keys=True, separators=(" , ", " : ")) + "\n")
with open(os.path.join(src, "meta.json")) as f, open(os.path.join(dst, "meta.json"), "w") as g:
    json.dump(json.load(f), g, sort_keys=True, indent=3)
    g.write("\n")
PY
run_mb cmp compare "$T/res" "$T/py" --format json
[ "$RC" = 0 ] || { show cmp; fail "mmbench compare of the run and its Python rewrite exited $RC"; }
[ -s "$T/cmp.err" ] && { show cmp; fail "mmbench compare complained about the Python rewrite"; }
python3 - "$T/cmp.out" <<'PY' || { head -60 "$T/cmp.out"; fail "the C reader does not read what Python wrote as the original"; }
import json, sys
def no_nan(c):
    raise ValueError("%s is not JSON" % c)
C = json.load(open(sys.argv[1]), parse_constant=no_nan)
E = []
def check(c, m):
    if not c:
        print("check failed:", m); E.append(m)
a, b = C["runs"]
check(a["bad_lines"] == 0 and b["bad_lines"] == 0, "bad lines: %r %r" % (a["bad_lines"], b["bad_lines"]))
for k in ("label", "kernel", "status", "timebase"):
    check(a[k] == b[k], "run %s: %r != %r" % (k, a[k], b[k]))
check(a["label"] == "a.b_c+d-1" and a["status"] == "complete", "run A: %r" % a)
check(C["setup_differences"] == [], "setup differences: %r" % C["setup_differences"])
rows = C["rows"]
pts = {r["params"] for r in rows}
check(len(pts) == 4, "%d points, want 4: %r" % (len(pts), sorted(pts)))
stats = 0
for r in rows:
    ra, rb = r["runs"]
    w = "%s %s" % (r["params"], r.get("metric", ""))
    check(ra["state"] == rb["state"], w + ": state %r vs %r" % (ra["state"], rb["state"]))
    if ra["state"] == "skipped":
        check(ra["note"] == rb["note"], w + ": skip reason differs")
        continue
    check(ra["state"] == "ok", w + ": state %r" % ra["state"])
    for k in ("n", "mean", "median", "stddev", "cv"):
        check(ra.get(k) == rb.get(k), w + ": %s %r != %r" % (k, ra.get(k), rb.get(k)))
    check(rb.get("change") == 0, w + ": change %r" % rb.get("change"))
    stats += 1
check(stats >= 12, "only %d compared statistics" % stats)
sys.exit(1 if E else 0)
PY
# sysinfo: one JSON object on stdout.
"$MMBENCH" sysinfo >"$T/sysinfo.json" || fail "sysinfo exited $?"
python3 - "$T/sysinfo.json" <<'PY' || fail "sysinfo output"
import json, sys
o = json.load(open(sys.argv[1]), parse_constant=lambda c: sys.exit("%s in sysinfo" % c))
assert isinstance(o, dict) and isinstance(o.get("thp_knobs"), dict), "no thp_knobs"
assert "enabled" in o["thp_knobs"], "thp_knobs lacks enabled"
PY
echo "ok"
