#!/bin/bash
# arm64 under TCG: the cross-built mmbench runs the quick workload on
# Debian's arm64 6.12 with pmem from a pmem-region device-tree node (an
# ext4 mounted -o dax on it: dax-hole's arm64 runs are qemu_dax.sh), and
# the results come back.
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/qemu.bash"

command -v aarch64-linux-gnu-gcc >/dev/null || skip "no aarch64-linux-gnu-gcc (kernel/deps.sh)"
need_kernel arm64 linux-image-6.12
quick_wl "$T/q.wl" "anon-fault size=4K,64K,pmd mode=write mem=64M reps=3 warmup=1"
qrun arm64 KERNEL="$KIMG" ARCH=arm64 WORKLOAD="$T/q.wl" PMEM=256M TIMEOUT=400
no_stale_qemu
check_run arm64 arm64 "$KREL"
jcheck "$RUN" "
R = [s for s in S if 'metrics' in s]
ok(len(R) == 9, '%d timed samples' % len(R))
for s in R:
    size = s['params']['size']
    ok(not s['fallback'], '%s fell back' % size)
    ok(s['folios'].get(size, 0) * {'4K': 4, '64K': 64, '2M': 2048}[size] == 65536,
       '%s: folios %r' % (size, s['folios']))
ok(M['page_size'] == 4096, 'page size %r' % M['page_size'])
" || fail "arm64 samples"
file "$REPO/build-arm64/mmbench" | grep -q aarch64 || fail "guest mmbench is not an arm64 build"
grep -q '^/dev/pmem0 /mnt/pmem ext4 .*dax' "$RUN/guest/mounts" ||
	fail "arm64: no DAX mount from the pmem-region node: $(cat "$RUN/guest/mounts")"
echo "ok: arm64 $KREL"
