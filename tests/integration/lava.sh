#!/bin/bash
# lab/lava: the test definition's steps, run as lava-test-shell runs them
# (its run.sh: params, set -e, cd to the tree, the steps) with recorders
# standing in for lava-test-case and lava-test-reference, on a real
# make bench run: one case per point with the median of its headline
# metric, the skip and its reason, the upload.  report-points on made-up
# runs: unsafe names, collisions, fallbacks, failures, measurements that
# are no plain decimal.  The definition and both job templates validate
# with Debian's lava-common, and a broken job does not.
# shellcheck source-path=SCRIPTDIR source=lib.bash
. "$(dirname "$0")/lib.bash"
require_idle
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
LAVA=$ROOT/lab/lava
SCHEMA=/usr/share/lava-common/lava-schema.py
SYSPY=/usr/bin/python3	# lava_common is in Debian's python, not a venv's
[ -x "$SCHEMA" ] || fail "no $SCHEMA: scripts/test-deps.sh installs Debian's lava-common (Fedora packages no LAVA)"
$SYSPY -c 'import jinja2, lava_common.schemas' 2>"$T/imp.err" ||
	fail "lava_common or jinja2 missing: $(cat "$T/imp.err")"

# --- validation -----------------------------------------------------------
testdef_check() {
	$SYSPY - "$1" <<'EOF'
import sys, yaml
from lava_common.schemas.test.testdef import validate
validate(yaml.safe_load(open(sys.argv[1])))
EOF
}
testdef_check "$LAVA/mmbench.yaml" >"$T/td.out" 2>&1 ||
	{ cat "$T/td.out"; fail "lab/lava/mmbench.yaml is no valid test definition"; }
sed 's/Lava-Test Test Definition 1.0/Lava-Test 2/' "$LAVA/mmbench.yaml" >"$T/bad-td.yaml"
testdef_check "$T/bad-td.yaml" >/dev/null 2>&1 &&
	fail "a test definition with a wrong format passed the schema"

for j in x86_64 arm64; do
	$SCHEMA job --strict "$LAVA/jobs/$j.yaml" >"$T/schema.out" 2>&1 ||
		{ cat "$T/schema.out"; fail "jobs/$j.yaml does not validate"; }
	# Rendered, with every placeholder filled (DTB_URL only on arm64).
	args=(KERNEL_URL=https://lab.example/k ROOTFS_URL=https://lab.example/r.tar.xz
	      REPO=https://git.example/mmbench.git REVISION=0123abc LABEL=series-v3
	      WORKLOAD=quick MANIFEST_URL= UPLOAD_URL=https://store.example/up)
	[ $j = arm64 ] && args+=(DTB_URL=https://lab.example/juno-r2.dtb)
	"$LAVA/render-job" "$LAVA/jobs/$j.yaml" "${args[@]}" >"$T/$j.yaml" ||
		fail "render-job $j failed"
	grep -q '__[A-Z_]*__' "$T/$j.yaml" && fail "render-job left a placeholder in $j"
	$SCHEMA job --strict "$T/$j.yaml" >"$T/schema.out" 2>&1 ||
		{ cat "$T/schema.out"; fail "rendered $j job does not validate"; }
	grep -q 'path: lab/lava/mmbench.yaml' "$T/$j.yaml" ||
		fail "$j job does not run lab/lava/mmbench.yaml"
done
"$LAVA/render-job" "$LAVA/jobs/x86_64.yaml" KERNEL_URL=x >/dev/null 2>&1 &&
	fail "render-job accepted a template with placeholders left"
# The validator can fail: no visibility, and a deploy to nowhere.
grep -v '^visibility:' "$LAVA/jobs/x86_64.yaml" >"$T/bad1.yaml"
sed 's/to: tftp/to: nowhere/' "$LAVA/jobs/arm64.yaml" >"$T/bad2.yaml"
for b in bad1 bad2; do
	$SCHEMA job --strict "$T/$b.yaml" >"$T/schema.out" 2>&1 &&
		{ cat "$T/schema.out"; fail "the validator accepted $b.yaml"; }
	grep -q 'invalid job definition' "$T/schema.out" ||
		{ cat "$T/schema.out"; fail "$b.yaml: no 'invalid job definition'"; }
done

# --- the recorders ----------------------------------------------------------
# As LAVA's own: the signal line on stdout, and every call in $T/calls.
mkdir -p "$T/bin"
cat >"$T/bin/lava-test-case" <<'EOF'
#!/bin/sh
printf '%s\t' lava-test-case "$@" >>"$LAVA_CALLS"
printf '\n' >>"$LAVA_CALLS"
id=$1; shift; data=
while [ $# -gt 0 ]; do
	case $1 in
	--result) data="$data RESULT=$2" ;;
	--units) data="$data UNITS=$2" ;;
	--measurement) data="$data MEASUREMENT=$2" ;;
	*) echo "lava-test-case: bad argument $1" >&2; exit 1 ;;
	esac
	shift 2
done
echo "<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=$id$data>"
EOF
cat >"$T/bin/lava-test-reference" <<'EOF'
#!/bin/sh
printf '%s\t' lava-test-reference "$@" >>"$LAVA_CALLS"
printf '\n' >>"$LAVA_CALLS"
echo "<LAVA_SIGNAL_TESTREFERENCE $1 $3 $5>"
EOF
chmod +x "$T/bin/lava-test-case" "$T/bin/lava-test-reference"
export LAVA_CALLS

# An artifact store taking HTTP PUT, on a free local port.
mkdir -p "$T/store"
python3 - "$T/store" "$T/port" <<'EOF' >"$T/store.log" 2>&1 &
import http.server, os, sys
d, portfile = sys.argv[1], sys.argv[2]
class H(http.server.BaseHTTPRequestHandler):
    def do_PUT(self):
        n = int(self.headers.get("Content-Length", 0))
        with open(os.path.join(d, os.path.basename(self.path)), "wb") as f:
            f.write(self.rfile.read(n))
        self.send_response(201)
        self.end_headers()
s = http.server.HTTPServer(("127.0.0.1", 0), H)
with open(portfile + ".tmp", "w") as f:
    f.write(str(s.server_port))
os.rename(portfile + ".tmp", portfile)
s.serve_forever()
EOF
at_exit "kill $! 2>/dev/null; wait $! 2>/dev/null; true"
wait_until 10 test -s "$T/port" || fail "the PUT server did not start: $(cat "$T/store.log")"
PORT=$(cat "$T/port")

# run_steps NAME VAR=VALUE..: the definition's run.sh as lava-test-shell
# writes it, the job's parameters after its params, run by /bin/sh;
# output in $T/NAME.log, calls in $T/NAME.calls, exit code in RC.
run_steps() {
	local name=$1
	shift
	python3 - "$LAVA/mmbench.yaml" "$ROOT" "$@" >"$T/$name.sh" <<'EOF' ||
import json, re, sys
path, root, job = sys.argv[1], sys.argv[2], sys.argv[3:]
# a YAML subset: the params mapping and the run steps list
params, steps, sect = [], [], None
for line in open(path):
    if re.match(r"^\S", line):
        sect = line.split(":")[0]
        continue
    m = re.match(r"^  ([A-Z_]+): (.*)$", line)
    if sect == "params" and m:
        v = m.group(2)
        params.append((m.group(1), json.loads(v) if v.startswith('"') else v))
    m = re.match(r"^    - (.*)$", line)
    if sect == "run" and m:
        steps.append(m.group(1))
print("###default parameters from test definition###")
for k, v in params:
    print("%s='%s'" % (k, v))
print("######\n###test parameters from job submission###")
for kv in job:
    k, _, v = kv.partition("=")
    print("%s='%s'" % (k, v))
print("######\nset -e\nset -x\nexport TESTRUN_ID=0_mmbench\ncd %s" % root)
print('set +x\necho "<LAVA_SIGNAL_STARTRUN $TESTRUN_ID 1>"\nset -x')
print("\n".join(steps))
print('set +x\necho "<LAVA_SIGNAL_ENDRUN $TESTRUN_ID 1>"')
EOF
		fail "cannot make run.sh from mmbench.yaml"
	grep -q 'run-bench' "$T/$name.sh" || { cat "$T/$name.sh"; fail "no run-bench step"; }
	LAVA_CALLS=$T/$name.calls
	: >"$LAVA_CALLS"
	RC=0
	PATH=$T/bin:$PATH /bin/sh "$T/$name.sh" >"$T/$name.log" 2>&1 || RC=$?
}

# check_calls NAME: every signal as LAVA's dispatcher reads it: the name
# one word of [A-Za-z0-9._-], each field NAME=VALUE with one '=', the
# measurement a plain decimal (what decimal.Decimal and the database
# take), no case twice.
check_calls() {
	python3 - "$T/$1.log" <<'EOF'
import decimal, re, sys
seen = set()
for line in open(sys.argv[1]):
    m = re.search(r"<LAVA_SIGNAL_(\S+) ([^>]+)>", line)
    if not m or m.group(1) != "TESTCASE":
        continue
    d = {}
    for p in m.group(2).split():
        parts = p.split("=")
        if len(parts) != 2:
            sys.exit("malformed field %r in %r" % (p, line))
        d[parts[0].lower()] = parts[1]
    n = d["test_case_id"]
    if not re.fullmatch(r"[A-Za-z0-9._-]{1,200}", n):
        sys.exit("unsafe name %r" % n)
    if n in seen:
        sys.exit("case %s twice" % n)
    seen.add(n)
    if d.get("result") not in ("pass", "fail", "skip"):
        sys.exit("%s: result %r" % (n, d.get("result")))
    if "measurement" in d:
        v = d["measurement"]
        if not re.fullmatch(r"-?[0-9]+(\.[0-9]{1,10})?", v):
            sys.exit("%s: measurement %r is no plain decimal" % (n, v))
        decimal.Decimal(v)
EOF
}

# --- a real run -------------------------------------------------------------
# 4K and the PMD size are offered wherever THP is; 64K reads are skipped
# (below the PMD size they map the 4K zero page; 64K not offered: also a
# skip); zap has another headline (time, us).
cat >"$T/t.wl" <<'EOF'
anon-fault size=4K,pmd mode=write mem=16M reps=3 warmup=1
anon-fault size=64K mode=read mem=16M reps=3 warmup=1
zap size=pmd op=munmap mem=16M reps=4 warmup=1
EOF
label=lava-it-$$
# make bench points build/last-run at its run: put back what was there.
LAST=$ROOT/build/last-run
if [ -f "$LAST" ]; then
	cp "$LAST" "$T/last-run"
	# shellcheck disable=SC2016	# expanded when the hook runs
	at_exit 'cp "$T/last-run" "$LAST"'
else
	# shellcheck disable=SC2016
	at_exit 'rm -f "$LAST"'
fi
run_steps real WORKLOAD="$T/t.wl" LABEL="$label" UPLOAD_URL="http://127.0.0.1:$PORT/up"
run=$(sed -n 's/^mmbench-lava: run directory: \(.*\) (left on the device)$/\1/p' "$T/real.log")
# shellcheck disable=SC2016	# expanded when the hook runs
case $run in
"$ROOT"/results/?*) [ -d "$run" ] && at_exit 'rm -rf "$run"' ;;
esac
[ "$RC" = 0 ] || { cat "$T/real.log"; fail "run.sh exited $RC"; }
if [ -z "$run" ] || [ ! -f "$run/samples.jsonl" ]; then
	cat "$T/real.log"
	fail "no run directory printed, or it has no samples"
fi
grep -q '<LAVA_SIGNAL_ENDRUN' "$T/real.log" || fail "run.sh stopped before ENDRUN"
check_calls real || { cat "$T/real.log"; fail "a signal LAVA would drop or refuse"; }
python3 - "$run" "$T/real.calls" "$T/real.log" "$T/store" <<'EOF' || { cat "$T/real.log"; fail "recorded calls"; }
import json, os, statistics, sys, tarfile
run, calls, log, store = sys.argv[1:]
P, order = {}, []
for line in open(os.path.join(run, "samples.jsonl")):
    s = json.loads(line)
    name = s["bench"] + "".join("_%s-%s" % kv for kv in s["params"].items())
    if name not in P:
        P[name] = {"skip": None, "fail": None, "v": [], "unit": None, "head": None}
        order.append(name)
    p = P[name]
    if "skipped" in s:
        p["skip"] = s["skipped"]
        continue
    if "failed" in s:
        p["fail"] = s["failed"]
        continue
    if s["fallback"] and p["fail"] is None:
        p["fail"] = "fallback in"
    if p["head"] is None:
        p["head"] = next(iter(s["metrics"]))
    m = s["metrics"][p["head"]]
    p["v"].append(m["value"])
    p["unit"] = m["unit"]
C = [l.rstrip("\n").split("\t")[:-1] for l in open(calls)]
cases = [c for c in C if c[0] == "lava-test-case"]
got = {c[1]: c[2:] for c in cases}
text = open(log).read()
def fail(msg):
    sys.exit("lava check: " + msg)
if [c[1] for c in cases] != ["mmbench-bench"] + order:
    fail("cases %r, want mmbench-bench then %r" % ([c[1] for c in cases], order))
if got["mmbench-bench"] != ["--result", "pass"]:
    fail("mmbench-bench %r" % got["mmbench-bench"])
heads = set()
skips = 0
for n in order:
    p, a = P[n], got[n]
    if p["skip"] is not None:
        skips += 1
        if a != ["--result", "skip"]:
            fail("%s: %r, want a skip" % (n, a))
        if "mmbench-lava: %s: skip: %s\n" % (n, p["skip"]) not in text:
            fail("%s: the skip reason %r is not in the log" % (n, p["skip"]))
        continue
    if p["fail"] is not None:
        # this machine could not give the size asked for: still reported
        if a != ["--result", "fail"] or "mmbench-lava: %s: fail: " % n not in text:
            fail("%s: %r, want a fail with its reason (%s)" % (n, a, p["fail"]))
        continue
    want = statistics.median(p["v"])
    heads.add(p["head"])
    if a[:2] != ["--result", "pass"] or a[2] != "--measurement" or a[4:] != ["--units", p["unit"]]:
        fail("%s: %r" % (n, a))
    if abs(float(a[3]) - want) > 1e-10 + 1e-9 * abs(want):
        fail("%s: measurement %s, median of %r is %r" % (n, a[3], p["v"], want))
    print("%s %s %s (median of %r)" % (n, a[3], p["unit"], p["v"]))
if skips != 1 or not heads:
    fail("skips %d, headlines %r: want one skip and a measured point" % (skips, heads))
refs = [c for c in C if c[0] == "lava-test-reference"]
if len(refs) != 1 or refs[0][1:4] != ["mmbench-results", "--result", "pass"]:
    fail("references %r" % refs)
url = refs[0][5]
f = os.path.join(store, os.path.basename(url))
with tarfile.open(f) as t:
    names = t.getnames()
base = os.path.basename(run)
for want in ("samples.jsonl", "meta.json"):
    if base + "/" + want not in names:
        fail("%s has no %s/%s: %r" % (f, base, want, names))
EOF

# A workload that does not exist: make bench fails, the case says so,
# and run.sh still ends.
run_steps missing WORKLOAD="$T/none.wl" LABEL=x
[ "$RC" = 0 ] || { cat "$T/missing.log"; fail "run.sh exited $RC on a failed make bench"; }
grep -q '<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=mmbench-bench RESULT=fail>' "$T/missing.log" ||
	{ cat "$T/missing.log"; fail "a failed make bench is no failed case"; }
grep -q '^mmbench-lava: mmbench-bench: fail: make bench exited [1-9]' "$T/missing.log" ||
	{ cat "$T/missing.log"; fail "no reason for the failed make bench"; }
grep -q '<LAVA_SIGNAL_ENDRUN' "$T/missing.log" || fail "run.sh stopped before ENDRUN"

# --- made-up runs -------------------------------------------------------------
mkdir -p "$T/edge"
python3 - "$T/edge/samples.jsonl" <<'EOF'
import json, sys
def m(v, unit="GB/s", name="throughput"):
    return {name: {"value": v, "unit": unit, "better": "higher", "mean": "harmonic"},
            "other": {"value": 99.0, "unit": "ns", "better": "lower", "mean": "arithmetic"}}
L = []
def add(bench, params, **kw):
    L.append(dict({"bench": bench, "params": params}, **kw))
for v in (1e-05, 3e-05, 2e-05):
    add("tiny", {"size": "64K"}, metrics=m(v), fallback=False)
for v in (1.0, 10.0, 2.0, 3.0):
    add("even", {"dir": "/mnt/my pmem", "opt": "a=b c"}, metrics=m(v), fallback=False)
add("clash", {"dir": "/a b"}, metrics=m(1.5), fallback=False)
add("clash", {"dir": "/a/b"}, metrics=m(2.5), fallback=False)
add("fb", {"size": "2M"}, metrics=m(4.0), fallback=False)
add("fb", {"size": "2M"}, metrics=m(5.0), fallback=True, fallback_reason="2 of 8 folios were 4K")
add("failed", {"op": "x"}, failed="rep 0: only 3 of 8 pages swapped out")
add("skipped", {"op": "y"}, skipped="no userfaultfd")
add("huge", {"n": "1"}, metrics=m(1e25), fallback=False)
add("small", {"n": "1"}, metrics=m(-1e-12, unit="per s"), fallback=False)
add("long", {"k%d" % i: "v" * 10 for i in range(20)}, metrics=m(7), fallback=False)
with open(sys.argv[1], "w") as f:
    for o in L:
        f.write(json.dumps(o) + "\n")
    f.write('{"bench": "cut", "par')
EOF
LAVA_CALLS=$T/edge.calls
: >"$LAVA_CALLS"
PATH=$T/bin:$PATH "$LAVA/report-points" "$T/edge" >"$T/edge.log" 2>&1 ||
	{ cat "$T/edge.log"; fail "report-points on the made-up run exited $?"; }
check_calls edge || { cat "$T/edge.log"; fail "a made-up point's signal LAVA would drop or refuse"; }
python3 - "$T/edge.calls" "$T/edge.log" <<'EOF' || { cat "$T/edge.log"; fail "made-up run"; }
import re, sys
C = [l.rstrip("\n").split("\t")[1:-1] for l in open(sys.argv[1])]
text = open(sys.argv[2]).read()
got = {c[0]: c[1:] for c in C}
def fail(msg):
    sys.exit("lava check: " + msg)
def want(name, args):
    if got.get(name) != args:
        fail("%s: %r, want %r (all: %r)" % (name, got.get(name), args, sorted(got)))
def said(s):
    if s not in text:
        fail("the log does not say %r" % s)
want("tiny_size-64K", ["--result", "pass", "--measurement", "0.00002", "--units", "GB/s"])
want("even_dir-mnt.my.pmem_opt-a.b.c", ["--result", "pass", "--measurement", "2.5", "--units", "GB/s"])
clash = sorted(n for n in got if n.startswith("clash_dir-a.b"))
if len(clash) != 2 or not all(re.fullmatch(r"clash_dir-a\.b\.[0-9a-f]{8}", n) for n in clash):
    fail("colliding names %r" % clash)
if sorted(got[n][3] for n in clash) != ["1.5", "2.5"]:
    fail("colliding points' values %r" % [got[n] for n in clash])
want("fb_size-2M", ["--result", "fail"])
said("mmbench-lava: fb_size-2M: fail: fallback in 1/2 samples: 2 of 8 folios were 4K\n")
want("failed_op-x", ["--result", "fail"])
said("mmbench-lava: failed_op-x: fail: rep 0: only 3 of 8 pages swapped out\n")
want("skipped_op-y", ["--result", "skip"])
said("mmbench-lava: skipped_op-y: skip: no userfaultfd\n")
want("huge_n-1", ["--result", "fail"])
said("mmbench-lava: huge_n-1: fail: median 1e+25 is no decimal LAVA keeps\n")
want("small_n-1", ["--result", "pass", "--measurement", "0", "--units", "per_s"])
long = [n for n in got if n.startswith("long_")]
if len(long) != 1 or len(long[0]) != 200 or not re.search(r"\.[0-9a-f]{8}$", long[0]):
    fail("long name %r" % long)
said("samples.jsonl:17: not JSON (cut short?); left out\n")
if len(C) != 10:
    fail("%d calls, want 10: %r" % (len(C), C))
EOF
# A file:// store (a share the device mounts) takes a copy.
echo data >"$T/f.txt"
"$LAVA/transfer" put "$T/f.txt" "file://$T/store/f.txt" ||
	fail "transfer put to file:// failed"
cmp -s "$T/f.txt" "$T/store/f.txt" || fail "transfer put to file:// did not copy"

sed -n '/^(not under LAVA)\|^mmbench-lava: \|^<LAVA_SIGNAL_TEST/p' "$T/real.log" | head -20
echo "ok"
