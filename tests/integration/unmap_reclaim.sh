#!/bin/bash
# pageout (zram set up and taken down, swap left as found), swapin,
# pageout-forked and lazyfree at 4K, 64K and 2M: whole folios go to swap
# (swpout by the folio count, no split), pagemap shows every page
# swapped, lazyfree folios are discarded, redirtied ones kept.
. "$(dirname "$0")/lib.bash"
require_idle
for s in 64kB 2048kB; do
	[ -e "$THP/hugepages-$s/stats/swpout" ] || skip "no swpout stats for hugepages-$s"
done
swap_state() {
	swapon --show --noheadings --raw 2>/dev/null
	cat /sys/block/zram0/disksize 2>/dev/null
}
swap_state >"$T/swap.before"
no_swap=0
[ -z "$(swapon --show --noheadings)" ] && no_swap=1
knob_snapshot "$T/before"
bad=0

run_mb po run pageout size=4K,64K,2M op=pageout,pageout-forked,swapin mem=32M reps=2 warmup=1 out="$T/po"
[ "$RC" = 4 ] && skip "pageout: $(tail -1 "$T/po.err")"
[ "$RC" = 0 ] || { show po; fail "pageout exited $RC"; }
swap_state >"$T/swap.after"
cmp -s "$T/swap.before" "$T/swap.after" || {
	diff "$T/swap.before" "$T/swap.after"
	fail "swap is not as it was before the run"
}
jcheck "$T/po" '
sz = {"4K": 4096, "64K": 65536, "2M": 2 << 20}
pages = (32 << 20) // 4096
ok(len(S) == 18, "%d samples, want 18" % len(S))
for s in S:
    p = s["params"]
    k, op = p["size"], p["op"]
    n = (32 << 20) // sz[k]
    where = "pageout size=%s op=%s rep %d" % (k, op, s["rep"])
    check(s["folios"] == {k: n}, where + ": folios %r" % s["folios"])
    check(s["fallback"] is False, where + ": fallback: %s" % s.get("fallback_reason"))
    if op == "swapin":
        check(s["present_pages"] == pages, where + ": %d pages back" % s["present_pages"])
        check(s["pswpin"] >= pages, where + ": pswpin %d" % s["pswpin"])
        if k == "64K":
            # zram is synchronous: 64K folios come back whole
            check(s["swpin"] == n, where + ": swpin %d, want %d" % (s["swpin"], n))
        continue
    check(s["swapped_pages"] == pages, where + ": %d of %d pages swapped" % (s["swapped_pages"], pages))
    check(s["pswpout"] >= pages, where + ": pswpout %d" % s["pswpout"])
    if k != "4K":
        check(s["swpout"] == n, where + ": swpout %d, want the folio count %d" % (s["swpout"], n))
        check(s["swpout_fallback"] == 0, where + ": swpout_fallback %d" % s["swpout_fallback"])
        check(s["split"] == 0, where + ": %d folios split" % s["split"])
' || bad=1

run_mb lf run lazyfree size=4K,64K,2M op=free,reclaim redirty=0,1 mem=64M reps=2 warmup=1 out="$T/lf"
[ "$RC" = 0 ] || { show lf; fail "lazyfree exited $RC"; }
jcheck "$T/lf" "NO_SWAP = $no_swap"'
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
    if k != "4K":
        check(s["split"] == 0, where + ": %d folios split" % s["split"])
    if op == "free":
        # MADV_FREE only marks: every page still mapped
        check(s["present_pages"] == pages, where + ": %d pages present" % s["present_pages"])
        if k != "4K":
            check(s["pglazyfree"] == pages, where + ": pglazyfree %d" % s["pglazyfree"])
    elif p["redirty"] == "0":
        check(s["present_pages"] == 0, where + ": %d pages left" % s["present_pages"])
        check(s["pglazyfreed"] == pages, where + ": pglazyfreed %d" % s["pglazyfreed"])
        check(s["pswpout"] == 0, where + ": lazyfree pages written to swap")
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
echo "ok"
