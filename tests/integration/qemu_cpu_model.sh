#!/bin/bash
# CPU= picks QEMU's -cpu model, and the run says which: qemu.json "cpu",
# meta.json "qemu_cpu" (from mmbench.cpu= on the guest's cmdline).  The
# default for instruction time has no ERMS or FSRM (the guest's own
# /proc/cpuinfo, brought home in guest/cpuinfo), so clear_page does not
# count a guest instruction per byte; the runner's clear_page model agrees
# with what -cpu max costs more; icount runs of two models do not compare.
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/qemu.bash"

quick_wl "$T/q.wl" "anon-fault size=4K,64K mode=write mem=16M reps=2 warmup=1"

# Refused before anything is built or booted (exit 2).
expect_usage() {	# NAME PATTERN K=V..
	local name=$1 pat=$2
	shift 2
	qrun "$name" "$@"
	[ "$QRC" = 2 ] || fail "$name: exit $QRC, want 2: $(cat "$T/$name.err")"
	grep -q -- "$pat" "$T/$name.err" || fail "$name: message: $(cat "$T/$name.err")"
}
need_kernel x86_64 linux-image-6.12
expect_usage badcpu "has no CPU model 'pentium9'" KERNEL="$KIMG" \
	WORKLOAD="$T/q.wl" CPU=pentium9
expect_usage badchars "CPU=max;x: a QEMU -cpu model" KERNEL="$KIMG" \
	WORKLOAD="$T/q.wl" "CPU=max;x"
expect_usage hosttcg "CPU=host needs KVM" KERNEL="$KIMG" WORKLOAD="$T/q.wl" \
	CPU=host DETERMINISTIC=1
# make qemu-run and make before-after hand CPU= on.
make -s -n -C "$REPO" qemu-run KERNEL=k WORKLOAD=w CPU=qemu64,model=4 2>&1 |
	grep -q "CPU='qemu64,model=4'" || fail "make qemu-run does not pass CPU="

qrun def KERNEL="$KIMG" WORKLOAD="$T/q.wl" DETERMINISTIC=1 ZRAM=0 TIMEOUT=300
check_run def x86_64 "$KREL"
def=$RUN
qrun max KERNEL="$KIMG" WORKLOAD="$T/q.wl" DETERMINISTIC=1 ZRAM=0 TIMEOUT=300 CPU=max
check_run max x86_64 "$KREL"
max=$RUN
no_stale_qemu
for n in def max; do
	grep -q "clears a page with clear_page_" "$T/$n.err" ||
		fail "$n: no clear_page line: $(cat "$T/$n.err")"
	grep -q "point 1 anon-fault size=64K .* insns = >=" "$T/$n.err" ||
		fail "$n: no clearing line for the 64K point: $(cat "$T/$n.err")"
done
python3 - "$def" "$max" <<'PY' || fail "CPU model not recorded, or the default is not one without ERMS"
import json, statistics, sys

def load(d):
    q = json.load(open(d + '/qemu.json'))
    m = json.load(open(d + '/meta.json'))
    flags = [l for l in open(d + '/guest/cpuinfo') if l.startswith('flags')][0].split()
    assert m['qemu_cpu'] == q['cpu'], (m.get('qemu_cpu'), q['cpu'])
    assert 'mmbench.cpu=' + q['cpu'] in m['kernel']['cmdline'].split()
    assert '-cpu ' + q['cpu'] in q['qemu_args'], q['qemu_args']
    per4k = {}
    for l in open(d + '/samples.jsonl'):
        s = json.loads(l)
        if 'metrics' in s:
            per4k.setdefault(s['params']['size'], []).append(s['metrics']['ns_per_4k']['value'])
    return q, flags, {k: statistics.median(v) for k, v in per4k.items()}

q, flags, a = load(sys.argv[1])
assert q['cpu'] != 'max', 'the instruction-time default is still -cpu max'
assert 'erms' not in flags and 'fsrm' not in flags, flags
assert 'rep_good' not in flags, flags
assert q['clear_page']['function'] == 'clear_page_orig', q['clear_page']
assert [p['desc'].split()[1] for p in q['clear_page']['points']] == ['size=4K', 'size=64K']
qm, fm, b = load(sys.argv[2])
assert qm['cpu'] == 'max' and 'erms' in fm, fm
assert qm['clear_page']['function'] == 'clear_page_erms', qm['clear_page']
# The model: a 4K fault clears one page, so -cpu max costs it what
# clear_page_erms costs more than clear_page_orig, 4100 - 709.
model = qm['clear_page']['insns_per_call'] - q['clear_page']['insns_per_call']
d4k = b['4K'] - a['4K']
print('default %s: 4K %.0f, 64K %.0f guest instructions a 4K page; max: 4K %.0f, 64K %.0f'
      % (q['cpu'], a['4K'], a['64K'], b['4K'], b['64K']))
print('max - default: 4K %.0f (model, one clear: %d), 64K %.0f (%.2f clears a page)'
      % (d4k, model, b['64K'] - a['64K'], (b['64K'] - a['64K']) / model))
assert abs(d4k - model) < 0.05 * model, (d4k, model)
PY

# The collector keeps instruction counts of two CPU models apart.
if "$MMBENCH" compare 2>&1 | grep -q 'without the collector'; then
	echo "ok: CPU= recorded, default without ERMS (no collector in $MMBENCH to compare)"
	exit 0
fi
rc=0
"$MMBENCH" compare "$def" "$max" >"$T/cmp.out" 2>&1 || rc=$?
[ "$rc" = 2 ] || { cat "$T/cmp.out"; fail "compare of two CPU models: exit $rc, want 2"; }
grep -q "CPU model qemu64,model=4 but .* on max; they cannot be compared" "$T/cmp.out" ||
	fail "compare message: $(cat "$T/cmp.out")"
echo "ok: CPU= recorded in qemu.json and meta.json; the icount default has no ERMS; models kept apart"
