#!/bin/bash
# DETERMINISTIC=1: TCG with -icount shift=0,sleep=off on one vCPU.  Two
# boots of the same kernel and workload give per-point results within
# 0.1% of each other, and the runs say their time is instructions and on
# which CPU model (not -cpu max, which a wall-time TCG run keeps).
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/qemu.bash"

need_kernel x86_64 linux-image-6.12
quick_wl "$T/q.wl" "anon-fault size=4K,pmd mode=write mem=32M reps=3 warmup=1"
for i in 1 2; do
	qrun det$i KERNEL="$KIMG" WORKLOAD="$T/q.wl" DETERMINISTIC=1 ZRAM= TIMEOUT=300
	check_run det$i x86_64 "$KREL"
	eval "run$i=\$RUN"
done
no_stale_qemu
# shellcheck disable=SC2154
python3 - "$run1" "$run2" <<'PY' || fail "the two boots differ"
import json, statistics, sys

def load(d):
    meta = json.load(open(d + '/meta.json'))
    assert meta['timebase'] == 'icount', meta.get('timebase')
    assert 'mmbench.timebase=icount' in meta['kernel']['cmdline']
    q = json.load(open(d + '/qemu.json'))
    assert q['icount'] is True and q['smp'] == 1, q
    assert meta['qemu_cpu'] == q['cpu'] != 'max', (meta.get('qemu_cpu'), q['cpu'])
    pts = {}
    for l in open(d + '/samples.jsonl'):
        s = json.loads(l)
        if 'metrics' in s:
            pts.setdefault(s['params']['size'], []).append(s['metrics']['throughput']['value'])
    return {k: statistics.median(v) for k, v in pts.items()}

a, b = load(sys.argv[1]), load(sys.argv[2])
assert sorted(a) == ['2M', '4K'] and sorted(a) == sorted(b), (a, b)
for k in a:
    d = abs(a[k] - b[k]) / a[k]
    print('%s: %.6f vs %.6f GB/s (instruction time), %.4f%% apart' % (k, a[k], b[k], d * 100))
    assert d < 0.001, '%s differs by %.4f%%' % (k, d * 100)
PY

# End to end through the collector: the two icount runs compare, labelled
# as instruction time; an icount run and a wall-time run do not.
if "$MMBENCH" compare 2>&1 | grep -q 'without the collector'; then
	echo "ok: two boots within 0.1% (no collector in $MMBENCH to compare them)"
	exit 0
fi
qrun wall KERNEL="$KIMG" WORKLOAD="$T/q.wl" ZRAM=0 ACCEL=tcg TIMEOUT=300
check_run wall x86_64 "$KREL"
no_stale_qemu
jcheck "$RUN" "ok(M.get('qemu_cpu') == 'max', 'wall-time TCG on %r' % M.get('qemu_cpu'))" ||
	fail "a wall-time TCG run is not on -cpu max"
"$MMBENCH" compare "$run1" "$run2" >"$T/cmp.out" 2>&1 ||
	{ cat "$T/cmp.out"; fail "compare of the two icount runs failed"; }
grep -qi 'icount' "$T/cmp.out" || { cat "$T/cmp.out"; fail "table does not say icount"; }
rc=0
"$MMBENCH" compare "$run1" "$RUN" >"$T/mix.out" 2>&1 || rc=$?
[ "$rc" != 0 ] || { cat "$T/mix.out"; fail "compared icount with wall time"; }
grep -q 'cannot be compared' "$T/mix.out" || fail "mixed compare: $(cat "$T/mix.out")"
echo "ok: two boots within 0.1%; icount and wall-time runs kept apart"
