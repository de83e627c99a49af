#!/bin/bash
# A pageout run SIGKILLed while its zram swap is up: the swap stays
# recorded, and `mmbench restore` swaps it off and resets zram0, so
# swap is exactly as it was.
. "$(dirname "$0")/lib.bash"
require_idle
Z=/sys/block/zram0
[ -w "$Z/disksize" ] || skip "no zram0"
[ -z "$(swapon --show --noheadings)" ] || skip "swap already active: mmbench sets up no zram"
[ "$(cat "$Z/disksize")" = 0 ] || skip "zram0 in use"
swap_state() {
	swapon --show --noheadings --raw
	cat "$Z/disksize"
}
swap_state >"$T/before"
start_bg k run pageout size=64K op=pageout mem=32M reps=100000 warmup=0 out="$T/k"
# /proc/swaps may name it /zram0 once the run that opened it is gone.
zram_swap() { grep -Eq '^(/dev)?/zram0 ' /proc/swaps; }
wait_until 30 zram_swap || { kill -KILL "$BG_PID"; show k; fail "zram0 never became swap"; }
kill -KILL "$BG_PID"
wait_bg
[ -e "$STATE_DIR/zram-swap" ] || fail "no zram record left by the killed run"
zram_swap || fail "zram0 swap vanished without a restore"
run_mb r restore
[ "$RC" = 0 ] || { show r; fail "restore exited $RC"; }
grep -q "zram0 as swap; swapped it off" "$T/r.err" || { show r; fail "restore did not say it took zram0 down"; }
swap_state >"$T/after"
cmp -s "$T/before" "$T/after" || { diff "$T/before" "$T/after"; fail "swap not as it was"; }
[ -e "$STATE_DIR/zram-swap" ] && fail "zram record left after restore"
echo "ok"
