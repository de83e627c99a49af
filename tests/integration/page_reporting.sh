#!/bin/bash
# Free page reporting is off for the whole run (page_reporting_order at
# the highest order the kernel takes) and back as found after it, after
# SIGINT, and after SIGKILL + restore.  Where it reads -1 (no reporting
# device) there is nothing to turn off: it must stay -1.
. "$(dirname "$0")/lib.bash"
require_idle
[ -e "$PR_ORDER" ] || skip "no $PR_ORDER (kernel without free page reporting)"
orig=$(cat "$PR_ORDER")
echo "page_reporting_order: $orig"

# During a run: off (>= 10, above any order a buddy free reaches), or
# untouched where reporting is off already.
during_ok() {
	local v
	[ -e "$STATE" ] && v=$(cat "$PR_ORDER") || return 1
	if [ "$orig" -lt 0 ]; then [ "$v" = "$orig" ]; else [ "$v" -ge 10 ]; fi
}
for how in INT KILL; do
	start_bg "$how" run anon-fault size=4K mem=64M reps=500 warmup=0 out="$T/$how"
	has1() { [ "$(nlines "$T/$how/samples.jsonl")" -ge 1 ]; }
	wait_until 60 has1 || { show "$how"; fail "no sample within 60 s"; }
	during_ok || fail "SIG$how run: page_reporting_order $(cat "$PR_ORDER") during the run (was $orig)"
	echo "during: $(cat "$PR_ORDER")"
	if [ "$orig" -ge 0 ]; then
		grep -q "	$PR_ORDER	$orig\$" "$STATE" ||
			{ cat "$STATE"; fail "$STATE does not save page_reporting_order $orig"; }
	fi
	kill -"$how" "$BG_PID"
	wait_bg
	if [ "$how" = KILL ]; then
		run_mb r restore
		[ "$RC" = 0 ] || { show r; fail "restore exited $RC"; }
	fi
	[ "$(cat "$PR_ORDER")" = "$orig" ] ||
		fail "page_reporting_order $(cat "$PR_ORDER") after SIG$how, was $orig"
	[ -e "$STATE" ] && fail "$STATE left after SIG$how"
	echo "ok: SIG$how"
done
echo "ok"
