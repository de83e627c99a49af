#!/bin/bash
# Debian's 6.1 has no per-size mTHP knobs: in the guest the same workload
# runs 4K and the PMD size and records 64K as skipped with the reason.
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/qemu.bash"

need_kernel x86_64 linux-image-6.1
quick_wl "$T/q.wl" "anon-fault size=4K,64K,pmd mode=write mem=64M reps=3 warmup=1"
qrun old KERNEL="$KIMG" WORKLOAD="$T/q.wl" ACCEL=tcg TIMEOUT=300
no_stale_qemu
check_run old x86_64 "$KREL"
jcheck "$RUN" "
ok(M['thp_sizes'] == '4K 2M', 'sizes offered: %r' % M['thp_sizes'])
sizes = sorted(set(s['params']['size'] for s in S if 'metrics' in s))
ok(sizes == ['2M', '4K'], 'measured sizes %r' % sizes)
for s in S:
    if 'metrics' in s:
        ok(not s['fallback'], '%s fell back' % s['params']['size'])
sk = [s for s in S if s.get('skipped')]
ok(len(sk) == 1 and sk[0]['params']['size'] == '64K', 'skipped: %r' % sk)
ok('per-size mTHP' in sk[0]['skipped'], 'reason: %r' % sk[0]['skipped'])
ok(M['points_skipped'] == 1, 'points_skipped %r' % M.get('points_skipped'))
" || fail "6.1 results"
echo "ok: 64K skipped on $KREL"
