#!/bin/bash
# A damaged knob state file (a garbage line in the middle, or cut short
# as a failing disk leaves it) blocks nothing: `mmbench restore` or the
# next run restores every entry that parses, names the line that does
# not, says what it could not restore, moves the file aside for a person
# and later runs start again.
. "$(dirname "$0")/lib.bash"
require_idle
knob_snapshot "$T/before"
# Every knob's value as found, to put back what no file could restore.
knob_files | while IFS= read -r f; do
	printf '%s\t%s\n' "$f" "$(knob_val "$f")"
done >"$T/vals"
put_back() {
	local f v
	while IFS=$'\t' read -r f v; do
		[ "$(knob_val "$f")" = "$v" ] || echo "$v" >"$f" 2>/dev/null
	done <"$T/vals"
}
at_exit put_back
at_exit 'rm -f "$STATE".damaged-*'

# kill_run NAME: a run SIGKILLed after 2 samples, its knobs left changed.
kill_run() {
	start_bg "$1" run anon-fault size=4K mode=write mem=64M reps=500 \
		warmup=1 out="$T/$1"
	has2() { [ "$(nlines "$T/$1/samples.jsonl")" -ge 2 ]; }
	wait_until 60 has2 "$1" || { show "$1"; fail "$1: no 2 samples within 60 s"; }
	kill -KILL "$BG_PID"
	wait_bg
	[ -e "$STATE" ] || fail "$1: no $STATE after SIGKILL"
	knob_snapshot "$T/$1.killed"
	knobs_same "$T/before" "$T/$1.killed" >/dev/null &&
		fail "$1: knobs unchanged after SIGKILL: nothing to prove"
	cp "$STATE" "$T/$1.state"
}

# aside_is FILE: the one damaged file set aside holds FILE's bytes.
aside_is() {
	local a
	a=$(ls "$STATE".damaged-* 2>/dev/null)
	[ "$(wc -w <<<"$a")" = 1 ] || fail "not one damaged file set aside: '$a'"
	cmp -s "$a" "$1" || fail "$a does not hold the damaged file's bytes"
	rm -f "$a"
}

# 1. A garbage line in the middle: named; every knob line still parses,
# so every knob comes back; restore exits 1 (a person should look).
kill_run k1
n=$(grep -c . "$T/k1.state")
mid=$((n / 2))
sed "${mid}a this is not a knob line" "$T/k1.state" >"$T/k1.damaged"
cp "$T/k1.damaged" "$STATE"
run_mb r1 restore
[ "$RC" = 1 ] || { show r1; fail "restore of a damaged file exited $RC, not 1"; }
grep -q "is damaged: line $((mid + 1)): not a knob, run or end line: \"this is not a knob line\"" "$T/r1.err" ||
	{ show r1; fail "restore did not name line $((mid + 1))"; }
grep -q "could not restore" "$T/r1.err" || { show r1; fail "restore did not say what it could not restore"; }
grep -q "moved it to $STATE.damaged-" "$T/r1.err" || { show r1; fail "restore did not say where the file went"; }
[ -e "$STATE" ] && fail "the damaged $STATE is still there"
aside_is "$T/k1.damaged"
knob_snapshot "$T/after1"
knobs_same "$T/before" "$T/after1" || fail "knobs differ after restoring a file with a garbage line"
jcheck "$T/k1" 'ok(M["status"] == "interrupted", "killed run status %r" % M["status"])' ||
	fail "the killed run was not marked interrupted"
run_mb r1b restore
[ "$RC" = 0 ] && grep -q "nothing to do" "$T/r1b.err" || { show r1b; fail "a second restore: exit $RC"; }

# 2. Cut to its first 100 bytes (the issue's case): the next run starts,
# says what it restored and what it could not, takes the lost THP knobs
# from the killed run's meta.json, and completes.
kill_run k2
head -c 100 "$T/k2.state" >"$T/k2.damaged"
cp "$T/k2.damaged" "$STATE"
run_mb next run anon-fault size=4K mode=write mem=16M reps=1 warmup=0 out="$T/next"
[ "$RC" = 0 ] || { show next; fail "the run after a cut-short state file exited $RC"; }
grep -q "is damaged: line [0-9]*: cut short" "$T/next.err" || { show next; fail "the run did not say the file was cut short"; }
grep -q "could not restore: any knob whose line was lost" "$T/next.err" ||
	{ show next; fail "the run did not say what it could not restore"; }
aside_is "$T/k2.damaged"
[ -e "$STATE" ] && fail "$STATE left after the run"
jcheck "$T/next" 'ok(M["status"] == "complete" and len(S) == 1, "next run: %r" % M["status"])' ||
	fail "the run after the damage"
jcheck "$T/k2" 'ok(M["status"] == "interrupted", "killed run status %r" % M["status"])' ||
	fail "the run line survived the cut, but the killed run was not marked"
# The THP knobs whose lines the cut lost come back from the killed run's
# meta.json (its knobs as found); page_reporting_order is not there.
grep -q "restored [0-9]* more THP knobs\? from $T/k2/meta.json" "$T/next.err" ||
	{ show next; fail "the run did not restore the lost knobs from the killed run's meta.json"; }
knob_snapshot "$T/after2t"
thp_only() { awk -v pr="== $PR_ORDER" '$0 == pr { skip = 1; next } /^== / { skip = 0 } !skip' "$1"; }
cmp -s <(thp_only "$T/before") <(thp_only "$T/after2t") ||
	{ diff <(thp_only "$T/before") <(thp_only "$T/after2t") | head; fail "THP knobs differ after the repair from meta.json"; }
# What no file held (page_reporting_order) is put back by hand.
put_back
knob_snapshot "$T/after2"
knobs_same "$T/before" "$T/after2" || fail "knobs differ after putting them back"

# 3. And a run after that starts as on any day.
run_mb later run anon-fault size=4K mode=write mem=16M reps=1 warmup=0 out="$T/later"
[ "$RC" = 0 ] || { show later; fail "a later run exited $RC"; }
grep -q "damaged\|previous run" "$T/later.err" && { show later; fail "a later run still repairs something"; }
echo "ok"
