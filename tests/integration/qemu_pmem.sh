#!/bin/bash
# pmem in the x86-64 guest (memmap= and nd_e820): kernel/init's
# scripts/pmem-setup makes a DAX-mounted ext4, and dax-hole's read
# faults on a hole of a file on it map the huge zero folio: one
# fs_dax:dax_pmd_load_hole per PMD, every page on the huge zero folio,
# no fallback.
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/qemu.bash"

need_kernel x86_64 linux-image-6.12
quick_wl "$T/q.wl" "dax-hole op=read pmd=1 mem=4M reps=2 warmup=0"
qrun pmem KERNEL="$KIMG" WORKLOAD="$T/q.wl" PMEM=512M ACCEL=tcg TIMEOUT=300
no_stale_qemu
check_run pmem x86_64 "$KREL"
grep -q '^/dev/pmem0 /mnt/pmem ext4 .*dax' "$RUN/guest/mounts" ||
	fail "no DAX mount: $(cat "$RUN/guest/mounts")"
jcheck "$RUN" "
import json
R = [s for s in S if 'metrics' in s]
ok(len(R) == 2, '%d timed samples' % len(R))
for s in R:
    ok(not s['fallback'], 'fell back: %r' % s.get('fallback_reason'))
    # 4 MiB of hole at a PMD-aligned address: two PMD hole loads
    ok(s['dax_pmd_load_hole'] == 2, 'hole loads %r' % s['dax_pmd_load_hole'])
    ok(s['dax_pmd_load_hole_fallback'] == 0, 'hole load fallbacks')
    ok(s['huge_zero_pages'] == 1024, 'huge zero pages %r' % s['huge_zero_pages'])
    ok(s['backing']['fstype'] == 'ext4' and s['backing']['dir'] == '/mnt/pmem', 'backing %r' % s['backing'])
q = json.load(open('$RUN/qemu.json'))
ok(q['fs'] == 'ext4' and q['pmem_mb'] == 512, 'qemu.json fs %r pmem %r' % (q['fs'], q['pmem_mb']))
" || fail "pmem: dax-hole samples"
grep -q 'memmap=512M!512M' "$RUN/qemu.json" || fail "qemu.json lacks the memmap"
echo "ok: pmem, dax-hole read: 2 hole loads for 2 PMDs"
