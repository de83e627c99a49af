#!/bin/bash
# collapse: MADV_COLLAPSE and khugepaged, anon and shmem, on the real
# kernel.  Every range that must collapse did (pagemap + kpageflags,
# smaps, thp_collapse_alloc), every range past khugepaged's limits did
# not, and the knobs the points set are back afterwards.
. "$(dirname "$0")/lib.bash"
require_idle
[ -e "$THP/khugepaged/pages_collapsed" ] || skip "no khugepaged counters"
knob_snapshot "$T/before"

run_mb m run collapse how=madvise none=511,256,0 mem=16M reps=2 warmup=1 out="$T/m"
[ "$RC" = 0 ] || { show m; fail "collapse how=madvise exited $RC"; }
jcheck "$T/m" '
ok(len(S) == 6, "%d samples, want 6" % len(S))
for s in S:
    w = "madvise none=%s rep %d" % (s["params"]["none"], s["rep"])
    check(s["fallback"] is False, w + ": fallback: %s" % s.get("fallback_reason"))
    check(s["ranges"] == 8 and s["ranges_collapsed"] == 8 and s["ranges_expected"] == 8,
          w + ": %r of %r ranges collapsed" % (s["ranges_collapsed"], s["ranges"]))
    check(s["thp_collapse_alloc"] >= 8, w + ": thp_collapse_alloc %r" % s["thp_collapse_alloc"])
    check(s["smaps_anon_huge_kb"] == 16384, w + ": AnonHugePages %r kB" % s["smaps_anon_huge_kb"])
    m = s["metrics"]
    check(list(m)[0] == "us_per_range", w + ": headline is %s" % list(m)[0])
    check(m["us_per_range"]["value"] > 0, w + ": us_per_range %r" % m["us_per_range"])
    # Every collapsed range was seen stalled; a preempted watcher may
    # stall longer than the syscall, so no upper bound from it.
    check(0 < m["downtime_p50_us"]["value"] <= m["downtime_p99_us"]["value"] <= m["downtime_max_us"]["value"],
          w + ": downtime p50 %r, p99 %r, max %r" % (m["downtime_p50_us"]["value"], m["downtime_p99_us"]["value"], m["downtime_max_us"]["value"]))
' || fail "how=madvise samples (see above)"

# khugepaged: within the limits it collapses, past them it must not.
cat >"$T/k.wl" <<WL
collapse how=khugepaged none=0,256 mem=8M
collapse how=khugepaged none=256 max_ptes_none=128 mem=8M
collapse how=khugepaged shared=64,320 mem=8M
collapse how=khugepaged swapped=32,128 mem=8M
WL
run_mb k suite "$T/k.wl" reps=2 warmup=0 out="$T/k"
[ "$RC" = 0 ] || { show k; fail "collapse how=khugepaged exited $RC"; }
jcheck "$T/k" '
ok(len(S) == 14, "%d samples, want 14" % len(S))
for s in S:
    p = s["params"]
    w = "khugepaged none=%s shared=%s swapped=%s max_ptes_none=%s rep %d" % (
        p["none"], p["shared"], p["swapped"], p["max_ptes_none"], s["rep"])
    must = not (int(p["none"]) > int(p["max_ptes_none"]) or int(p["shared"]) > 256
                or int(p["swapped"]) > 64)
    check(s["fallback"] is False, w + ": fallback: %s" % s.get("fallback_reason"))
    check(s["ranges_expected"] == (4 if must else 0), w + ": expected %r" % s["ranges_expected"])
    check(s["ranges_collapsed"] == (4 if must else 0), w + ": collapsed %r" % s["ranges_collapsed"])
    m = s["metrics"]
    if must:
        check("collapse_ms" in m and m["collapse_ms"]["value"] > 0, w + ": no collapse_ms")
        check(s["pages_collapsed"] >= 4, w + ": pages_collapsed %r" % s["pages_collapsed"])
        check(s["smaps_anon_huge_kb"] == 8192, w + ": AnonHugePages %r" % s["smaps_anon_huge_kb"])
    else:
        check("collapse_ms" not in m, w + ": collapse_ms without a collapse")
        check(s["smaps_anon_huge_kb"] == 0, w + ": AnonHugePages %r" % s["smaps_anon_huge_kb"])
    check("khugepaged_cpu_ms" in m, w + ": no khugepaged_cpu_ms")
' || fail "how=khugepaged samples (see above)"

# shmem, both ways (MADV_COLLAPSE works with shmem_enabled never on 6.12
# but wants the size enabled on 6.18; khugepaged needs a registered mm).
if [ -e "$THP/shmem_enabled" ] && ! grep -q '\[deny\]' "$THP/shmem_enabled"; then
	# No watcher: its faults can race the PMD mapping of a shmem range.
	run_mb s run collapse how=madvise,khugepaged backing=shmem none=0,256 downtime=0 mem=8M reps=2 warmup=0 out="$T/s"
	[ "$RC" = 0 ] || { show s; fail "collapse backing=shmem exited $RC"; }
	jcheck "$T/s" '
ok(len(S) == 8, "%d samples, want 8" % len(S))
for s in S:
    w = "shmem how=%s none=%s rep %d" % (s["params"]["how"], s["params"]["none"], s["rep"])
    check(s["fallback"] is False, w + ": fallback: %s" % s.get("fallback_reason"))
    check(s["ranges_collapsed"] == 4, w + ": collapsed %r" % s["ranges_collapsed"])
    check(s["smaps_shmem_pmd_kb"] == 8192, w + ": ShmemPmdMapped %r" % s["smaps_shmem_pmd_kb"])
' || fail "backing=shmem samples (see above)"
fi

# Bad input is exit 2 and names the problem; a missing target is exit 4.
run_mb b1 run collapse backing=shmem shared=64 mem=8M
[ "$RC" = 2 ] && grep -q "shared= is for backing=anon" "$T/b1.err" ||
	{ show b1; fail "shared= on shmem: exit $RC"; }
run_mb b2 run collapse from=2M mem=8M
[ "$RC" = 2 ] && grep -q "must be larger than from=2M" "$T/b2.err" ||
	{ show b2; fail "from=2M to=2M: exit $RC"; }
run_mb b3 run collapse none=300 shared=300 mem=8M
[ "$RC" = 2 ] && grep -q "leaves none of the 512 PTEs" "$T/b3.err" ||
	{ show b3; fail "none+shared past the range: exit $RC"; }
if [ -d "$THP/hugepages-64kB" ] && [ ! -e "$THP/hugepages-64kB/stats/collapse_alloc" ]; then
	run_mb b4 run collapse to=64K mem=8M
	[ "$RC" = 4 ] && grep -q "collapses to the PMD size only" "$T/b4.err" ||
		{ show b4; fail "to=64K without mTHP collapse: exit $RC"; }
fi

knob_snapshot "$T/after"
knobs_same "$T/before" "$T/after" || fail "knobs differ after the runs"
echo "ok"
