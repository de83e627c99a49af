#!/bin/bash
# make test-fault-cost: the slow proof that the instruction-time channel
# reports a fixed per-fault cost at its true proportion (not in make
# test).  Builds Debian's linux-source-6.12 base and base + a synthetic
# patch adding exactly 1000 instructions to every anonymous fault
# (tests/slow/synthetic.bash), boots both under QEMU in deterministic
# mode (icount, CPU=qemu64,model=4), and checks that 4K faults got
# 1000 instructions dearer, within 5%, and that compare says the change
# is 1000 over the base's instructions per fault.
#   KOUT=dir (default $O/kernel-cost/x86_64)  NICE=n (default 19)
# Exit: 0 pass, 1 fail, 4 skipped (with the reason).
cd "$(dirname "$0")/../.." || exit 1
SLOW_NAME=cost
# shellcheck source=tests/slow/lib.bash
. tests/slow/lib.bash
command -v qemu-system-x86_64 >/dev/null || skip "no qemu-system-x86_64"
KOUT=${KOUT:-$PWD/$B/kernel-cost/x86_64}
mkdir -p "$KOUT" || fail "cannot create $KOUT"
series=$(dirname "$KOUT")/cost-series.mbox
syn_cost_patch >"$series"
KSRC=$TARBALL KOUT=$KOUT SERIES=$series \
	nice -n "${NICE:-19}" kernel/build-kernel.sh ||
	fail "make kernel failed (exit $?)"
printf 'anon-fault size=4K mode=write mem=32M reps=3 warmup=1 events=none\n' >"$T/f.wl"
for v in base series; do
	kernel/qemu-run KERNEL="$KOUT/$v/arch/x86/boot/bzImage" \
		WORKLOAD="$T/f.wl" LABEL="$v" RESULTS="$T/results" \
		DETERMINISTIC=1 >"$T/$v.out" 2>"$T/$v.err" ||
		{ tail -20 "$T/$v.err"; fail "qemu-run of $v failed"; }
	printf -v "run_$v" '%s' "$(tail -1 "$T/$v.out")"
done
# shellcheck disable=SC2154 # set by printf -v
python3 - "$run_base" "$run_series" "$SYN_COST_INSNS" <<'PY' || fail "the cost is not what was injected"
import json, statistics, sys
def per_fault(d):
    v = [json.loads(l)["metrics"]["ns_per_fault"]["value"]
         for l in open(d + "/samples.jsonl") if '"metrics"' in l]
    return statistics.median(v)
b, s, want = per_fault(sys.argv[1]), per_fault(sys.argv[2]), int(sys.argv[3])
print("4K fault: %.0f guest instructions on the base, %.0f with the patch: +%.0f (injected %d), +%.1f%% (true %.1f%%)"
      % (b, s, s - b, want, 100 * (s - b) / b, 100 * want / b))
assert abs((s - b) - want) <= 0.05 * want, "measured %+.0f" % (s - b)
PY
"$MMBENCH" compare "$run_base" "$run_series" --metric ns_per_fault >"$T/c.out" 2>&1 ||
	"$MMBENCH" compare "$run_base" "$run_series" >"$T/c.out" 2>&1 ||
	{ cat "$T/c.out"; fail "compare failed"; }
cat "$T/c.out"
echo "ok"
