#!/bin/bash
# Children mmbench forks (a fork point's benchmark child, a crew worker
# of tasks=2) do not hold the lock: while mmbench holds it they have no
# descriptor of it, and once mmbench is SIGKILLed the lock is free at
# once and restore repairs, whatever the children still do.
. "$(dirname "$0")/lib.bash"
require_idle
LOCK=$STATE_DIR/lock
knob_snapshot "$T/before"

# holds PID: a descriptor of PID points at the lock file.
holds() {
	local f
	for f in /proc/"$1"/fd/*; do
		[ "$(readlink "$f" 2>/dev/null)" = "$LOCK" ] && return 0
	done
	return 1
}

# check NAME ARGS..: run mmbench ARGS, look at its children while it
# runs, SIGKILL it, then the lock must be free and restore must repair.
check() {
	local name=$1 kids='' k n=0
	shift
	start_bg "$name" run "$@" out="$T/$name"
	has1() { [ "$(nlines "$T/$name/samples.jsonl")" -ge 1 ]; }
	wait_until 60 has1 || { show "$name"; fail "$name: no sample within 60 s"; }
	holds "$BG_PID" || fail "$name: mmbench itself holds no descriptor of $LOCK"
	# Children come and go with the reps: look until some were seen.
	while [ "$n" -lt 10 ] && kill -0 "$BG_PID" 2>/dev/null; do
		for k in $(pgrep -P "$BG_PID"); do
			holds "$k" && fail "$name: child $k ($(cat /proc/"$k"/comm 2>/dev/null)) holds $LOCK"
			kids="$kids $k"
			n=$((n + 1))
		done
		sleep 0.05
	done
	[ "$n" -gt 0 ] || { show "$name"; fail "$name: never saw a child of mmbench"; }
	kill -KILL "$BG_PID"
	wait_bg
	flock -n "$LOCK" true || fail "$name: $LOCK still locked right after SIGKILL (children:$kids)"
	run_mb "$name.r" restore
	[ "$RC" = 0 ] || { show "$name.r"; fail "$name: restore after SIGKILL exited $RC"; }
	grep -q "restored [1-9][0-9]* knob" "$T/$name.r.err" ||
		{ show "$name.r"; fail "$name: restore did not repair the killed run"; }
	echo "ok: $name: $n looks at children, none held the lock"
}

check fork fork size=4K op=cow-byte mem=256M reps=500 warmup=0
[ "$(nproc)" -ge 2 ] && check crew anon-fault size=4K mem=256M reps=500 warmup=0 tasks=2 task-mode=process

knob_snapshot "$T/after"
knobs_same "$T/before" "$T/after" || fail "knobs differ after SIGKILL + restore"
echo "ok"
