#!/bin/bash
# scripts/lab-setup apply then restore leaves every knob it knows as it
# was; a second apply is refused; bad usage is exit 2.
. "$(dirname "$0")/lib.bash"
LAB=$(dirname "$0")/../../scripts/lab-setup
export MMBENCH_STATE_DIR=$T/state
snap() {
	for f in /sys/devices/system/cpu/cpu[0-9]*/cpufreq/scaling_governor \
		 /proc/sys/kernel/nmi_watchdog \
		 /sys/devices/system/cpu/intel_pstate/no_turbo \
		 /sys/devices/system/cpu/cpufreq/boost; do
		[ -e "$f" ] && printf '%s %s\n' "$f" "$(cat "$f")"
	done
	return 0
}
snap >"$T/before"
[ -s "$T/before" ] || skip "no governor, watchdog or turbo knob on this machine"
# Make apply change something we can see: the watchdog on, if it is off.
wd=/proc/sys/kernel/nmi_watchdog
orig=
if [ -w "$wd" ] && [ "$(cat $wd)" = 0 ] && echo 1 >$wd 2>/dev/null; then
	orig=0
	at_exit 'echo 0 >"$wd"'	# keeps the test's exit status
	snap >"$T/before"
fi
bash "$LAB" apply >"$T/apply.out" 2>&1 || { cat "$T/apply.out"; fail "apply failed"; }
[ -e "$T/state/lab.saved" ] || fail "apply saved nothing"
if [ -n "$orig" ]; then
	[ "$(cat $wd)" = 0 ] || fail "apply left the NMI watchdog on"
fi
bash "$LAB" apply >/dev/null 2>&1 && fail "a second apply was accepted"
bash "$LAB" status | grep -q "^applied" || fail "status does not say applied"
bash "$LAB" restore >/dev/null || fail "restore failed"
snap >"$T/after"
cmp -s "$T/before" "$T/after" || { diff "$T/before" "$T/after"; fail "knobs differ after restore"; }
[ -e "$T/state/lab.saved" ] && fail "restore left the saved state"
bash "$LAB" bogus >/dev/null 2>&1; [ $? = 2 ] || fail "bad usage not exit 2"
echo "ok"
