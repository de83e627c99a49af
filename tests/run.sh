#!/bin/bash
# Run every test: cmocka unit tests (plain and ASan+UBSan builds) and the
# integration scripts against the real kernel.  Last line: N passed, N failed.
# tests/run.sh SCRIPT.. (paths from the repository root) runs only those
# integration scripts.
#
# A skip counts as a failure unless tests/skip-allow.txt names it: a skip
# is right only for what this kind of machine can lack.  Each script runs
# under a timeout (TEST_TIMEOUT seconds, default 600).  At the end
# `mmbench restore` must find nothing to repair.
set -u
cd "$(dirname "$0")/.." || exit 1
B=${O:-build}	# make test O=dir tests that build
TEST_TIMEOUT=${TEST_TIMEOUT:-600}
ALLOW=tests/skip-allow.txt
pass=0 fail=0 skip=0
failed=()

# allowed NAME REASON: the allow-list has a line "NAME REGEX" whose
# REGEX (grep -E) matches REASON.
allowed() {
	local name re
	[ -f "$ALLOW" ] || return 1
	while read -r name re; do
		case $name in '' | '#'*) continue ;; esac
		[ "$name" = "$1" ] && [ -n "$re" ] &&
			grep -Eq -- "$re" <<<"$2" && return 0
	done <"$ALLOW"
	return 1
}

# count_skip WHAT NAME REASON: an allowed skip, or a failure.
count_skip() {
	if allowed "$2" "$3"; then
		skip=$((skip + 1))
		echo "SKIP $1: $3"
	else
		fail=$((fail + 1))
		failed+=("$1")
		echo "FAIL $1: skipped, but this machine should run it (not in $ALLOW): $3"
	fi
}

# sum_of PATTERN TEXT: the sum of the numbers sed PATTERN extracts.
sum_of() {
	sed -n "$1" <<<"$2" | awk '{ s += $1 } END { print s + 0 }'
}

# cmocka prints "[  PASSED  ] N test(s).", "[  FAILED  ] N test(s),
# listed below:" and "[  SKIPPED ] N test(s), listed below:", then a
# "[  SKIPPED ] name" line per skipped test (also one as it runs).
# Several groups in one binary print several of each: they are summed.
run_unit() {
	local bin=$1 out p f s rc name
	out=$(timeout --signal=TERM --kill-after=30 "$TEST_TIMEOUT" "$bin" 2>&1)
	rc=$?
	p=$(sum_of 's/^\[  PASSED  \] \([0-9][0-9]*\) test.*/\1/p' "$out")
	f=$(sum_of 's/^\[  FAILED  \] \([0-9][0-9]*\) test.*/\1/p' "$out")
	s=$(sum_of 's/^\[  SKIPPED \] \([0-9][0-9]*\) test.*/\1/p' "$out")
	if [ "$rc" != 0 ] && [ "$f" = 0 ]; then f=1; fi	# crashed (sanitizer), timed out
	[ "$rc" = 124 ] || [ "$rc" = 137 ] && echo "unit $bin: timed out after ${TEST_TIMEOUT}s"
	pass=$((pass + p)) fail=$((fail + f))
	if [ "$f" != 0 ]; then
		failed+=("$bin")
		echo "$out" | tail -40
	fi
	echo "unit $bin: $p passed, $f failed, $s skipped"
	if [ "$s" != 0 ]; then
		name=$(sed -n 's/^\[  SKIPPED \] \([^ ]*\)$/\1/p' <<<"$out" | sort -u)
		while read -r name; do
			count_skip "$bin: ${name:-(unnamed)}" "$(basename "$bin")" "${name:-(unnamed)}"
		done <<<"$name"
	fi
}

log=$(mktemp)
trap 'rm -f "$log"' EXIT

if [ $# -gt 0 ]; then
	scripts=("$@")
else
	scripts=(tests/integration/*.sh)
	for t in "$B"/unit/test_* "$B"/unit-san/test_*; do
		[ -x "$t" ] && run_unit "$t"
	done
fi

# Integration scripts: exit 0 pass, 4 skip (with a reason), else fail.
export MMBENCH=${MMBENCH:-$PWD/$B/mmbench}
export MMBENCH_SAN=$PWD/$B/san/mmbench
for t in "${scripts[@]}"; do
	[ -f "$t" ] || continue
	start=$(date +%s)
	timeout --signal=TERM --kill-after=30 "$TEST_TIMEOUT" bash "$t" >"$log" 2>&1
	rc=$?
	secs=$(( $(date +%s) - start ))
	case $rc in
	0) pass=$((pass + 1)); echo "PASS $t (${secs}s)" ;;
	4) count_skip "$t" "$(basename "$t" .sh)" "$(tail -1 "$log")" ;;
	*) fail=$((fail + 1)); failed+=("$t")
	   if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
		echo "FAIL $t: timed out after ${TEST_TIMEOUT}s (rc $rc)"
	   else
		echo "FAIL $t (rc $rc)"
	   fi
	   tail -30 "$log" | sed 's/^/    /' ;;
	esac
done

# Every test must have left the machine as it found it: a repair here
# means one did not (its own cleanup should have failed it already).
if [ -x "$MMBENCH" ]; then
	out=$("$MMBENCH" restore 2>&1)
	rc=$?
	if [ "$rc" != 0 ] || ! grep -q "nothing to do" <<<"$out"; then
		fail=$((fail + 1))
		failed+=("final mmbench restore")
		echo "FAIL final mmbench restore (rc $rc): a test left state behind"
		sed 's/^/    /' <<<"$out"
	fi
fi

[ ${#failed[@]} -gt 0 ] && printf 'failed: %s\n' "${failed[@]}"
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" = 0 ]
