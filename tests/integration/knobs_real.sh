#!/bin/bash
# A run changes the real THP knobs while it runs (the size under test set
# to always, every other size never) and leaves them byte-identical.
. "$(dirname "$0")/lib.bash"
require_idle
[ -e "$THP/hugepages-64kB/enabled" ] || skip "no 64K mTHP size offered"
[ -e "$THP/hugepages-2048kB/enabled" ] || skip "no 2M size offered"

knob_snapshot "$T/before"

# The plain run: knobs as they were afterwards.
run_mb plain run anon-fault size=64K,2M mode=write mem=128M reps=2 warmup=1 \
	out="$T/plain"
[ "$RC" = 0 ] || { show plain; fail "run exited $RC"; }
[ "$(tail -1 "$T/plain.out")" = "$T/plain" ] || { show plain; fail "last stdout line is not the results dir"; }
knob_snapshot "$T/after"
knobs_same "$T/before" "$T/after" || fail "knobs differ after a normal run"
[ -e "$STATE" ] && fail "$STATE left after a normal run"

# The same, longer, watched while it runs: the restore above undid a change.
start_bg long run anon-fault size=64K,2M mode=write mem=128M reps=60 warmup=1 \
	out="$T/long"
# only_size kB: that size's enabled is always, every other size the
# kernel offers (whichever they are here) never.
only_size() {
	local f want
	for f in "$THP"/hugepages-*kB/enabled; do
		want=never
		[ "$f" = "$THP/hugepages-$1/enabled" ] && want=always
		[ "$(knob_val "$f")" = "$want" ] || return 1
	done
}
during_64k() { [ -e "$STATE" ] && only_size 64kB; }
during_2m() { [ -e "$STATE" ] && only_size 2048kB; }
wait_until 30 during_64k || { cat "$T/long.err"; fail "never saw hugepages-64kB/enabled=[always] with the state file during the run"; }
knob_snapshot "$T/during"
cp "$STATE" "$T/state.copy" 2>/dev/null
wait_until 30 during_2m || { cat "$T/long.err"; fail "never saw hugepages-2048kB/enabled=[always] during the 2M point"; }
wait_bg
[ "$BG_RC" = 0 ] || { show long; fail "background run exited $BG_RC"; }
knobs_same "$T/before" "$T/during" >/dev/null && fail "knobs did not change during the run"

# The state file recorded the values as found, not as set.
while IFS=$'\t' read -r kind path val; do
	[ "$kind" = knob ] || continue
	[ -e "$path" ] || fail "state file names a missing knob $path"
	grep -qxF "== $path" "$T/before" || fail "state file knob $path is not a writable knob"
	want=$(awk -v p="== $path" '$0 == p { getline; print; exit }' "$T/before")
	case $want in *\[*\]*) want=${want#*[}; want=${want%%]*} ;; esac
	[ "$val" = "$want" ] || fail "state file saved $path as '$val', it was '$want'"
	n=$((${n:-0} + 1))
done <"$T/state.copy"
[ "${n:-0}" -ge 3 ] || fail "state file lists ${n:-0} knobs"
for k in enabled defrag use_zero_page hugepages-64kB/enabled; do
	grep -q "	$THP/$k	" "$T/state.copy" || fail "state file lacks $k"
done

knob_snapshot "$T/after2"
knobs_same "$T/before" "$T/after2" || fail "knobs differ after the longer run"
[ -e "$STATE" ] && fail "$STATE left after the longer run"
jcheck "$T/long" 'ok(M["status"] == "complete", "status %s" % M["status"])' || fail "meta"
echo "ok"
