#!/bin/bash
# anon-fault maps what it says: folio counts, fallback, mTHP counters
# and fault counts per size and mode.
. "$(dirname "$0")/lib.bash"
require_idle
for s in 64kB 2048kB; do
	[ -e "$THP/hugepages-$s/enabled" ] || skip "size hugepages-$s not offered"
done
knob_snapshot "$T/before"
MEM=$((256 << 20))
bad=0

run_mb w run anon-fault size=4K,64K,2M mode=write mem=256M reps=3 warmup=1 out="$T/w"
[ "$RC" = 0 ] || { show w; fail "write run exited $RC"; }
jcheck "$T/w" "MEM = $MEM
"'
sz = {"4K": 4096, "64K": 65536, "2M": 2 << 20}
ok(len(S) == 9, "%d samples, want 3 sizes x 3 reps" % len(S))
for s in S:
    p = s["params"]
    k, n = p["size"], MEM // sz[p["size"]]
    where = "size=%s rep %d" % (k, s["rep"])
    check(p["mode"] == "write" and p["mem"] == "256M", where + ": params %r" % p)
    check(s["folios"] == {k: n}, where + ": folios %r, want {%r: %d}" % (s["folios"], k, n))
    check(s["fallback"] is False, where + ": fallback: %s" % s.get("fallback_reason"))
    check("fallback_reason" not in s, where + ": fallback_reason without fallback")
    check(n <= s["minflt"] <= n * 1.01, where + ": minflt %d, want %d" % (s["minflt"], n))
    check(s["metrics"]["faults"]["value"] == s["minflt"], where + ": faults metric != minflt")
    mthp = s["stats"]["mthp"]
    if k == "4K":
        large = sum(v.get("anon_fault_alloc", 0) for v in mthp.values())
        check(large == 0, where + ": %d large folios with every size off" % large)
    else:
        key = {"64K": "64kB", "2M": "2048kB"}[k]
        a = mthp.get(key, {}).get("anon_fault_alloc", 0)
        check(a >= n, where + ": mthp %s anon_fault_alloc %d < %d" % (key, a, n))
        other = {kk: v.get("anon_fault_alloc") for kk, v in mthp.items() if kk != key and v.get("anon_fault_alloc")}
        check(not other, where + ": other sizes allocated: %r" % other)
' || bad=1

run_mb r run anon-fault size=2M mode=read use_zero_page=1,0 mem=256M reps=2 warmup=1 out="$T/r"
[ "$RC" = 0 ] || { show r; fail "read run exited $RC"; }
jcheck "$T/r" '
ok(len(S) == 4, "%d samples, want 2 x 2" % len(S))
for s in S:
    z = s["params"]["use_zero_page"]
    where = "read use_zero_page=%s rep %d" % (z, s["rep"])
    check(s["fallback"] is False, where + ": fallback: %s" % s.get("fallback_reason"))
    if z == "1":
        check(s.get("zero_page") == "2M", where + ": zero_page %r" % s.get("zero_page"))
        check(128 <= s["minflt"] <= 160, where + ": minflt %d, want about 128" % s["minflt"])
        a = s["stats"]["mthp"].get("2048kB", {}).get("anon_fault_alloc", 0)
        check(a == 0, where + ": %d 2M folios allocated for zero-page reads" % a)
    else:
        check(s["folios"] == {"2M": 128}, where + ": folios %r" % s["folios"])
        check(128 <= s["minflt"] <= 130, where + ": minflt %d" % s["minflt"])
' || bad=1

run_mb p run anon-fault size=64K mode=populate mem=256M reps=2 warmup=1 out="$T/p"
[ "$RC" = 0 ] || { show p; fail "populate run exited $RC"; }
jcheck "$T/p" '
ok(len(S) == 2, "%d samples" % len(S))
for s in S:
    check(s["folios"] == {"64K": 4096}, "populate: folios %r" % s["folios"])
    check(s["fallback"] is False, "populate: fallback: %s" % s.get("fallback_reason"))
    a = s["stats"]["mthp"].get("64kB", {}).get("anon_fault_alloc", 0)
    check(a >= 4096, "populate: anon_fault_alloc %d" % a)
' || bad=1

knob_snapshot "$T/after"
knobs_same "$T/before" "$T/after" || fail "knobs differ after the runs"
[ "$bad" = 0 ] || fail "samples do not show what was asked for (see above)"
echo "ok"
