#!/bin/bash
# Debian's 6.12 under x86-64 TCG: a quick anon-fault workload runs in the
# guest and its results come home through the 9p share, valid and the
# guest's own (kernel/qemu-run).
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/qemu.bash"

need_kernel x86_64 linux-image-6.12
# The kernel as a plain file with its modules named apart, and a build
# manifest beside it (as make kernel leaves one) that the guest must see.
mkdir -p "$T/k"
cp "$KIMG" "$T/k/bzImage" || fail "cp"
printf '{"kernel_release": "%s", "variant": "qemu-test"}\n' "$KREL" \
	>"$T/k/mmbench-manifest.json"
quick_wl "$T/q.wl" "anon-fault size=4K,64K,pmd mode=write mem=64M reps=3 warmup=1"
qrun x86 KERNEL="$T/k/bzImage" MODULES="$(dirname "$KIMG")/../lib/modules/$KREL" \
	WORKLOAD="$T/q.wl" LABEL=it ACCEL=tcg TIMEOUT=300
no_stale_qemu
check_run x86 x86_64 "$KREL"
jcheck "$RUN" "
R = [s for s in S if 'metrics' in s]
ok(len(R) == 9, '%d timed samples, want 3 sizes x 3 reps' % len(R))
want = {'4K': ('4K', 16384), '64K': ('64K', 1024), '2M': ('2M', 32)}
for s in R:
    size = s['params']['size']
    name, n = want[size]
    ok(not s['fallback'], '%s fell back: %s' % (size, s.get('fallback_reason')))
    ok(s['folios'].get(name) == n, '%s: folios %r, want %d of %s' % (size, s['folios'], n, name))
    ok(s['metrics']['throughput']['value'] > 0, 'no throughput')
ok(M['label'] == 'it', 'label %r' % M['label'])
ok(M['timebase'] == 'wall', 'timebase %r' % M.get('timebase'))
ok('zram0' in M['swap']['swaps'], 'no zram swap in the guest: %r' % M['swap'])
k = M['kernel']
ok(k.get('manifest', {}).get('variant') == 'qemu-test', 'manifest: %r' % k.get('manifest'))
ok(k.get('manifest_matches') is True, 'manifest_matches %r' % k.get('manifest_matches'))
" || fail "guest samples"
grep -q '"accel": "tcg"' "$RUN/qemu.json" || fail "qemu.json does not say tcg"
grep -q 'reboot: Power down' "$RUN/guest/console.log" || fail "no console log of a clean power-off"
echo "ok: $(basename "$RUN") from $KREL"
