#!/bin/bash
# dax-hole under QEMU: every op at pmd=1 and pmd=0 on Debian's 6.12, on
# x86-64 with ext4 and with xfs, and on arm64 with ext4 and with xfs
# (emulated pmem, kernel/init's scripts/pmem-setup), and every
# verification the samples carry: no fallback; read at pmd=1 loads one
# huge zero folio per PMD and maps it on every page, with no PTE fault;
# private-write splits each PMD and takes 512 faults per PMD; fork copies
# nothing of a shared DAX VMA and everything of a private one with
# anonymous pages; gup pins the huge zero folio, and is a skip where
# gupdir= is tmpfs or DAX (no GUP there); the backing (filesystem,
# options) is recorded, and qemu.json says which filesystem.
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/qemu.bash"

MEM_MB=8		# 4 PMDs of 2M
OPS=read,write-upgrade,write,private-write,zap-munmap,zap-dontneed,fork,fork-private,gup

# dax_run NAME ARCH FS PMEM REPS [LINE..]: boot Debian's 6.12 for ARCH
# with an FS on PMEM of pmem and run every op, and any further workload
# LINEs; the run directory in RUN.  A function so that the four
# configurations differ only in their arguments.
dax_run() {
	local name=$1 arch=$2 fs=$3 pmem=$4 reps=$5 t0=$SECONDS
	shift 5
	need_kernel "$arch" linux-image-6.12
	quick_wl "$T/$name.wl" \
		"dax-hole op=$OPS pmd=1,0 mem=${MEM_MB}M reps=$reps warmup=0" "$@"
	qrun "$name" KERNEL="$KIMG" ARCH="$arch" WORKLOAD="$T/$name.wl" \
		PMEM="$pmem" FS="$fs" TIMEOUT=300
	no_stale_qemu
	check_run "$name" "$arch" "$KREL"
	echo "$name: $((SECONDS - t0)) s"
}

# dax_check NAME FS REPS: every timed sample of RUN against what 6.12
# does (the table in README "dax-hole"); a function so that every
# configuration is held to the same rules.
dax_check() {
	local name=$1 fs=$2 reps=$3
	jcheck "$RUN" "
import json
pmds = $MEM_MB // 2
pages = $MEM_MB * 256
ops = '$OPS'.split(',')
R = [s for s in S if 'metrics' in s]
got = sorted({(s['params']['op'], s['params']['pmd']) for s in R})
want = sorted((o, p) for o in ops for p in ('1', '0'))
ok(got == want, 'points %r' % got)
ok(len(R) == len(want) * $reps, '%d timed samples' % len(R))
for s in R:
    op, pmd = s['params']['op'], s['params']['pmd'] == '1'
    w = '%s pmd=%d: ' % (op, pmd)
    ok(not s['fallback'], w + 'fell back: %r' % s.get('fallback_reason'))
    b = s.get('backing', {})
    ok(b.get('fstype') == '$fs', w + 'fstype %r' % b.get('fstype'))
    ok('dax=always' in b.get('options', '').split(','), w + 'options %r' % b.get('options'))
    ok(b.get('dax') is True and b.get('source') == '/dev/pmem0', w + 'backing %r' % b)
    if op == 'read':
        ok(s['dax_pmd_load_hole'] == (pmds if pmd else 0), w + 'hole loads %r' % s['dax_pmd_load_hole'])
        ok(s['dax_pmd_load_hole_fallback'] == 0, w + 'hole load fallbacks')
        ok(s['zero_pages'] == pages, w + 'zero pages %r' % s['zero_pages'])
        ok(s['huge_zero_pages'] == (pages if pmd else 0), w + 'huge zero pages %r' % s['huge_zero_pages'])
        ok(s['thp_zero_page_alloc'] in (0, 1), w + 'thp_zero_page_alloc %r' % s['thp_zero_page_alloc'])
    if op in ('read', 'write', 'write-upgrade') and pmd:
        ok(s['dax_pmd_fault_done'] == pmds, w + 'PMD faults %r' % s['dax_pmd_fault_done'])
        ok(s['dax_pte_fault_done'] == 0, w + 'PTE faults %r' % s['dax_pte_fault_done'])
    if op in ('write', 'write-upgrade'):
        ok(s['dax_pmd_load_hole'] == 0, w + 'hole loaded by a write')
    if op == 'private-write':
        ok(s['faults_per_pmd'] == 512, w + 'faults per PMD %r' % s['faults_per_pmd'])
        ok(s['thp_split_pmd'] == (pmds if pmd else 0), w + 'thp_split_pmd %r' % s['thp_split_pmd'])
    if op == 'fork':
        ok(s['child_present_pages'] == 0, w + 'child maps %r' % s['child_present_pages'])
    if op == 'fork-private':
        # pmd=1: the private write left one anonymous page per PMD (the
        # split zapped the rest); pmd=0: the zero-page PTEs as well.
        ok(s['child_present_pages'] == (pmds if pmd else pages), w + 'child maps %r' % s['child_present_pages'])
    if op == 'gup':
        ok(s['dax_pmd_load_hole'] == 0, w + 'hole loaded during GUP')
        # The huge zero folio is pinned per page, the 4K zero page
        # never; vmstat's per-CPU drift blurs the count a little.
        ok(s['foll_pins'] >= pages * 3 // 4 if pmd else s['foll_pins'] <= pages // 4,
           w + 'pins %r' % s['foll_pins'])
q = json.load(open('$RUN/qemu.json'))
ok(q['fs'] == '$fs', 'qemu.json fs %r' % q['fs'])
" || fail "$name: samples"
	grep -q "^/dev/pmem0 /mnt/pmem $fs .*dax" "$RUN/guest/mounts" ||
		fail "$name: no DAX $fs mount: $(cat "$RUN/guest/mounts")"
	grep -q '^/dev/zram[0-9]* /tmp ext4 ' "$RUN/guest/mounts" ||
		fail "$name: /tmp (gupdir) is not an ext4 on zram: $(cat "$RUN/guest/mounts")"
}

command -v aarch64-linux-gnu-gcc >/dev/null || skip "no aarch64-linux-gnu-gcc (kernel/deps.sh)"
# op=gup into tmpfs or the DAX mount would do no GUP: skips, saying so.
dax_run x86-ext4 x86_64 ext4 256M 2 \
	"dax-hole op=gup gupdir=/run mem=2M reps=1 warmup=0" \
	"dax-hole op=gup gupdir=/mnt/pmem mem=2M reps=1 warmup=0"
dax_check x86-ext4 ext4 2
jcheck "$RUN" "
K = {s['params']['gupdir']: s.get('skipped', '') for s in S if 'metrics' not in s}
ok(sorted(K) == ['/mnt/pmem', '/run'], 'skipped points %r' % K)
ok('is tmpfs' in K['/run'] and 'no GUP' in K['/run'], 'tmpfs: %r' % K['/run'])
ok('is DAX' in K['/mnt/pmem'] and 'no GUP' in K['/mnt/pmem'], 'DAX: %r' % K['/mnt/pmem'])
" || fail "x86-ext4: gupdir skips"
dax_run x86-xfs x86_64 xfs 300M 2
dax_check x86-xfs xfs 2
dax_run arm64-ext4 arm64 ext4 64M 1
dax_check arm64-ext4 ext4 1
dax_run arm64-xfs arm64 xfs 300M 1
dax_check arm64-xfs xfs 1
echo "ok: dax-hole, every op at pmd=1,0: x86-64 ext4 and xfs, arm64 ext4 and xfs"
