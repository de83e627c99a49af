#!/bin/bash
# make install PREFIX=dir: the binary, the workloads and the gnuplot
# templates under PREFIX; the installed binary reads every installed
# workload, runs one, and draws its graphs from the installed templates
# (no scripts/ beside it, no MMBENCH_GNUPLOT_DIR).
. "$(dirname "$0")/lib.bash"
require_idle
REPO=$(cd "$(dirname "$0")/../.." && pwd)
O=$(cd "$(dirname "$MMBENCH")" && pwd)
P=$T/prefix
# -o: install the binary under test as it is, never rebuild it here.
make -s -C "$REPO" O="$O" -o "$O/mmbench" install PREFIX="$P" >"$T/make.out" 2>&1 ||
	{ cat "$T/make.out"; fail "make install PREFIX=$P failed"; }
cmp -s "$P/bin/mmbench" "$O/mmbench" || fail "installed bin/mmbench is not $O/mmbench"
[ -x "$P/bin/mmbench" ] || fail "installed bin/mmbench is not executable"
for f in "$REPO"/workloads/*.wl; do
	cmp -s "$f" "$P/share/mmbench/workloads/${f##*/}" || fail "workload ${f##*/} not installed"
done
for f in "$REPO"/scripts/*.gp; do
	cmp -s "$f" "$P/share/mmbench/gnuplot/${f##*/}" || fail "template ${f##*/} not installed"
done

unset MMBENCH_GNUPLOT_DIR
mb=$P/bin/mmbench
cd "$T" || fail "cd $T"
# Every line of every installed workload parses: an override no line
# takes is the only complaint.
for w in "$P"/share/mmbench/workloads/*.wl; do
	RC=0
	"$mb" suite "$w" nosuch=1 >"$T/w.out" 2>"$T/w.err" || RC=$?
	[ "$RC" = 2 ] && grep -q "nosuch=1: no benchmark in $w takes it" "$T/w.err" ||
		{ cat "$T/w.err"; fail "installed mmbench does not read ${w##*/} (exit $RC)"; }
done
RC=0
"$mb" suite "$P/share/mmbench/workloads/quick.wl" reps=2 warmup=0 mem=32M \
	out="$T/q" >"$T/q.out" 2>"$T/q.err" || RC=$?
[ "$RC" = 0 ] || { cat "$T/q.err"; fail "installed mmbench: quick.wl exited $RC"; }
jcheck "$T/q" 'ok(M["status"] == "complete" and len(S) > 0, "%r, %d lines" % (M["status"], len(S)))' ||
	fail "installed mmbench: quick.wl results"
RC=0
"$mb" plot "$T/q" --out "$T/plots" >"$T/p.out" 2>"$T/p.err" || RC=$?
[ "$RC" = 0 ] || { cat "$T/p.err"; fail "installed mmbench plot exited $RC"; }
compgen -G "$T/plots/anon-fault-throughput*.png" >/dev/null &&
	compgen -G "$T/plots/anon-fault-throughput*.svg" >/dev/null ||
	fail "installed mmbench plot drew no anon-fault throughput graph: $(ls "$T/plots")"
echo "ok"
