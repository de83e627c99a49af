#!/bin/bash
# make before-after on Debian's 6.1 and 6.12: the same workload runs on
# both and the collector's table compares them.
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/qemu.bash"

need_kernel x86_64 linux-image-6.1
rel1=$KREL
need_kernel x86_64 linux-image-6.12
rel2=$KREL
"$MMBENCH" compare 2>&1 | grep -q 'without the collector' &&
	skip "$MMBENCH was built without the collector (COLLECTOR=0)"
quick_wl "$T/q.wl" "anon-fault size=4K,pmd mode=write mem=32M reps=3 warmup=1"
rc=0
MMBENCH=$MMBENCH "$REPO/kernel/before-after" BEFORE=linux-image-6.1 \
	AFTER=linux-image-6.12 WORKLOAD="$T/q.wl" ACCEL=tcg TIMEOUT=300 \
	RESULTS="$T/results" OUT="$T/ba" >"$T/ba.out" 2>"$T/ba.err" || rc=$?
no_stale_qemu
[ "$rc" = 4 ] && skip "$(tail -1 "$T/ba.err")"
[ "$rc" = 0 ] || { cat "$T/ba.err"; fail "before-after exited $rc"; }
[ "$(tail -1 "$T/ba.out")" = "$T/ba" ] || fail "last line is not the output dir"
t=$T/ba/compare.txt
[ -s "$t" ] || fail "no compare.txt"
grep -q "$rel1" "$t" && grep -q "$rel2" "$t" || { cat "$t"; fail "table does not name both kernels"; }
# The summary: an anon-fault block, a row per size, a change per row.
grep -q '^anon-fault ' "$t" || { cat "$t"; fail "no anon-fault block"; }
for s in 4K 2M; do
	grep -Eq "[[:space:]]$s[[:space:]]" "$t" || { cat "$t"; fail "no row for $s"; }
done
grep -Eq '[+-][0-9.]+%' "$t" || { cat "$t"; fail "table has no change column"; }
[ -n "$(ls "$T/ba/plots" 2>/dev/null)" ] || fail "no graphs in $T/ba/plots"
b=$(sed -n 's/^before: //p' "$T/ba/runs")
a=$(sed -n 's/^after: *//p' "$T/ba/runs")
case $b in */qemu-x86_64/$rel1/*-before) ;; *) fail "before run at $b" ;; esac
case $a in */qemu-x86_64/$rel2/*-after) ;; *) fail "after run at $a" ;; esac
echo "ok: $rel1 vs $rel2"
