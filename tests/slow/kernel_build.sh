#!/bin/bash
# make test-kernel-build: the slow end-to-end test of make kernel (not in
# make test).  Builds Debian's linux-source-6.12 for x86-64, base and
# base + a one-patch series (a pr_info in hugepage_init), checks what was
# built, then boots both under QEMU with kernel/qemu-run, runs a tiny
# workload in each and compares them.  Here (2 cores shared with other
# builds and tests, nice 19): 33 min the first time (base 32 min, series
# 50 s from base's objects, two boots 8 s each), under 4 min again.
#   KOUT=dir (default $O/kernel-test/x86_64)  NICE=n (default 19)
# Exit: 0 pass, 1 fail, 4 skipped (with the reason; a build that passed
# but could not be booted here is a skip, and says so).
cd "$(dirname "$0")/../.." || exit 1
SLOW_NAME=kbuild
# shellcheck source=tests/slow/lib.bash
. tests/slow/lib.bash
KOUT=${KOUT:-$PWD/$B/kernel-test/x86_64}
mkdir -p "$KOUT" || fail "cannot create $KOUT"
series=$(dirname "$KOUT")/test-series.mbox
kb_good_patch >"$series"

t0=$(date +%s)
KSRC=$TARBALL KOUT=$KOUT SERIES=$series \
	nice -n "${NICE:-19}" kernel/build-kernel.sh ||
	fail "make kernel failed (exit $?)"
secs=$(($(date +%s) - t0))
b=$KOUT/base s=$KOUT/series
for v in base series; do
	[ -f "$KOUT/$v/arch/x86/boot/bzImage" ] || fail "no $v bzImage"
	jq -e '.image and .built' "$KOUT/$v/mmbench-manifest.json" >/dev/null ||
		fail "$v manifest not completed"
done
[ "$(jq -r .config.sha256 "$b/mmbench-manifest.json")" = \
  "$(jq -r .config.sha256 "$s/mmbench-manifest.json")" ] ||
	fail "base and series built from different configs"
# The series is in the series kernel only.
grep -qa 'mmbench: test series applied' "$s/vmlinux" || fail "series vmlinux lacks the patch"
grep -qa 'mmbench: test series applied' "$b/vmlinux" && fail "base vmlinux has the patch"
bs=$(jq .built.seconds "$b/mmbench-manifest.json")
ss=$(jq .built.seconds "$s/mmbench-manifest.json")
echo "built in ${secs}s: base ${bs}s, series ${ss}s (from base's objects)"

[ -x kernel/qemu-run ] || skip "built in ${secs}s; boot skipped: no kernel/qemu-run"
command -v qemu-system-x86_64 >/dev/null ||
	skip "built in ${secs}s; boot skipped: no qemu-system-x86_64"
printf 'anon-fault size=4K,pmd mode=write mem=64M reps=3 warmup=1\n' >"$T/tiny.wl"
for v in base series; do
	kernel/qemu-run KERNEL="$KOUT/$v/arch/x86/boot/bzImage" \
		WORKLOAD="$T/tiny.wl" LABEL="$v" RESULTS="$T/results" \
		>"$T/$v.out" 2>"$T/$v.err" ||
		{ tail -20 "$T/$v.err"; fail "qemu-run of $v failed"; }
	run=$(tail -1 "$T/$v.out")
	[ -f "$run/meta.json" ] || fail "$v: no run directory ($run)"
	printf -v "run_$v" '%s' "$run"
	python3 - "$run/meta.json" "$v" <<'PY' || fail "$v: meta.json does not name the build"
import json, sys
k = json.load(open(sys.argv[1]))["kernel"]
v = sys.argv[2]
m = k.get("manifest")
assert m is not None, "no kernel.manifest in meta.json"
assert m["variant"] == v, "manifest of " + m["variant"]
assert k["release"] == m["kernel_release"], "booted " + k["release"]
assert k["manifest_matches"] is True, "manifest_matches"
assert (v == "base") == (m["series"] is None), "series field"
PY
done
# shellcheck disable=SC2154 # set by printf -v
"$MMBENCH" compare "$run_base" "$run_series" >"$T/compare.out" 2>&1 ||
	{ cat "$T/compare.out"; fail "mmbench compare failed"; }
cat "$T/compare.out"
echo "built in ${secs}s, booted and compared base and series"
exit 0
