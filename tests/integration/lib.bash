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

# Stop only the mmbench this test started, then repair what it may have
# left (a SIGKILLed run, a failed assertion mid-run).
_cleanup() {
	local rc=$? _
	if [ -n "$BG_PID" ] && kill -0 "$BG_PID" 2>/dev/null; then
		kill -INT "$BG_PID" 2>/dev/null
		for _ in $(seq 50); do
			kill -0 "$BG_PID" 2>/dev/null || break
			sleep 0.1
		done
		kill -KILL "$BG_PID" 2>/dev/null
		wait "$BG_PID" 2>/dev/null
	fi
	if [ -e "$STATE" ]; then
		echo "cleanup: $STATE left behind; running mmbench restore" >&2
		"$MMBENCH" restore >&2
	fi
	rm -rf "$T"
	exit "$rc"
}
trap _cleanup EXIT
trap 'exit 1' INT TERM HUP

[ -x "$MMBENCH" ] || skip "no mmbench binary at $MMBENCH (run make)"
[ "$(id -u)" = 0 ] || skip "not root: the THP knobs cannot be changed"
[ -d "$THP" ] || skip "kernel has no $THP"
command -v python3 >/dev/null || skip "python3 missing"

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
