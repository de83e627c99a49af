#!/bin/bash
# make test-series-sweep: the slow proof that a series sweep attributes a
# change to the patch that made it, and to no other (not in make test).
# Sweeps the five-patch synthetic series of tests/slow/synthetic.bash on
# Debian's linux-source-6.12 with workloads/quick.wl in deterministic mode:
# only patch 3 (1000 nops in every anonymous fault) may be marked, at the
# 4K and 64K write-fault points, by about the share of 1000 instructions
# in a fault; every other cell is unmarked.  Then, from the images built:
# BISECT finds patch 3 in log2(5) steps, and a series whose second patch
# does not apply stops there, names it and keeps the first runs.
#   KOUT=dir (default $O/kernel-sweep/x86_64)  NICE=n (default 10)
# Prints the sweep's time after the base was built (README figures).
# Exit: 0 pass, 1 fail, 4 skipped (with the reason).
cd "$(dirname "$0")/../.." || exit 1
SLOW_NAME=sweep
# shellcheck source=tests/slow/lib.bash
. tests/slow/lib.bash
command -v qemu-system-x86_64 >/dev/null || skip "no qemu-system-x86_64"
KOUT=${KOUT:-$PWD/$B/kernel-sweep/x86_64}
syn_sweep_series "$T/series" || fail "cannot make the synthetic series"

# sweep NAME VARS..: kernel/series-sweep into $T/NAME; sets rc.
sweep() {
	local name=$1
	shift
	env KSRC="$TARBALL" KOUT="$KOUT" OUT="$T/$name" "$@" \
		nice -n "${NICE:-10}" kernel/series-sweep >"$T/$name.out" \
		2>"$T/$name.err"
	rc=$?
}

# Every prefix is built afresh (the base's image may be kept), so the
# time after the base is the sweep's own: builds of prefixes 1-5 and six
# runs, from sweep.jsonl.
rm -rf "$KOUT/prefix/0"[1-9]
sweep full SERIES="$T/series" WORKLOAD=quick DETERMINISTIC=1
[ $rc = 0 ] || { tail -20 "$T/full.err"; fail "the sweep failed (exit $rc)"; }
cat "$T/full/table.txt"
jq -rs '"after the base: \(map(select(.prefix > 0) | .build_seconds) | add)s of builds (\(map(select(.prefix > 0) | .build_seconds) | map(tostring) | join(", "))) and \(map(.run_seconds) | add)s of runs: \(map(select(.prefix > 0) | .build_seconds) + map(.run_seconds) | add)s in all"' \
	"$T/full/sweep.jsonl"
python3 - "$T/full/table.json" "$SYN_SWEEP_MOVER" "$SYN_COST_INSNS" <<'PY' || fail "the sweep did not attribute the change to patch $SYN_SWEEP_MOVER alone"
import json, sys
d = json.load(open(sys.argv[1]))
mover, insns = int(sys.argv[2]), int(sys.argv[3])
pts = d["points"]
assert d["icount"], "not an icount sweep"
assert [r["prefix"] for r in d["rows"]] == list(range(6)), "prefixes run"
moved = {j for j, p in enumerate(pts) if p["bench"] == "anon-fault"
         and " mode=write" in " " + p["params"]
         and any(s in p["params"].split() for s in ("size=4K", "size=64K"))}
assert len(moved) == 2, "the 4K and 64K write points: %s" % pts
for r in d["rows"][1:]:
    for j, c in enumerate(r["prev"]):
        want = "--" if r["prefix"] == mover and j in moved else ""
        assert c["mark"] == want, "patch %d, %s: mark %r, want %r (%s)" % (
            r["prefix"], pts[j]["name"], c["mark"], want, c["change"])
    for j, c in enumerate(r["total"]):
        want = "--" if r["prefix"] >= mover and j in moved else ""
        assert c["mark"] == want, "prefix %d total, %s: %r" % (
            r["prefix"], pts[j]["name"], c["mark"])
# The size of the 4K change: throughput falls by 1000 of the fault's
# instructions, i.e. t_new = t_old + 1000 per 4K page.
j4 = [j for j in moved if "size=4K" in pts[j]["params"].split()][0]
ch = d["rows"][mover]["prev"][j4]["change"]
print("patch %d: 4K write faults %+.2f%% throughput" % (mover, 100 * ch))
PY

# BISECT from the images built: 0, 5, 2, 3 (no build), patch 3 found.
printf 'anon-fault size=4K mode=write mem=32M reps=3\n' >"$T/tiny.wl"
sweep bisect SERIES="$T/series" WORKLOAD="$T/tiny.wl" DETERMINISTIC=1 \
	BISECT="anon-fault size=4K throughput"
[ $rc = 0 ] || { tail -20 "$T/bisect.err"; fail "BISECT failed (exit $rc)"; }
[ "$(cat "$T/bisect/bisect")" = "$SYN_SWEEP_MOVER" ] ||
	fail "BISECT found patch $(cat "$T/bisect/bisect"), not $SYN_SWEEP_MOVER"
n=$(wc -l <"$T/bisect/sweep.jsonl")
[ "$n" -le 4 ] || fail "BISECT ran $n prefixes for 5 patches"
grep -q 'already built' "$T/bisect.err" || fail "BISECT rebuilt images it had"
echo "BISECT: patch 3 in $n runs"

# A series that stops at its second patch: exit 3, the patch named, the
# runs before it kept and tabulated.
mkdir -p "$T/bad"
cp "$T/series/0001.patch" "$T/bad/"
kb_bad_patch 2 2 >"$T/bad/0002.patch"
sweep stop SERIES="$T/bad" WORKLOAD="$T/tiny.wl" DETERMINISTIC=1
[ $rc = 3 ] || { tail -5 "$T/stop.err"; fail "a patch that does not apply: exit $rc, want 3"; }
grep -q 'patch 2/2 "\[PATCH 2/2\] mm: vmscan: against another tree' "$T/stop.err" ||
	fail "the failing patch is not named: $(tail -3 "$T/stop.err")"
[ "$(jq -s 'map(.prefix)' -c "$T/stop/sweep.jsonl")" = "[0,1]" ] ||
	fail "the runs before the failing patch were not kept"
grep -q '^STOPPED: series does not apply' "$T/stop/table.txt" ||
	fail "the table does not say the sweep stopped"
echo "ok"
