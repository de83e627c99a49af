#!/bin/bash
# pmem in the x86-64 guest (memmap= and nd_e820): a DAX-mounted ext4
# exists, and a read fault on a hole of a file on it maps the huge zero
# folio (fs_dax:dax_pmd_load_hole fires, thp_zero_page_alloc rises).
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/qemu.bash"

need_kernel x86_64 linux-image-6.12
quick_wl "$T/q.wl" "anon-fault size=4K mode=write mem=16M reps=1 warmup=0"
qrun pmem KERNEL="$KIMG" WORKLOAD="$T/q.wl" PMEM=512M ACCEL=tcg TIMEOUT=300
no_stale_qemu
check_run pmem x86_64 "$KREL"
grep -q '^/dev/pmem0 /mnt/pmem ext4 .*dax' "$RUN/guest/mounts" ||
	fail "no DAX mount: $(cat "$RUN/guest/mounts")"
python3 - "$RUN/guest/pmem.json" <<'PY' || fail "pmem probe: $(cat "$RUN/guest/pmem.json")"
import json, sys
p = json.load(open(sys.argv[1]))
# 4 MiB of hole at a PMD-aligned address: two PMD hole loads, zeroes read
assert p['pmd_aligned'] is True, p
assert p['dax_pmd_load_hole'] == p['bytes'] // (2 << 20), p
assert p['nonzero_pages'] == 0, p
assert p['thp_zero_page_alloc_delta'] >= 1, p
PY
grep -q 'memmap=512M!512M' "$RUN/qemu.json" || fail "qemu.json lacks the memmap"
echo "ok: $(cat "$RUN/guest/pmem.json")"
