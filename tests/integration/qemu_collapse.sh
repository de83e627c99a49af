#!/bin/bash
# collapse under x86-64 TCG on Debian's 6.12 and 6.1: MADV_COLLAPSE and
# khugepaged, anon and shmem.  Every range that must collapse did (pagemap
# and kpageflags, smaps, thp_collapse_alloc, pages_collapsed), a khugepaged
# point past max_ptes_none collapsed nothing, and the knobs are back after
# the run.  6.12 populates from 64K folios (shmem too: 6.12 let khugepaged
# take ranges before the clock, bench/benches/collapse.c); 6.1 has no
# per-size knobs and records those points as skipped with the reason.
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/qemu.bash"

quick_wl "$T/c.wl" \
	"collapse how=madvise none=511,0 mem=16M reps=2" \
	"collapse how=khugepaged none=0 mem=8M reps=2" \
	"collapse how=khugepaged none=256 max_ptes_none=128 mem=8M reps=2" \
	"collapse how=madvise,khugepaged backing=shmem downtime=0 mem=8M reps=2" \
	"collapse how=madvise,khugepaged backing=shmem from=64K downtime=0 mem=8M reps=2" \
	"collapse how=madvise from=64K mem=8M reps=2"

# What every measured sample must show; MTHP: whether 64K points ran.
check_samples() {
	jcheck "$RUN" "
mthp = $1
R = [s for s in S if 'metrics' in s]
K = [s for s in S if s.get('skipped')]
ok(M['points_failed'] == 0, 'points_failed %r' % M['points_failed'])
ok(len(R) == (18 if mthp else 12), '%d measured samples' % len(R))
for s in R:
    p = s['params']
    w = '%s %s from=%s none=%s max_ptes_none=%s rep %d' % (p['how'],
        p['backing'], p['from'], p['none'], p['max_ptes_none'], s['rep'])
    must = not (p['how'] == 'khugepaged' and
                int(p['none']) > int(p['max_ptes_none']))
    n, m = s['ranges'], s['metrics']
    check(s['fallback'] is False, w + ': fallback: %s' % s.get('fallback_reason'))
    check(n == int(p['mem'][:-1]) // 2, w + ': %r ranges' % n)
    check(s['ranges_expected'] == (n if must else 0), w + ': expected %r' % s['ranges_expected'])
    check(s['ranges_collapsed'] == s['ranges_expected'],
          w + ': %r of %r ranges collapsed' % (s['ranges_collapsed'], s['ranges_expected']))
    got = s['ranges_collapsed']
    check(s['thp_collapse_alloc'] >= got, w + ': thp_collapse_alloc %r' % s['thp_collapse_alloc'])
    kb = s['smaps_shmem_pmd_kb' if p['backing'] == 'shmem' else 'smaps_anon_huge_kb']
    check(kb == got * 2048, w + ': smaps %r kB for %d ranges' % (kb, got))
    if p['from'] == '64K':
        check(list(s['folios']) == ['64K'], w + ': populated with %r' % s['folios'])
    if p['how'] == 'madvise':
        check(m['us_per_range']['value'] > 0, w + ': no us_per_range')
        continue
    check('khugepaged_cpu_ms' in m, w + ': no khugepaged_cpu_ms')
    if must:
        check(m.get('collapse_ms', {}).get('value', 0) > 0, w + ': no collapse_ms')
        check(s['pages_collapsed'] >= got, w + ': pages_collapsed %r' % s['pages_collapsed'])
    else:
        check('collapse_ms' not in m, w + ': collapse_ms without a collapse')
        check(s['thp_collapse_alloc'] == 0, w + ': thp_collapse_alloc %r' % s['thp_collapse_alloc'])
# Every point that ran collapses anon and shmem, and one is past the limit.
kinds = set((s['params']['how'], s['params']['backing']) for s in R
            if s['ranges_collapsed'])
ok(len(kinds) == 4, 'collapsed: %r' % sorted(kinds))
ok(any(s['ranges_expected'] == 0 for s in R), 'no point past max_ptes_none')
if mthp:
    ok(not K and M['points_skipped'] == 0, 'skipped: %r' % [s['skipped'] for s in K])
else:
    ok(M['thp_sizes'] == '4K 2M', 'sizes offered: %r' % M['thp_sizes'])
    ok(M['points_skipped'] == 3 and len(K) == 3, 'skipped %r' % M['points_skipped'])
    for s in K:
        ok(s['params']['from'] == '64K', 'skipped: %r' % s['params'])
        ok('no per-size mTHP knobs' in s['skipped'], 'reason: %r' % s['skipped'])
# The point's knobs are back; only khugepaged's counters moved.
a, b = M['thp_knobs'], M['thp_knobs_after']
moved = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k) and
               k not in ('khugepaged/full_scans', 'khugepaged/pages_collapsed'))
ok(not moved, 'knobs not restored in the guest: %r' % moved)
"
}

need_kernel x86_64 linux-image-6.12
qrun k612 KERNEL="$KIMG" WORKLOAD="$T/c.wl" ACCEL=tcg TIMEOUT=300
no_stale_qemu
check_run k612 x86_64 "$KREL"
check_samples True || fail "6.12 samples (see above)"
rel612=$KREL

need_kernel x86_64 linux-image-6.1
qrun k61 KERNEL="$KIMG" WORKLOAD="$T/c.wl" ACCEL=tcg TIMEOUT=300
no_stale_qemu
check_run k61 x86_64 "$KREL"
check_samples False || fail "6.1 samples (see above)"
echo "ok: collapse on $rel612 and $KREL"
