# shellcheck shell=bash
# What the slow kernel tests share (make test-kernel-build,
# test-fault-cost, test-series-sweep).  Not tests/integration/lib.bash:
# its cleanup restores host knobs, and these tests change none and run
# outside the dev lock (they build kernels and boot guests).  Source it
# from the repository root with SLOW_NAME set; it sets B, MMBENCH and T
# (removed on exit) and loads kbuild.bash and synthetic.bash.
B=${O:-build}
export MMBENCH=${MMBENCH:-$PWD/$B/mmbench}
fail() { echo "FAIL: $*"; exit 1; }
skip() { echo "SKIP: $*"; exit 4; }
T=$(mktemp -d "/tmp/mmbench-${SLOW_NAME:-slow}.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT
[ -x "$MMBENCH" ] || skip "no mmbench binary at $MMBENCH (run make)"
command -v python3 >/dev/null || skip "python3 missing"
# shellcheck source=tests/integration/kbuild.bash
. tests/integration/kbuild.bash
# shellcheck source=tests/slow/synthetic.bash
. tests/slow/synthetic.bash
kb_need x86_64 source
