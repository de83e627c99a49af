#!/bin/bash
# zap and fork at 4K, 64K and 2M (and 2M mapped by PTEs): the setup
# allocated the folios asked for, the zap freed them whole, and the
# write faults after fork are what every x86 machine does per size
# (a THP reused after fork: at least one fault, spurious ones vary).
. "$(dirname "$0")/lib.bash"
require_idle
for s in 64kB 2048kB; do
	[ -e "$THP/hugepages-$s/enabled" ] || skip "size hugepages-$s not offered"
done
knob_snapshot "$T/before"
bad=0
COMMON='
sz = {"4K": 4096, "64K": 65536, "2M": 2 << 20}
MEM = 64 << 20
def setup_ok(s, where):
    k = s["params"]["size"]
    n = MEM // sz[k]
    check(s["folios"] == {k: n}, where + ": folios %r, want {%r: %d}" % (s["folios"], k, n))
    check(s["fallback"] is False, where + ": fallback: %s" % s.get("fallback_reason"))
    m = s["metrics"]
    check(m["time"]["value"] > 0 and m["ns_per_4k"]["value"] > 0 and m["throughput"]["value"] > 0,
          where + ": metrics %r" % m)
    check(abs(m["ns_per_4k"]["value"] * (MEM // 4096) - s["ns"]) <= s["ns"] * 1e-6 + 1,
          where + ": ns_per_4k does not match ns")
    if s["params"]["pmd-as-pte"] == "1":
        check(s.get("pmds_split_to_ptes", 0) >= n, where + ": pmds_split_to_ptes %r" % s.get("pmds_split_to_ptes"))
    return k, n
'

run_mb zap run zap size=4K,64K,2M op=munmap,dontneed,exit mem=64M reps=2 warmup=1 out="$T/zap"
[ "$RC" = 0 ] || { show zap; fail "zap exited $RC"; }
run_mb zpte run zap size=2M op=munmap,dontneed,exit pmd-as-pte=1 mem=64M reps=2 warmup=1 out="$T/zpte"
[ "$RC" = 0 ] || { show zpte; fail "zap pmd-as-pte exited $RC"; }
for d in zap zpte; do
	jcheck "$T/$d" "$COMMON"'
want = {"zap": 18, "zpte": 6}["'$d'"]
ok(len(S) == want, "%d samples, want %d" % (len(S), want))
for s in S:
    p = s["params"]
    where = "zap size=%s op=%s pte=%s rep %d" % (p["size"], p["op"], p["pmd-as-pte"], s["rep"])
    k, n = setup_ok(s, where)
    if k == "4K":
        continue
    check(s["split"] == 0, where + ": %d folios split while zapping" % s["split"])
    # nr_anon falls by the folio count; folios still in a per-CPU LRU
    # batch leave it a little later.
    check(n - 31 <= s["folios_freed"] <= n + 31, where + ": nr_anon fell by %d, want %d" % (s["folios_freed"], n))
    if p["pmd-as-pte"] == "0":
        check(s["thp_split_pmd"] == 0, where + ": PMDs split by the zap")
' || bad=1
done

run_mb fork run fork size=4K,64K,2M op=fork,cow-byte,reuse-byte,child-reuse-byte mem=64M reps=2 warmup=1 out="$T/fork"
[ "$RC" = 0 ] || { show fork; fail "fork exited $RC"; }
jcheck "$T/fork" "$COMMON"'
ok(len(S) == 24, "%d samples, want 24" % len(S))
for s in S:
    p = s["params"]
    op = p["op"]
    where = "fork size=%s op=%s rep %d" % (p["size"], op, s["rep"])
    k, n = setup_ok(s, where)
    pages = MEM // 4096
    f = s["minflt"]
    if op == "fork":
        check(f < 200, where + ": %d faults in the parent during fork()" % f)
    elif op == "cow-byte":
        # CoW copies 4K at a time, whatever the folio size.
        check(pages <= f <= pages * 1.01, where + ": %d CoW faults, want %d" % (f, pages))
        if k == "2M":
            check(s["thp_split_pmd"] >= n, where + ": CoW did not split the PMDs")
    else:
        # Reuse: fork write-protected every PTE, so 4K and 64K take one
        # fault per 4K page.  A PMD THP takes one real fault (reused
        # whole by do_huge_pmd_wp_page, the writable PMD set without a
        # TLB flush), then a spurious fault for each 4K page of it that
        # still has a read-only TLB entry: none here, dozens per THP on
        # other machines.  A stale entry faults at most once, so on
        # every machine: folios <= faults <= pages.
        want = n if k == "2M" else pages
        check(want <= f <= pages * 1.01 + 2,
              where + ": %d faults, want %d..%d" % (f, want, pages))
        # Reused in place: no PMD is split (nor any folio, below).
        check(s["thp_split_pmd"] == 0, where + ": %d PMDs split" % s["thp_split_pmd"])
    if op != "fork":
        # Whatever it is (1 per THP or not), it is minflt / folios.
        fpf = s.get("faults_per_folio")
        check(isinstance(fpf, (int, float)) and not isinstance(fpf, bool)
              and abs(fpf - f / n) <= 1e-9 * (f / n) + 1e-12,
              where + ": faults_per_folio %r, minflt/folios %r" % (fpf, f / n))
    if op == "child-reuse-byte":
        check(s.get("minflt_of") == "child", where + ": minflt is not the child faults")
    if k != "4K":
        check(s["split"] == 0, where + ": %d folios split" % s["split"])
' || bad=1

knob_snapshot "$T/after"
knobs_same "$T/before" "$T/after" || fail "knobs differ after the runs"
[ "$bad" = 0 ] || fail "samples do not show what was asked for (see above)"
echo "ok"
