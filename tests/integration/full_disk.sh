#!/bin/bash
# Results on a full filesystem (a small tmpfs as out=, mounted in a
# private mount namespace so nothing outlives the test):
#  1. clearly too small for the run: refused with exit 1 before anything
#     is touched, saying the estimate;
#  2. filled mid-run: the run stops, samples.jsonl is cut back to its last
#     whole line, meta.json says "failed" with the reason, knobs restored.
. "$(dirname "$0")/lib.bash"
require_idle
command -v unshare >/dev/null || fail "unshare missing (util-linux)"
unshare -m --propagation private true 2>/dev/null ||
	skip "cannot make a private mount namespace here (unshare -m)"
knob_snapshot "$T/before"

# in_tmpfs SIZE SCRIPT: SCRIPT (bash) with $M a SIZE tmpfs of its own;
# what it leaves in $M/copy is copied to $T/copy.
in_tmpfs() {
	mkdir -p "$T/mnt" "$T/copy"
	M=$T/mnt MMBENCH=$MMBENCH T=$T unshare -m --propagation private \
		bash -c 'mount -t tmpfs -o size='"$1"' mmbench-full "$M" || exit 99
		'"$2"'
		rc=$?
		[ -d "$M/copy" ] && cp -a "$M/copy/." "$T/copy/"
		exit $rc'
}

# 1. 64K for 200 samples: refused, nothing touched, the estimate said.
RC=0
in_tmpfs 64k '"$MMBENCH" run anon-fault size=4K mode=write mem=16M reps=200 \
	warmup=0 out="$M/copy/small" >"$T/small.out" 2>"$T/small.err"' || RC=$?
[ "$RC" = 1 ] || { show small; fail "a run that cannot fit exited $RC, not 1"; }
grep -q "KiB free, and this run needs at least [0-9]* KiB: 200 sample lines" "$T/small.err" ||
	{ show small; fail "the refusal did not say the estimate"; }
grep -q "previous run\|restored" "$T/small.err" && { show small; fail "a refused run touched the knobs"; }
[ -e "$T/copy/small" ] && fail "a refused run made its directory"
[ -e "$STATE" ] && fail "a refused run left $STATE"
knob_snapshot "$T/after1"
knobs_same "$T/before" "$T/after1" || fail "knobs differ after a refused run"

# 2. 2M, filled once 3 samples are in: the next sample finds no room.
RC=0
in_tmpfs 2m '"$MMBENCH" run anon-fault size=4K mode=write mem=16M reps=2000 \
	warmup=0 out="$M/copy/full" >"$T/full.out" 2>"$T/full.err" &
	pid=$!
	for i in $(seq 3000); do
		[ -f "$M/copy/full/samples.jsonl" ] &&
			[ "$(wc -l <"$M/copy/full/samples.jsonl")" -ge 3 ] && break
		kill -0 $pid 2>/dev/null || break
		sleep 0.02
	done
	dd if=/dev/zero of="$M/fill" bs=4k 2>/dev/null
	wait $pid
	rc=$?
	rm -f "$M/fill"
	(exit $rc)' || RC=$?
[ "$RC" = 1 ] || { show full; fail "a run that filled its disk exited $RC, not 1"; }
grep -q "writing samples.jsonl: No space left on device; the run stopped" "$T/full.err" ||
	{ show full; fail "the run did not say it stopped for want of space"; }
# jcheck fails on a line without its newline or one that is not JSON.
jcheck "$T/copy/full" '
ok(M["status"] == "failed", "status %r" % M["status"])
ok("No space left on device" in M.get("status_reason", ""), "reason %r" % M.get("status_reason"))
ok(len(S) >= 3, "%d samples" % len(S))
ok(all("metrics" in s or "failed" in s for s in S), "a line is neither a sample nor a failed point")
' || fail "the results of the run that filled its disk"
[ -e "$T/copy/full/meta.json.reserve" ] && fail "meta.json.reserve left behind"
[ -e "$STATE" ] && fail "$STATE left after the full-disk run"
knob_snapshot "$T/after2"
knobs_same "$T/before" "$T/after2" || fail "knobs differ after the full-disk run"
echo "ok: $(wc -l <"$T/copy/full/samples.jsonl") whole lines kept"
