#!/bin/bash
# kernel/qemu-run's failures: bad input is refused before anything boots
# (exit 2, one line naming the problem); a module that will not load, a
# boot that hangs and a guest that runs past its timeout fail (exit 1)
# with the guest console's last lines, and leave no QEMU behind.
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/qemu.bash"

quick_wl "$T/q.wl" "anon-fault size=4K mode=write mem=16M reps=1 warmup=0"
expect_usage() {	# NAME PATTERN K=V..
	local name=$1 pat=$2
	shift 2
	qrun "$name" "$@"
	[ "$QRC" = 2 ] || fail "$name: exit $QRC, want 2: $(cat "$T/$name.err")"
	grep -q -- "$pat" "$T/$name.err" || fail "$name: message: $(cat "$T/$name.err")"
	[ -z "$(ls "$TMPDIR")" ] || fail "$name: work files made before refusing"
}
expect_usage nokernel "KERNEL=/nonexistent/bzImage: no such file" \
	KERNEL=/nonexistent/bzImage WORKLOAD="$T/q.wl"
expect_usage noworkload "no workload file" KERNEL=/bin/sh WORKLOAD=nosuch
expect_usage badarch "ARCH=riscv: accepted x86_64 or arm64" \
	KERNEL=/bin/sh WORKLOAD="$T/q.wl" ARCH=riscv
expect_usage notkernel "neither an x86 bzImage nor an arm64 Image" \
	KERNEL=/bin/sh WORKLOAD="$T/q.wl"
expect_usage badpmem "PMEM=12X" KERNEL=/bin/sh WORKLOAD="$T/q.wl" PMEM=12X
expect_usage badfs "FS=btrfs: accepted ext4 or xfs" KERNEL=/bin/sh \
	WORKLOAD="$T/q.wl" PMEM=512M FS=btrfs
expect_usage fsnopmem "FS=xfs: the filesystem of the pmem; give PMEM= too" \
	KERNEL=/bin/sh WORKLOAD="$T/q.wl" FS=xfs
expect_usage xfssmall "FS=xfs needs PMEM=300M or more" KERNEL=/bin/sh \
	WORKLOAD="$T/q.wl" PMEM=298M FS=xfs
expect_usage detkvm "DETERMINISTIC=1 needs TCG" KERNEL=/bin/sh \
	WORKLOAD="$T/q.wl" DETERMINISTIC=1 ACCEL=kvm

need_kernel x86_64 linux-image-6.12
k612=$KIMG
expect_usage wrongarch "is an x86_64 kernel, not ARCH=arm64" \
	KERNEL="$k612" WORKLOAD="$T/q.wl" ARCH=arm64

# 6.1's modules do not fit the 6.12 kernel: insmod refuses the first one.
need_kernel x86_64 linux-image-6.1
mods61=$(dirname "$KIMG")/../lib/modules/$KREL
qrun badmod KERNEL="$k612" MODULES="$mods61" WORKLOAD="$T/q.wl" ACCEL=tcg TIMEOUT=120
no_stale_qemu
[ "$QRC" = 1 ] || fail "badmod: exit $QRC, want 1"
grep -q "will not load" "$T/badmod.err" || fail "badmod: $(cat "$T/badmod.err")"
grep -q "last lines of the guest console" "$T/badmod.err" || fail "badmod: no console tail"

# A guest that shows no sign of life in time (here: 1 s, less than any
# TCG boot takes) is stopped as a boot hang.
MMBENCH_BOOT_TIMEOUT=1 qrun hang KERNEL="$k612" WORKLOAD="$T/q.wl" ACCEL=tcg
no_stale_qemu
[ "$QRC" = 1 ] || fail "hang: exit $QRC, want 1"
grep -q "no sign of the guest after 1 s" "$T/hang.err" || fail "hang: $(cat "$T/hang.err")"

# A workload that cannot finish in 20 s (a boot takes 3-8): stopped,
# reported, nothing left but the partial run.
quick_wl "$T/long.wl" "anon-fault size=4K mode=write mem=64M reps=400 warmup=0"
start=$SECONDS
qrun timeout KERNEL="$k612" WORKLOAD="$T/long.wl" ACCEL=tcg TIMEOUT=20
no_stale_qemu
[ "$QRC" = 1 ] || fail "timeout: exit $QRC, want 1"
grep -q "ran past TIMEOUT=20" "$T/timeout.err" || fail "timeout: $(cat "$T/timeout.err")"
grep -q "last lines of the guest console" "$T/timeout.err" || fail "timeout: no console tail"
[ $((SECONDS - start)) -lt 60 ] || fail "timeout: took $((SECONDS - start)) s"
# What the guest finished came home, with the reason it stopped.
part=$(find "$T/results" -name qemu.json -path '*qemu-x86_64*' | head -1)
[ -n "$part" ] || fail "timeout: no partial run in $T/results"
grep -q '"error": "the guest ran past TIMEOUT=20' "$part" || fail "timeout: qemu.json: $(cat "$part")"
python3 -c "import json,sys; json.load(open(sys.argv[1]))" "$part" || fail "timeout: qemu.json is not JSON"
[ -z "$(ls "$TMPDIR")" ] || fail "work directory left: $(ls "$TMPDIR")"
echo "ok: refused bad input, reported a bad module, a boot hang and a timeout"
