#!/bin/bash
# profile=1: perf record of one extra repetition's timed region, with its
# report, in the run directory; the samples are the normal reps only.
. "$(dirname "$0")/lib.bash"
require_idle
command -v perf >/dev/null && perf --version >/dev/null 2>&1 ||
	skip "no usable perf tool (Debian: linux-perf)"
run_mb p run anon-fault size=64K mem=64M reps=2 warmup=1 profile=1 out="$T/p"
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
echo "ok: $n samples"
