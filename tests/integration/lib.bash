# shellcheck shell=bash
# Helpers for the integration tests; source it, do not run it.  Named
# .bash so tests/run.sh (which runs tests/integration/*.sh) skips it.
#
# Every test: exit 0 pass, 1 fail, 4 skip with the reason as last line.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	echo "helper library, not a test"
	exit 4
fi
set -u

MMBENCH=${MMBENCH:-/work/main/build/mmbench}
STATE_DIR=${MMBENCH_STATE_DIR:-/run/mmbench}
STATE=$STATE_DIR/knobs.saved
THP=/sys/kernel/mm/transparent_hugepage
PR_ORDER=/sys/module/page_reporting/parameters/page_reporting_order
BG_PID=

fail() {
	echo "FAIL: $*"
	exit 1
}

skip() {
	echo "SKIP: $*"
	exit 4
}

T=$(mktemp -d /tmp/mmbench-it.XXXXXX) || fail "mktemp"

# at_exit CMD: run CMD (a string, eval'ed) when the test exits, before
# the leftover check; hooks run last added first and cannot change the
# exit status.  For what a test changes outside mmbench (a watchdog, a
# zram device, a swap file), so a failure half-way still puts it back.
AT_EXIT=()
at_exit() {
	AT_EXIT+=("$1")
}

# Stop only the mmbench this test started, undo what the test itself set
# up (at_exit), then repair what a run may have left.  A test that exits
# with the knobs' state file still there fails: a run it started did not
# restore (the test that checks that leftover itself restores first).
_cleanup() {
	local rc=$? _ i left
	trap - EXIT
	if [ -n "$BG_PID" ] && kill -0 "$BG_PID" 2>/dev/null; then
		kill -INT "$BG_PID" 2>/dev/null
		for _ in $(seq 50); do
			kill -0 "$BG_PID" 2>/dev/null || break
			sleep 0.1
		done
		kill -KILL "$BG_PID" 2>/dev/null
		wait "$BG_PID" 2>/dev/null
	fi
	for ((i = ${#AT_EXIT[@]} - 1; i >= 0; i--)); do
		eval "${AT_EXIT[i]}" || echo "cleanup: '${AT_EXIT[i]}' failed" >&2
	done
	for left in "$STATE" "$STATE_DIR/zram-swap"; do
		[ -e "$left" ] || continue
		# This test's runs are over: a lock held now is another
		# mmbench's (not a test's: they run one at a time), and so is
		# the state.
		if ! flock -n "$STATE_DIR/lock" true 2>/dev/null; then
			echo "cleanup: $left belongs to another mmbench running now (pid $(cat "$STATE_DIR/lock" 2>/dev/null)); left alone" >&2
			break
		fi
		echo "cleanup: $left left behind; running mmbench restore" >&2
		"$MMBENCH" restore >&2
		echo "FAIL: the test left $left behind (a run did not restore); repaired with mmbench restore"
		[ "$rc" = 0 ] || [ "$rc" = 4 ] && rc=1
		break
	done
	rm -rf "$T"
	exit "$rc"
}
trap _cleanup EXIT
trap 'exit 1' INT TERM HUP

[ -x "$MMBENCH" ] || skip "no mmbench binary at $MMBENCH (run make)"
[ "$(id -u)" = 0 ] || skip "not root: the THP knobs cannot be changed"
[ -d "$THP" ] || skip "kernel has no $THP"
command -v python3 >/dev/null || fail "python3 missing (scripts/deps.sh installs it)"

# Writable knob files (by mode bits: root may write anything), no stats/.
knob_files() {
	find "$THP" -name stats -prune -o -type f -perm -u+w -print |
		LC_ALL=C sort
	[ -e "$PR_ORDER" ] && echo "$PR_ORDER"
	return 0
}

# knob_snapshot FILE: path and exact bytes of every knob.
knob_snapshot() {
	local f
	knob_files | while IFS= read -r f; do
		printf '== %s\n' "$f"
		cat -- "$f" || echo "<unreadable>"
	done >"$1"
}

# knobs_same A B: byte-identical snapshots, else show the difference.
knobs_same() {
	cmp -s "$1" "$2" && return 0
	diff "$1" "$2" | head -20
	return 1
}

# The selected word of a knob file ("[always]" -> always) or its content.
knob_val() {
	local v
	v=$(cat "$1") || return 1
	case $v in
	*\[*\]*) v=${v#*[}; v=${v%%]*} ;;
	esac
	printf '%s\n' "$v"
}

# unoffered_size: the smallest power of two above 4K (as 8K, 4M..) that
# the kernel offers no anonymous size for (no hugepages-<N>kB/enabled),
# so a run asking for it must skip, whatever this machine offers.
unoffered_size() {
	local kb
	for ((kb = 8; kb <= 1 << 30; kb *= 2)); do
		[ -e "$THP/hugepages-${kb}kB/enabled" ] && continue
		if [ $((kb % (1 << 20))) = 0 ]; then echo "$((kb >> 20))G"
		elif [ $((kb % 1024)) = 0 ]; then echo "$((kb >> 10))M"
		else echo "${kb}K"; fi
		return 0
	done
	return 1
}

# memcg_dir: the memory cgroup pageout-forked uses (bench/mm/memcg.c):
# "mmbench" under this process's cgroup of v1's memory controller, else
# under its v2 cgroup if that delegates memory; none: return 1.
memcg_dir() {
	local v1 v2
	v1=$(sed -n 's/^[0-9]*:memory:\(.*\)/\1/p' /proc/self/cgroup)
	v2=$(sed -n 's/^0:://p' /proc/self/cgroup)
	if [ -n "$v1" ] && [ -e /sys/fs/cgroup/memory/memory.force_empty ]; then
		echo "/sys/fs/cgroup/memory${v1%/}/mmbench"
	elif [ -n "$v2" ] && grep -qw memory "/sys/fs/cgroup${v2%/}/cgroup.subtree_control" 2>/dev/null; then
		echo "/sys/fs/cgroup${v2%/}/mmbench"
	else
		return 1
	fi
}

# No run may be active or leave a state file when a test starts.
require_idle() {
	[ -e "$STATE" ] && fail "$STATE exists before the test: a run is active or was killed"
	return 0
}

# nlines FILE: lines in FILE (0 if missing).
nlines() {
	if [ -f "$1" ]; then wc -l <"$1"; else echo 0; fi
}

# wait_until SECS CMD..: poll every 20 ms until CMD succeeds.
wait_until() {
	local end=$((SECONDS + $1))
	shift
	until "$@"; do
		[ "$SECONDS" -ge "$end" ] && return 1
		sleep 0.02
	done
}

# start_bg NAME ARGS..: mmbench ARGS in the background, output in
# $T/NAME.out and $T/NAME.err; pid in BG_PID.
start_bg() {
	local name=$1
	shift
	"$MMBENCH" "$@" >"$T/$name.out" 2>"$T/$name.err" &
	BG_PID=$!
}

# wait_bg: wait for the background run; its exit code in BG_RC.
wait_bg() {
	BG_RC=0
	wait "$BG_PID" 2>/dev/null || BG_RC=$?
	BG_PID=
}

# run_mb NAME ARGS..: mmbench in the foreground; exit code in RC, output
# in $T/NAME.out and $T/NAME.err.
run_mb() {
	local name=$1
	shift
	RC=0
	"$MMBENCH" "$@" >"$T/$name.out" 2>"$T/$name.err" || RC=$?
}

# show NAME: print a run's output (for failure messages).
show() {
	echo "--- stdout of $1:"
	cat "$T/$1.out"
	echo "--- stderr of $1:"
	cat "$T/$1.err"
}

# jcheck DIR 'python code': run code with S = list of the samples in
# DIR/samples.jsonl (every line must parse as a JSON object), M = the
# parsed DIR/meta.json, fail(msg) to fail, ok(cond, msg) to assert,
# check(cond, msg) to assert and go on.
# Prints what it prints; returns 1 on failure.
jcheck() {
	python3 - "$1" "$2" <<'EOF'
import json, os, sys

d, code = sys.argv[1], sys.argv[2]

def fail(msg):
    print("json check failed:", msg)
    sys.exit(1)

def ok(cond, msg):
    if not cond:
        fail(msg)

E = []
def check(cond, msg):
    # like ok(), but goes on; the check fails at the end
    if not cond:
        print("json check failed:", msg)
        E.append(msg)

def _no_nan(c):
    raise ValueError("%s is not JSON" % c)

def parse(b):
    # strict: NaN and Infinity are not JSON
    return json.loads(b, parse_constant=_no_nan)

S = []
p = os.path.join(d, "samples.jsonl")
if os.path.exists(p):
    with open(p, "rb") as f:
        for i, line in enumerate(f, 1):
            if not line.endswith(b"\n"):
                fail("%s:%d: no newline at the end" % (p, i))
            try:
                o = parse(line)
            except ValueError as e:
                fail("%s:%d: not JSON: %s" % (p, i, e))
            if not isinstance(o, dict):
                fail("%s:%d: not an object" % (p, i))
            S.append(o)
M = None
p = os.path.join(d, "meta.json")
if os.path.exists(p):
    try:
        with open(p, "rb") as f:
            M = parse(f.read())
    except ValueError as e:
        fail("%s: not JSON: %s" % (p, e))
exec(code)
sys.exit(1 if E else 0)
EOF
}
