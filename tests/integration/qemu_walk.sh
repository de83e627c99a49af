#!/bin/bash
# walk under x86-64 TCG on Debian's 6.12 and 6.1: every state each kernel
# can make is made and proven (the census, no fallback), each op leaves
# what it must, guard (and mixed, which holds guards) skips on both with
# the MADV_GUARD_INSTALL reason, pagemap-scan skips on 6.1 with the
# PAGEMAP_SCAN reason, and `mmbench compare` lines the two kernels up on
# the points both ran.  Wall time under TCG is noise: no speed asserted.
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/qemu.bash"

ops=smaps,smaps_rollup,pagemap,pagemap-scan,mincore,mprotect,mremap,fork,munmap,dontneed,swapin
quick_wl "$T/w.wl" \
	"walk backing=anon state=present,swapped,guard,zero,mixed op=$ops mem=4M reps=1 warmup=0" \
	"walk backing=shmem state=present,swapped,uffd-wp,guard op=$ops mem=4M reps=1 warmup=0"

# check_samples SCAN: every point ran or skipped for a reason this kernel
# has; SCAN: whether it has PAGEMAP_SCAN (6.7+).
check_samples() {
	jcheck "$RUN" "SCAN = $1"'
OPS = "'"$ops"'".split(",")
pages = (4 << 20) // 4096
key = {"present": "present", "swapped": "swap", "uffd-wp": "marker", "zero": "zero"}
states = {"anon": ["present", "swapped", "guard", "zero", "mixed"],
          "shmem": ["present", "swapped", "uffd-wp", "guard"]}
want = set((b, st, op) for b in states for st in states[b] for op in OPS)
got = {}
for s in S:
    p = s["params"]
    got.setdefault((p["backing"], p["state"], p["op"]), []).append(s)
ok(set(got) == want, "points: missing %r, extra %r" % (sorted(want - set(got)), sorted(set(got) - want)))
ok(M["points_failed"] == 0, "points_failed %r" % M["points_failed"])
ran = skipped = 0
for (b, st, op), ss in sorted(got.items()):
    w = "%s state=%s op=%s" % (b, st, op)
    check(len(ss) == 1, w + ": %d samples" % len(ss))
    s = ss[0]
    # Neither kernel has guards (6.13+ anon, 6.15+ shmem); mixed holds them.
    if st in ("guard", "mixed"):
        check("MADV_GUARD_INSTALL" in s.get("skipped", ""), w + ": not skipped for guards: %r" % s.get("skipped"))
        skipped += 1
        continue
    if op == "pagemap-scan" and not SCAN:
        check("PAGEMAP_SCAN" in s.get("skipped", ""), w + ": not skipped for PAGEMAP_SCAN: %r" % s.get("skipped"))
        skipped += 1
        continue
    if "metrics" not in s:
        check(False, w + ": not measured: %s" % (s.get("skipped") or s.get("failed")))
        continue
    ran += 1
    check(s["fallback"] is False, w + ": fallback: %s" % s.get("fallback_reason"))
    # The census: the whole region in the state, nothing else.
    for k in ("present", "swap", "marker", "guard", "zero", "none"):
        check(s["before_" + k] == (pages if k == key[st] else 0), w + ": before_%s %r" % (k, s["before_" + k]))
    if op in ("smaps", "smaps_rollup", "pagemap", "pagemap-scan", "mincore", "mprotect"):
        check(all(s["after_" + k] == s["before_" + k] for k in key.values()), w + ": the op changed the state")
    if op == "dontneed":
        left = s["after_present"] + s["after_zero"] + (s["after_swap"] if b == "anon" else 0)
        check(left == 0, w + ": dontneed left %d pages" % left)
        check(s["after_marker"] == s["before_marker"], w + ": dontneed dropped markers")
    if op == "swapin":
        check(s["after_swap"] == 0 and s["after_marker"] == 0 and
              s["after_present"] == (0 if st == "zero" else pages), w + ": swapin left %r" % s)
    if op == "mremap" and st == "uffd-wp":
        check(s["after_marker"] == 0, w + ": mremap kept %r markers" % s["after_marker"])
    if op == "fork":
        check(s["child_marker"] == 0, w + ": the child kept markers")
        if b == "anon" and st in ("present", "swapped"):
            check(s["child_" + key[st]] == pages, w + ": the child has %r" % s["child_" + key[st]])
    if op == "munmap" and st == "swapped":
        check(s["swap_freed_bytes"] > 0, w + ": munmap freed no swap")
    if op == "pagemap-scan":
        check(s["entries"] >= 1, w + ": pagemap-scan reported nothing")
    check(s["metrics"]["ns_per_4k"]["value"] > 0, w + ": no ns_per_4k")
ok(ran == (66 if SCAN else 60), "%d points ran" % ran)
ok(M["points_ok"] == ran and M["points_skipped"] == skipped,
   "meta: %r ok, %r skipped; samples: %d, %d" % (M["points_ok"], M["points_skipped"], ran, skipped))
'
}

need_kernel x86_64 linux-image-6.12
qrun k612 KERNEL="$KIMG" WORKLOAD="$T/w.wl" ACCEL=tcg TIMEOUT=300
no_stale_qemu
check_run k612 x86_64 "$KREL"
check_samples True || fail "6.12 samples (see above)"
run612=$RUN rel612=$KREL

need_kernel x86_64 linux-image-6.1
qrun k61 KERNEL="$KIMG" WORKLOAD="$T/w.wl" ACCEL=tcg TIMEOUT=300
no_stale_qemu
check_run k61 x86_64 "$KREL"
check_samples False || fail "6.1 samples (see above)"
run61=$RUN

# compare: exits 0, prints its table, and lines up the points both ran:
# 60 measured on both, pagemap-scan only on 6.12, guard and mixed on neither.
rc=0
"$MMBENCH" compare "$run612" "$run61" >"$T/cmp.txt" 2>"$T/cmp.err" || rc=$?
[ "$rc" = 0 ] || { cat "$T/cmp.err"; fail "compare exited $rc"; }
for r in "$rel612" "$KREL"; do
	grep -q "kernel $r" "$T/cmp.txt" || fail "compare does not name kernel $r: $(head -8 "$T/cmp.txt")"
done
# The text layout is the table view's own; only what it must name.
for w in walk mremap uffd-wp "no PAGEMAP_SCAN" MADV_GUARD_INSTALL; do
	grep -q "$w" "$T/cmp.txt" || fail "compare's table does not name '$w'"
done
rc=0
"$MMBENCH" compare "$run612" "$run61" --format json >"$T/cmp.json" 2>"$T/cmp.err" || rc=$?
[ "$rc" = 0 ] || { cat "$T/cmp.err"; fail "compare --format json exited $rc"; }
python3 - "$T/cmp.json" <<'EOF' || fail "compare did not line the kernels up (see above)"
import json, sys
d = json.load(open(sys.argv[1]))
rows = [r for r in d["rows"] if r["bench"] == "walk"]
def run(r, name):
    return [x for x in r["runs"] if x["run"] == name][0]
def pt(r):
    p = dict(kv.split("=", 1) for kv in r["params"].split())
    return (p["backing"], p["state"], p["op"])
ns = [r for r in rows if r.get("metric") == "ns_per_4k"]
both = set(pt(r) for r in ns if run(r, "A")["state"] == run(r, "B")["state"] == "ok")
only = set(pt(r) for r in ns if run(r, "A")["state"] == "ok" and run(r, "B")["state"] != "ok")
err = []
if len(both) != 60 or any(op == "pagemap-scan" or st in ("guard", "mixed") for _, st, op in both):
    err.append("common points: %d %r" % (len(both), sorted(both)))
if only != set((b, st, "pagemap-scan") for b, st in (("anon", "present"), ("anon", "swapped"),
        ("anon", "zero"), ("shmem", "present"), ("shmem", "swapped"), ("shmem", "uffd-wp"))):
    err.append("ran on 6.12 only: %r" % sorted(only))
for r in ns:
    if pt(r) in both and "change" not in run(r, "B"):
        err.append("%s: no change against 6.12" % r["params"])
    if pt(r) in only and "PAGEMAP_SCAN" not in run(r, "B").get("note", ""):
        err.append("%s: 6.1 not skipped for PAGEMAP_SCAN: %r" % (r["params"], run(r, "B")))
# guard and mixed: a row with no metric, skipped on both with the reason.
guards = [r for r in rows if pt(r)[1] in ("guard", "mixed")]
if len(guards) != 33 or any("metric" in r or "MADV_GUARD_INSTALL" not in run(r, x).get("note", "")
                            for r in guards for x in "AB"):
    err.append("guard rows: %d %r" % (len(guards), guards[:2]))
if err:
    print("\n".join(err))
    sys.exit(1)
EOF
echo "ok: walk on $rel612 and $KREL, 60 points compared"
