#!/bin/bash
# profile=1: perf record of one extra repetition's timed region, with its
# report, in the run directory; the samples are the normal reps only.
. "$(dirname "$0")/lib.bash"
require_idle
# scripts/deps.sh installs perf (linux-perf): without it this fails.
command -v perf >/dev/null && perf --version >/dev/null 2>&1 ||
	fail "no usable perf tool (scripts/deps.sh installs linux-perf)"
run_mb p run anon-fault size=64K mem=256M reps=2 warmup=1 profile=1 out="$T/p"
[ "$RC" = 0 ] || { show p; fail "profile run exited $RC"; }
jcheck "$T/p" '
ok(len(S) == 2, "%d samples, want the 2 reps only" % len(S))
p = M.get("profiles")
ok(p and p[0].get("data") == "profile-0.data", "meta profiles: %r" % p)
' || fail "meta.json"
[ -s "$T/p/profile-0.data" ] || fail "no perf.data"
r=$T/p/profile-0.txt
n=$(sed -n 's/^# Samples: \([0-9]*\).*/\1/p' "$r" | head -1)
[ "${n:-0}" -gt 0 ] || { head -20 "$r"; fail "report has no samples"; }
# The region faults anonymous memory in: the kernel's fault path is there.
grep -Eq 'do_anonymous_page|handle_mm_fault|clear_page' "$r" ||
	{ head -40 "$r"; fail "fault path not in the profile"; }
ls "$T/p" | grep -q '^\.perf-' && fail "control FIFOs left behind"
# Only the timed region was recorded: af_run (anon-fault's timed
# function: a store per page) is on nearly every sample's stack, the
# few others are the enable/disable handshake with perf; none is in the
# setup (mmap, the region's mapping, knobs, snapshots) or the teardown.
perf script -i "$T/p/profile-0.data" >"$T/script.txt" 2>"$T/script.err" ||
	{ cat "$T/script.err"; fail "perf script cannot read the profile"; }
python3 - "$T/script.txt" <<'PY' || { head -40 "$T/script.txt"; fail "the profile holds more than the timed region"; }
import re, sys
samples = [b for b in open(sys.argv[1]).read().split("\n\n") if b.strip()]
def syms(b):
    # "\tffffffff8161cc95 get_page_from_freelist+0x6f5 ([kernel.kallsyms])"
    return [m.group(1) for m in re.finditer(r"^\s+[0-9a-f]+ ([^\s+]+)", b, re.M)]
setup = re.compile(r"^(af_setup|af_rep_setup|af_verify|af_rep_teardown|af_teardown|mem_map|mem_unmap|mem_enable_only"
                   r"|knob_\w+|session_\w+|point_snaps|stats_\w+|clear_limit"
                   r"|__x64_sys_mmap|ksys_mmap_pgoff|vm_mmap_pgoff|do_mmap|__x64_sys_munmap|__vm_munmap|do_vmi_munmap"
                   r"|__x64_sys_madvise|do_madvise|exit_mmap|unmap_vmas|zap_pte_range|__arm64_sys_mmap|__arm64_sys_munmap)$")
n = len(samples)
timed = sum(1 for b in samples if "af_run" in syms(b))
bad = [b for b in samples if any(setup.match(x) for x in syms(b))]
print("%d samples, %d in af_run, %d in setup or teardown" % (n, timed, len(bad)))
if bad:
    print("outside the timed region:\n" + bad[0])
    sys.exit(1)
if n == 0 or timed < 0.9 * n:
    others = [b for b in samples if "af_run" not in syms(b)]
    print("fewer than 90%% of the samples in the timed region; one other:\n" + (others[0] if others else ""))
    sys.exit(1)
PY
echo "ok: $n samples"
