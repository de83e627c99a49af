#!/bin/bash
# Run every test: cmocka unit tests (plain and ASan+UBSan builds) and the
# integration scripts against the real kernel.  Last line: N passed, N failed.
set -u
cd "$(dirname "$0")/.." || exit 1
B=${O:-build}	# make test O=dir tests that build
pass=0 fail=0 skip=0
failed=()

# cmocka prints "[  PASSED  ] N test(s)." and "[  FAILED  ] N test(s)..."
run_unit() {
	local bin=$1 out p f
	out=$("$bin" 2>&1)
	local rc=$?
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' <<<"$out")
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' <<<"$out")
	p=${p:-0} f=${f:-0}
	if [ "$rc" != 0 ] && [ "$f" = 0 ]; then f=1; fi	# crashed (sanitizer)
	pass=$((pass + p)) fail=$((fail + f))
	if [ "$f" != 0 ]; then
		failed+=("$bin")
		echo "$out" | tail -40
	fi
	echo "unit $bin: $p passed, $f failed"
}

for t in $B/unit/test_* $B/unit-san/test_*; do
	[ -x "$t" ] && run_unit "$t"
done

# Integration scripts: exit 0 pass, 4 skip (with a reason), else fail.
export MMBENCH=${MMBENCH:-$PWD/$B/mmbench}
export MMBENCH_SAN=$PWD/$B/san/mmbench
for t in tests/integration/*.sh; do
	[ -f "$t" ] || continue
	log=$(mktemp)
	start=$(date +%s)
	bash "$t" >"$log" 2>&1
	rc=$?
	secs=$(( $(date +%s) - start ))
	case $rc in
	0) pass=$((pass + 1)); echo "PASS $t (${secs}s)" ;;
	4) skip=$((skip + 1)); echo "SKIP $t: $(tail -1 "$log")" ;;
	*) fail=$((fail + 1)); failed+=("$t"); echo "FAIL $t (rc $rc)"
	   tail -30 "$log" | sed 's/^/    /' ;;
	esac
	rm -f "$log"
done

# Whatever happened above, leave no knob changed.
"$MMBENCH" restore >/dev/null 2>&1 || true

[ ${#failed[@]} -gt 0 ] && printf 'failed: %s\n' "${failed[@]}"
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" = 0 ]
