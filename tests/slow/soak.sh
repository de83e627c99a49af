#!/bin/bash
# make test-soak: the soak with faults (opt-in, not in make test).
#  1. workloads/quick.wl three times back to back;
#  2. 20 runs of a short unmap/reclaim workload (tests/slow/soak.wl),
#     each SIGKILLed at a random moment, each followed by `mmbench
#     restore` (even runs) or by the next run (odd runs) repairing it.
# Afterwards every THP and khugepaged knob, page_reporting_order,
# /proc/swaps, zram0's disksize, mmbench's memory cgroups and the tracefs
# mounts must be as before, no mmbench process may be left, and every
# killed run must be marked interrupted with its finished samples
# readable by `mmbench compare`.  Prints those figures.
#   KILLS=n (default 20)  QUICK=n (default 3)  SEED=n (random)
# Here (2 cores shared with other work, 6.18): under 2 minutes.
cd "$(dirname "$0")/../.." || exit 1
B=${O:-build}
export MMBENCH=${MMBENCH:-$PWD/$B/mmbench}
. tests/integration/lib.bash
KILLS=${KILLS:-20}
QUICK=${QUICK:-3}
SEED=${SEED:-$((($(date +%s) + $$) % 32768))}
RANDOM=$SEED
WL=$PWD/tests/slow/soak.wl
EXE=$(readlink -f "$MMBENCH")

# wait_lock: no mmbench holds the lock (this machine may be shared);
# wait_idle: nor has a state file been left (the figures are only taken
# then).
wait_lock() {
	local i
	for ((i = 0; i < 3000; i++)); do
		flock -n "$STATE_DIR/lock" true 2>/dev/null && return 0
		sleep 0.2
	done
	fail "another mmbench held $STATE_DIR/lock for 10 minutes"
}
wait_idle() {
	local i
	for ((i = 0; i < 3000; i++)); do
		wait_lock
		[ ! -e "$STATE" ] && return 0
		sleep 0.2
	done
	fail "$STATE stayed for 10 minutes"
}

# mb NAME ARGS..: run_mb, again while another mmbench holds the lock.
mb() {
	local i
	for ((i = 0; i < 20; i++)); do
		wait_lock
		run_mb "$@"
		grep -q "another mmbench (pid" "$T/$1.err" || return 0
	done
	fail "$1: the lock stayed taken"
}

# figures NAME: what a run may change and must put back, one file each
# in $T/NAME.{knobs,swaps,zram,memcg,tracefs}.
SECTIONS="knobs swaps zram memcg tracefs"
figures() {
	local cg zr=/sys/block/zram0/disksize
	knob_snapshot "$T/$1.knobs"
	cat /proc/swaps >"$T/$1.swaps"
	if [ -e "$zr" ]; then cat "$zr"; else echo "no zram0"; fi >"$T/$1.zram"
	{
		cg=$(memcg_dir) && [ -d "$cg" ] && echo "$cg"
		find /sys/fs/cgroup -maxdepth 6 -type d -name 'mmbench*' 2>/dev/null
	} | sort -u >"$T/$1.memcg"
	awk '$3 == "tracefs" { print $2 }' /proc/mounts | sort >"$T/$1.tracefs"
}

# strays: processes running this mmbench binary that the soak started
# (they carry its mark in their environment; others' runs do not).
export MMBENCH_SOAK_MARK=$$.$SEED
strays() {
	local p n=0
	for p in /proc/[0-9]*; do
		[ "$(readlink "$p/exe" 2>/dev/null)" = "$EXE" ] || continue
		tr '\0' '\n' <"$p/environ" 2>/dev/null |
			grep -qx "MMBENCH_SOAK_MARK=$MMBENCH_SOAK_MARK" && n=$((n + 1))
	done
	echo "$n"
}
no_strays() { [ "$(strays)" = 0 ]; }

wait_idle
figures before
echo "soak: seed $SEED; $QUICK x workloads/quick.wl, then $KILLS killed runs of tests/slow/soak.wl"

# 1. quick.wl back to back.
for ((i = 1; i <= QUICK; i++)); do
	s=$SECONDS
	mb "quick$i" suite workloads/quick.wl out="$T/quick$i"
	[ "$RC" = 0 ] || { show "quick$i"; fail "quick.wl run $i exited $RC"; }
	jcheck "$T/quick$i" 'ok(M["status"] == "complete", "status %r" % M["status"])' ||
		fail "quick.wl run $i"
	echo "soak: quick.wl run $i: complete, $((SECONDS - s)) s, $(nlines "$T/quick$i/samples.jsonl") lines"
done

# 2. One whole run first: how long one takes, and the run to compare with.
s=$(date +%s%N)
mb ref suite "$WL" out="$T/ref"
[ "$RC" = 0 ] || { show ref; fail "the reference run of soak.wl exited $RC"; }
dur_ms=$((($(date +%s%N) - s) / 1000000))
echo "soak: soak.wl whole: $((dur_ms / 1000)).$((dur_ms % 1000 / 100)) s, $(nlines "$T/ref/samples.jsonl") lines"

restored=0 by_next=0 interrupted=0 finished=0 early=0 samples=0 readable=0
kill_ms=()
for ((k = 1; k <= KILLS; k++)); do
	wait_lock
	# A random moment in the first 95% of a whole run.
	at=$(((RANDOM * 32768 + RANDOM) % (dur_ms * 95 / 100) + 20))
	kill_ms+=("$at")
	start_bg "k$k" suite "$WL" out="$T/k$k"
	sleep "$((at / 1000)).$(printf %03d $((at % 1000)))"
	kill -KILL "$BG_PID" 2>/dev/null
	wait_bg
	if grep -q "another mmbench (pid" "$T/k$k.err"; then
		unset 'kill_ms[-1]'
		k=$((k - 1))	# lost the race for the lock: not a kill
		continue
	fi
	# Children of the run (crew workers, a benchmark's child) die with it.
	wait_until 10 no_strays ||
		fail "k$k: $(strays) mmbench processes left 10 s after SIGKILL"
	if ((k % 2 == 0)) || ((k == KILLS)); then
		mb "r$k" restore
		[ "$RC" = 0 ] || { show "r$k"; fail "restore after kill $k exited $RC"; }
		grep -q "restored\|already restored\|nothing to do" "$T/r$k.err" ||
			{ show "r$k"; fail "restore after kill $k said nothing useful"; }
		restored=$((restored + 1))
	else
		by_next=$((by_next + 1))	# the next killed run repairs it
	fi
done
wait_idle

# Every killed run: marked, and what it finished is readable.
for ((k = 1; k <= KILLS; k++)); do
	d=$T/k$k
	if [ ! -f "$d/meta.json" ]; then
		early=$((early + 1))	# killed before its results existed
		continue
	fi
	st=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["status"])' "$d/meta.json")
	case $st in
	interrupted) interrupted=$((interrupted + 1)) ;;
	complete) finished=$((finished + 1)) ;;
	*) fail "k$k: killed run's status is '$st', not interrupted" ;;
	esac
	n=$(nlines "$d/samples.jsonl")
	samples=$((samples + n))
	[ -e "$d/meta.json.reserve" ] && fail "k$k: meta.json.reserve left in a marked run"
	[ "$n" -gt 0 ] || { readable=$((readable + 1)); continue; }
	RC=0
	"$MMBENCH" compare "$T/ref" "$d" >"$T/c$k.out" 2>"$T/c$k.err" || RC=$?
	[ "$RC" = 0 ] || { cat "$T/c$k.err"; fail "k$k: mmbench compare exited $RC"; }
	readable=$((readable + 1))
done

figures after
left=$(strays)
# What the repairs said, in restore's and the next runs' stderr.
said() { cat "$T"/r*.err "$T"/k*.err 2>/dev/null | grep -c "$1"; }
echo "soak: repairs: knobs put back $(said 'restored [0-9]* knob') times (already back $(said 'already restored')), zram swap taken down $(said 'swapped it off'), memory cgroup removed $(said 'removed the memory cgroup')"
echo "soak: $KILLS runs killed at $(printf '%s\n' "${kill_ms[@]}" | sort -n | head -1)-$(printf '%s\n' "${kill_ms[@]}" | sort -n | tail -1) ms; repaired by mmbench restore $restored, by the next run $by_next"
echo "soak: killed runs: $interrupted marked interrupted, $finished complete before the kill, $early killed before their results existed; $samples sample lines kept, compare read $readable of $((KILLS - early))"
fig() {	# fig FILE: its lines on one line
	tr '\n' ' ' <"$1" | sed 's/ *$//'
}
echo "soak: /proc/swaps: before [$(fig "$T/before.swaps")] after [$(fig "$T/after.swaps")]"
echo "soak: zram0 disksize: before $(fig "$T/before.zram"), after $(fig "$T/after.zram")"
echo "soak: mmbench memory cgroups: before [$(fig "$T/before.memcg")] after [$(fig "$T/after.memcg")]"
echo "soak: tracefs mounts: before [$(fig "$T/before.tracefs")] after [$(fig "$T/after.tracefs")]"
nk=$(grep -c '^== ' "$T/before.knobs")
pr=$(knob_val "$PR_ORDER" 2>/dev/null || echo none)
echo "soak: THP, khugepaged knobs and page_reporting_order: $nk files, $(cmp -s "$T/before.knobs" "$T/after.knobs" && echo same || echo DIFFERENT); page_reporting_order $pr; mmbench processes left: $left"
for sec in $SECTIONS; do
	cmp -s "$T/before.$sec" "$T/after.$sec" ||
		{ diff "$T/before.$sec" "$T/after.$sec" | head -20; fail "$sec not as before the soak"; }
done
[ "$left" = 0 ] || fail "$left mmbench processes left"
[ $((interrupted + finished + early)) = "$KILLS" ] || fail "not every killed run accounted for"
echo "soak: ok: every figure as before"
