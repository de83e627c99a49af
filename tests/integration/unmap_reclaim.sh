#!/bin/bash
# pageout (zram set up and taken down, swap left as found), swapin,
# pageout-forked and lazyfree at 4K, 64K and 2M: whole folios go to swap
# (swpout by the folio count, no split), pagemap shows every page
# swapped, lazyfree folios are discarded, redirtied ones kept.  Where
# the kernel or the machine's swap does otherwise (zswap, a swap in use,
# no large-folio swap-in) the expectation follows what it reports.
. "$(dirname "$0")/lib.bash"
require_idle
for s in 64kB 2048kB; do
	[ -e "$THP/hugepages-$s/enabled" ] || skip "size hugepages-$s not offered"
done
# Compared before and after: the swap areas (not their use, which an
# active swap's other users change) and zram0's size.
swap_state() {
	swapon --show=NAME,TYPE,SIZE,PRIO --noheadings --raw 2>/dev/null
	cat /sys/block/zram0/disksize 2>/dev/null
}
swap_state >"$T/swap.before"
knob_snapshot "$T/before"
bad=0

# What this kernel and machine do, read from them, not assumed:
# - swap: none (mmbench sets up zram0 for pageout, a fresh synchronous
#   device), or what is active, used as is (a disk or a partly used
#   zram may be too fragmented for whole large folios: swpout_fallback);
# - zswap on: pages go to zswap (zswpout) rather than the device
#   (pswpout), and large folios are not swapped in whole;
# - large-folio swap-in (whole 64K folios back, per-size swpin): only
#   where the kernel counts swpin per size, from a synchronous device
#   (zram), with zswap off;
# - per-size split counters (newer than the kernels whose MADV_FREE
#   split mTHPs): where they exist, nothing may split.
no_swap=0 sync=1
if [ -z "$(swapon --show --noheadings)" ]; then
	no_swap=1
else
	# Any active area that is not zram: writes and reads are async.
	swapon --show=NAME --noheadings --raw | grep -qv '^/dev/zram' && sync=0
fi
zswap=0
[ "$(cat /sys/module/zswap/parameters/enabled 2>/dev/null)" = Y ] && zswap=1
swpin=0
[ -e "$THP/hugepages-64kB/stats/swpin" ] && [ "$sync" = 1 ] && [ "$zswap" = 0 ] && swpin=1
splits=0
[ -e "$THP/hugepages-64kB/stats/split" ] && splits=1
echo "no_swap=$no_swap sync=$sync zswap=$zswap large_swapin=$swpin split_stats=$splits"
FACTS="NO_SWAP, SYNC, ZSWAP, SWPIN, SPLITS = $no_swap, $sync, $zswap, $swpin, $splits
def vm(s, k):
    return s['stats']['vmstat'].get(k, 0)
def mthp(s, size, k):
    return s['stats']['mthp'].get(size, {}).get(k, 0)
"

# pageout needs swap, or a zram0 nobody uses (the precondition
# mmbench checks): without either, the pageout half cannot run here.
pageout_why=
for s in 64kB 2048kB; do
	[ -e "$THP/hugepages-$s/stats/swpout" ] ||
		pageout_why="no per-size swpout stats for hugepages-$s"
done
if [ -n "$pageout_why" ]; then
	:
elif [ "$no_swap" = 1 ]; then
	if [ ! -w /sys/block/zram0/disksize ]; then
		pageout_why="no swap and no /dev/zram0 (modprobe zram)"
	elif [ "$(cat /sys/block/zram0/disksize)" != 0 ]; then
		pageout_why="no swap, and zram0 is in use by someone else"
	fi
fi

# pageout-forked needs a memory cgroup mmbench can make (its skip).
ops=pageout,pageout-forked,swapin nops=3 forked_why=
if ! memcg_dir >/dev/null; then
	ops=pageout,swapin nops=2
	forked_why="no memory cgroup to reclaim in (v1 memory controller, or v2 with memory delegated)"
fi

if [ -z "$pageout_why" ]; then
	run_mb po run pageout size=4K,64K,2M op=$ops mem=32M reps=2 warmup=1 out="$T/po"
	# The preconditions were checked above: an exit 4 now is a regression.
	[ "$RC" = 0 ] || { show po; fail "pageout exited $RC"; }
	swap_state >"$T/swap.after"
	cmp -s "$T/swap.before" "$T/swap.after" || {
		diff "$T/swap.before" "$T/swap.after"
		fail "swap is not as it was before the run"
	}
	jcheck "$T/po" "$FACTS
NOPS = $nops"'
sz = {"4K": 4096, "64K": 65536, "2M": 2 << 20}
pages = (32 << 20) // 4096
ok(len(S) == 3 * NOPS * 2, "%d samples, want %d" % (len(S), 3 * NOPS * 2))
for s in S:
    p = s["params"]
    k, op = p["size"], p["op"]
    n = (32 << 20) // sz[k]
    key = "%dkB" % (sz[k] // 1024)
    where = "pageout size=%s op=%s rep %d" % (k, op, s["rep"])
    check(s["folios"] == {k: n}, where + ": folios %r" % s["folios"])
    check(s["fallback"] is False, where + ": fallback: %s" % s.get("fallback_reason"))
    if op == "swapin":
        check(s["present_pages"] == pages, where + ": %d pages back" % s["present_pages"])
        back = s["pswpin"] + (vm(s, "zswpin") if ZSWAP else 0)
        check(back >= pages, where + ": %d pages swapped in (pswpin %d)" % (back, s["pswpin"]))
        if k == "64K" and SWPIN:
            # zram is synchronous: 64K folios come back whole
            check(s["swpin"] == n, where + ": swpin %d, want %d" % (s["swpin"], n))
        continue
    check(s["swapped_pages"] == pages, where + ": %d of %d pages swapped" % (s["swapped_pages"], pages))
    out = s["pswpout"] + (vm(s, "zswpout") if ZSWAP else 0)
    check(out >= pages, where + ": %d pages written out (pswpout %d)" % (out, s["pswpout"]))
    if k != "4K":
        whole = s["swpout"] + (mthp(s, key, "zswpout") if ZSWAP else 0)
        if NO_SWAP:
            # mmbench own fresh zram: every folio goes out whole
            check(whole == n, where + ": swpout %d, want the folio count %d" % (whole, n))
            check(s["swpout_fallback"] == 0, where + ": swpout_fallback %d" % s["swpout_fallback"])
            if SPLITS:
                check(s["split"] == 0, where + ": %d folios split" % s["split"])
        else:
            # a swap in use: each folio whole, or split as it fell back
            check(whole + s["swpout_fallback"] == n, where + ": swpout %d + fallback %d, want %d" % (whole, s["swpout_fallback"], n))
            if SPLITS:
                check(s["split"] <= s["swpout_fallback"], where + ": %d splits, %d fallbacks" % (s["split"], s["swpout_fallback"]))
' || bad=1
else
	echo "pageout half not run: $pageout_why"
fi

run_mb lf run lazyfree size=4K,64K,2M op=free,reclaim redirty=0,1 mem=64M reps=2 warmup=1 out="$T/lf"
[ "$RC" = 0 ] || { show lf; fail "lazyfree exited $RC"; }
jcheck "$T/lf" "$FACTS"'
sz = {"4K": 4096, "64K": 65536, "2M": 2 << 20}
pages = (64 << 20) // 4096
run = [s for s in S if "rep" in s]
skipped = [s for s in S if "skipped" in s]
ok(len(run) == 18, "%d samples, want 18" % len(run))
ok(len(skipped) == 3 and all(s["params"]["op"] == "free" for s in skipped), "op=free redirty=1 not skipped: %r" % skipped)
for s in run:
    p = s["params"]
    k, op = p["size"], p["op"]
    n = (64 << 20) // sz[k]
    where = "lazyfree size=%s op=%s redirty=%s rep %d" % (k, op, p["redirty"], s["rep"])
    check(s["folios"] == {k: n}, where + ": folios %r" % s["folios"])
    check(s["fallback"] is False, where + ": fallback: %s" % s.get("fallback_reason"))
    if k != "4K" and SPLITS:
        check(s["split"] == 0, where + ": %d folios split" % s["split"])
    if op == "free":
        # MADV_FREE only marks: every page still mapped
        check(s["present_pages"] == pages, where + ": %d pages present" % s["present_pages"])
        if k != "4K":
            check(s["pglazyfree"] == pages, where + ": pglazyfree %d" % s["pglazyfree"])
    elif p["redirty"] == "0":
        check(s["present_pages"] == 0, where + ": %d pages left" % s["present_pages"])
        check(s["pglazyfreed"] == pages, where + ": pglazyfreed %d" % s["pglazyfreed"])
        check(s["pswpout"] == 0 and vm(s, "zswpout") == 0, where + ": lazyfree pages written to swap")
    else:
        kept = s["redirtied_folios"] * sz[k] // 4096
        check(s["redirtied_folios"] == n // 2 if n > 1 else 1, where + ": redirtied %d" % s["redirtied_folios"])
        check(s["pglazyfreed"] == pages - kept, where + ": pglazyfreed %d, want %d" % (s["pglazyfreed"], pages - kept))
        if NO_SWAP:
            check(s["present_pages"] == kept, where + ": %d pages present, want the %d redirtied" % (s["present_pages"], kept))
' || bad=1

knob_snapshot "$T/after"
knobs_same "$T/before" "$T/after" || fail "knobs differ after the runs"
[ "$bad" = 0 ] || fail "samples do not show what was asked for (see above)"
[ -z "$pageout_why" ] || skip "lazyfree passed; pageout not run: $pageout_why"
[ -z "$forked_why" ] || skip "the rest passed; pageout-forked not run: $forked_why"
echo "ok"
