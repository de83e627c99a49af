#!/bin/bash
# uffd-wp-zap at 4K, 64K and 2M (and 2M mapped by PTEs), by
# MADV_DONTNEED and MADV_REMOVE: shmem folios of the size asked for,
# and a uffd-wp marker left in every zapped page.
. "$(dirname "$0")/lib.bash"
require_idle
for s in 64kB 2048kB; do
	[ -e "$THP/hugepages-$s/shmem_enabled" ] || skip "no shmem size hugepages-$s"
done
[ -e /proc/sys/vm/unprivileged_userfaultfd ] ||
	skip "kernel without userfaultfd (CONFIG_USERFAULTFD)"
knob_snapshot "$T/before"
run_mb u run uffd-wp-zap size=4K,64K,2M zap=dontneed,remove mem=64M reps=2 warmup=1 out="$T/u"
# WP on shmem (5.19) is older than shmem mTHP sizes (6.11), and
# userfaultfd is there (checked above): mmbench's own skip here is a
# regression.
[ "$RC" = 0 ] || { show u; fail "uffd-wp-zap exited $RC"; }
run_mb p run uffd-wp-zap size=2M zap=dontneed,remove pmd-as-pte=1 mem=64M reps=2 warmup=1 out="$T/p"
[ "$RC" = 0 ] || { show p; fail "uffd-wp-zap pmd-as-pte exited $RC"; }
bad=0
for d in u p; do
	jcheck "$T/$d" '
sz = {"4K": 4096, "64K": 65536, "2M": 2 << 20}
pages = (64 << 20) // 4096
ok(len(S) == {"u": 12, "p": 4}["'$d'"], "%d samples" % len(S))
for s in S:
    p = s["params"]
    k = p["size"]
    n = (64 << 20) // sz[k]
    where = "uffd-wp-zap size=%s zap=%s pte=%s rep %d" % (k, p["zap"], p["pmd-as-pte"], s["rep"])
    check(s["folios"] == {k: n}, where + ": folios %r" % s["folios"])
    check(s["fallback"] is False, where + ": fallback: %s" % s.get("fallback_reason"))
    check(s["uffd_wp_markers"] == pages, where + ": %d markers for %d pages" % (s["uffd_wp_markers"], pages))
    check(s["present_pages"] == 0, where + ": %d pages still mapped" % s["present_pages"])
    if k != "4K":
        key = "%dkB" % (sz[k] // 1024)
        a = s["stats"]["mthp"].get(key, {}).get("shmem_alloc", 0)
        check(a == 0, where + ": shmem allocated during the zap")
    if p["pmd-as-pte"] == "1":
        check(s["pmds_split_to_ptes"] >= n, where + ": pmds_split_to_ptes %d" % s["pmds_split_to_ptes"])
' || bad=1
done
knob_snapshot "$T/after"
knobs_same "$T/before" "$T/after" || fail "knobs differ after the runs"
[ "$bad" = 0 ] || fail "samples do not show what was asked for (see above)"
echo "ok"
