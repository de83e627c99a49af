#!/bin/bash
# A guest kernel that panics mid-run (the workload's "#@ panic-after SECS":
# sysrq c from the guest's init) ends QEMU at once (panic=-1, -no-reboot),
# and kernel/qemu-run exits 3 with the partial run home: the finished
# samples, which mmbench compare reads, meta.json "interrupted", qemu.json
# "panicked" with the panic and the console's last lines.  No QEMU is left.
# A "#@" line that is not "#@ panic-after SECS" is refused before boot.
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/qemu.bash"

quick_wl "$T/bad.wl" "#@ panic-after soon" \
	"anon-fault size=4K mode=write mem=16M reps=1 warmup=0"
qrun bad KERNEL=/bin/sh WORKLOAD="$T/bad.wl"
[ "$QRC" = 2 ] || fail "bad: exit $QRC, want 2: $(cat "$T/bad.err")"
grep -q 'line 1: #@ panic-after soon' "$T/bad.err" ||
	fail "bad: message: $(cat "$T/bad.err")"
[ -z "$(ls "$TMPDIR")" ] || fail "bad: work files made before refusing"

need_kernel x86_64 linux-image-6.12
# 400 reps cannot finish before the crash (a boot takes 3-8 s under TCG,
# a rep well under a second), and some finish before it.
quick_wl "$T/p.wl" "#@ panic-after 15" \
	"anon-fault size=4K mode=write mem=64M reps=400 warmup=0"
start=$SECONDS
qrun panic KERNEL="$KIMG" WORKLOAD="$T/p.wl" LABEL=panic ACCEL=tcg \
	TIMEOUT=300
secs=$((SECONDS - start))
no_stale_qemu
[ "$QRC" = 3 ] || { cat "$T/panic.err"; fail "panic: exit $QRC, want 3"; }
reason='the guest kernel panicked (state: running): Kernel panic - not syncing: sysrq triggered crash'
grep -qF "qemu-run: $reason" "$T/panic.err" || fail "panic: $(cat "$T/panic.err")"
grep -q "last lines of the guest console" "$T/panic.err" ||
	fail "panic: no console tail"
# Far below TIMEOUT: QEMU ended with the panic, nothing waited it out.
[ "$secs" -lt 150 ] || fail "panic: took $secs s"
[ -d "$RUN" ] || fail "panic: no run directory on stdout: '$RUN'"
case $RUN in
"$T/results/qemu-x86_64/$KREL/"*) ;;
*) fail "panic: run landed in $RUN" ;;
esac
jcheck "$RUN" "
ok(M['status'] == 'interrupted', 'meta.json status %r' % M['status'])
ok('panicked' in M.get('status_reason', ''), 'status_reason %r' % M.get('status_reason'))
ok(M['label'] == 'panic', 'label %r' % M['label'])
R = [s for s in S if 'metrics' in s]
ok(0 < len(R) < 400, '%d timed samples, want some and not all' % len(R))
" || fail "panic: partial run"
[ ! -e "$RUN/meta.json.reserve" ] || fail "panic: meta.json.reserve left"
python3 - "$RUN/qemu.json" "$reason" <<'EOF' || fail "panic: qemu.json: $(cat "$RUN/qemu.json")"
import json, sys
q = json.load(open(sys.argv[1]))
assert q['status'] == 'panicked', q['status']
assert q['error'] == sys.argv[2], q['error']
assert q['panic'] == 'Kernel panic - not syncing: sysrq triggered crash', q['panic']
assert q['panic_after'] == 15, q['panic_after']
t = q['console_tail']
assert isinstance(t, list) and any(q['panic'] in l for l in t), t
EOF
grep -q 'Kernel panic' "$RUN/guest/console.log" || fail "panic: no console log"
"$MMBENCH" compare "$RUN" "$RUN" >"$T/compare.out" 2>&1 ||
	fail "compare: $(cat "$T/compare.out")"
grep -q 'status interrupted' "$T/compare.out" ||
	fail "compare does not say the run was interrupted: $(cat "$T/compare.out")"
[ -z "$(ls "$TMPDIR")" ] || fail "work directory left: $(ls "$TMPDIR")"
echo "ok: panicked after 15 s, exit 3 in ${secs}s, $(grep -c '"metrics"' "$RUN/samples.jsonl") samples kept"
