# shellcheck shell=bash
# Helpers for the QEMU tests (tests/integration/qemu_*.sh); source it after
# lib.bash.  Kernels come from kernel/fetch-kernel's cache (downloaded
# once per machine); a test skips when QEMU or its kernel cannot be had.
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
QEMU_RUN=$REPO/kernel/qemu-run
# Keep every guest work directory inside the test's own: a test can then
# check that nothing of its QEMU survives it.
export TMPDIR=$T/tmp
mkdir -p "$TMPDIR" "$T/results"

# need_kernel ARCH PKG: the kernel's image path in KIMG and its release in
# KREL; skip if QEMU for ARCH or the package cannot be had.
need_kernel() {
	local q=qemu-system-x86_64 rc
	[ "$1" = arm64 ] && q=qemu-system-aarch64
	command -v "$q" >/dev/null || skip "$q missing (kernel/deps.sh)"
	KIMG=$("$REPO/kernel/fetch-kernel" --arch "$([ "$1" = arm64 ] && echo arm64 || echo amd64)" "$2" 2>"$T/fetch.err")
	rc=$?
	[ "$rc" = 0 ] || skip "kernel $2 ($1) cannot be had: $(tail -1 "$T/fetch.err")"
	KREL=$(basename "$(dirname "$KIMG")/../lib/modules/"*)
	[ -n "$KREL" ] || fail "no modules beside $KIMG"
}

# quick_wl FILE LINES..: a workload file.
quick_wl() {
	local f=$1
	shift
	printf '%s\n' "$@" >"$f"
}

# qrun NAME K=V..: kernel/qemu-run with results under $T/results; exit
# code in QRC, the run directory (its last stdout line) in RUN, output in
# $T/NAME.out and $T/NAME.err.
qrun() {
	local name=$1
	shift
	QRC=0
	"$QEMU_RUN" RESULTS="$T/results" "$@" >"$T/$name.out" 2>"$T/$name.err" || QRC=$?
	RUN=$(tail -1 "$T/$name.out")
}

# no_stale_qemu: no QEMU started by this test is left running.
no_stale_qemu() {
	local left
	left=$(pgrep -af "qemu-system.*$TMPDIR" || true)
	[ -z "$left" ] || fail "QEMU left running: $left"
}

# check_run NAME ARCH RELEASE: the run came back into results/ where a
# native run of that guest would land, meta.json names the guest's kernel,
# and every sample is a complete JSON object.
check_run() {
	[ "$QRC" = 0 ] || { cat "$T/$1.err"; fail "$1: qemu-run exited $QRC"; }
	[ -d "$RUN" ] || fail "$1: no run directory: '$RUN'"
	case $RUN in
	"$T/results/qemu-$2/$3/"*) ;;
	*) fail "$1: run landed in $RUN, not under results/qemu-$2/$3/" ;;
	esac
	jcheck "$RUN" "
ok(M is not None, 'no meta.json')
ok(M['kernel']['release'] == '$3', 'guest release %r' % M['kernel']['release'])
ok(M['kernel']['release'] != '$(uname -r)', 'the host kernel, not the guest')
ok(M['kernel']['machine'] == ('aarch64' if '$2' == 'arm64' else 'x86_64'), 'machine %r' % M['kernel']['machine'])
ok('mmbench.accel=' in M['kernel']['cmdline'], 'accelerator not on the cmdline')
ok(M['status'] == 'complete', 'status %r' % M['status'])
ok(M['host'] == 'qemu-$2', 'host %r' % M['host'])
ok(len(S) > 0, 'no samples')
" || fail "$1: results not valid"
	[ -s "$RUN/qemu.json" ] || fail "$1: no qemu.json"
	python3 -c "import json,sys; json.load(open(sys.argv[1]))" "$RUN/qemu.json" ||
		fail "$1: qemu.json is not JSON"
}
