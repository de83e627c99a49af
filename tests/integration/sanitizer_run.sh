#!/bin/bash
# The ASan+UBSan build runs a small benchmark, restore and bad input
# without a sanitizer report.
. "$(dirname "$0")/lib.bash"
SAN=${MMBENCH_SAN:-$(dirname "$0")/../../build/san/mmbench}
[ -x "$SAN" ] || skip "no sanitizer build at $SAN (make unit builds it)"
require_idle
knob_snapshot "$T/before"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=99
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

# san NAME WANT ARGS..: run the sanitizer build, want exit WANT, no report.
san() {
	local name=$1 want=$2 rc=0
	shift 2
	"$SAN" "$@" >"$T/$name.out" 2>"$T/$name.err" || rc=$?
	if grep -Eq "ERROR: (Address|Leak)Sanitizer|runtime error:|SUMMARY: .*Sanitizer" "$T/$name.err"; then
		head -30 "$T/$name.err"
		echo "^^^ sanitizer report from mmbench $*"
		bad=1
	elif [ "$rc" != "$want" ]; then
		show "$name"
		echo "^^^ mmbench $* (sanitizer build) exited $rc, want $want"
		bad=1
	fi
}
bad=0

san run 0 run anon-fault size=64K mem=64M reps=2 warmup=1 out="$T/res"
[ "$bad" = 0 ] && { jcheck "$T/res" 'ok(M["status"] == "complete" and len(S) == 2, "%r, %d samples" % (M["status"], len(S)))' || bad=1; }
san suite 0 suite /dev/stdin reps=1 warmup=0 mem=64M out="$T/res2" <<'WL'
anon-fault size=4K,2M mode=read   # 4K read and 2M zero page
WL
san restore 0 restore
san sysinfo 0 sysinfo
san list 0 list
san badsize 2 run anon-fault size=3K
san badwl 2 suite /dev/stdin <<'WL'
anon-fault size=64K nosuch=1
WL
nosize=$(unoffered_size) || fail "every power of two is offered?"
san skip 4 run anon-fault size="$nosize" mem=64M
[ -e "$STATE" ] && san repair 0 restore	# a sanitizer abort skips the restore
knob_snapshot "$T/after"
knobs_same "$T/before" "$T/after" || fail "knobs differ after the sanitizer runs"
[ "$bad" = 0 ] || fail "sanitizer build: see the reports above"
echo "ok"
