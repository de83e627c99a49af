#!/bin/bash
# A run SIGKILLed in pageout-forked leaves mmbench's memory cgroup; the
# next `mmbench restore` (or the end of the next run; a pageout-forked
# point in it reuses it first) removes it and says so.
. "$(dirname "$0")/lib.bash"
require_idle
cg=$(memcg_dir) || skip "no memory cgroup to use (v1 memory or v2 with memory delegated)"
[ -e "$cg" ] && fail "$cg exists before the test"
mkdir "$cg" || fail "cannot make $cg"
at_exit "rmdir '$cg' 2>/dev/null; true"
run_mb r restore
[ "$RC" = 0 ] || { show r; fail "restore exited $RC"; }
grep -q "removed the memory cgroup a killed run left: $cg" "$T/r.err" ||
	{ show r; fail "restore did not say it removed $cg"; }
[ -e "$cg" ] && fail "$cg still there after restore"
run_mb r2 restore
grep -q "nothing to do" "$T/r2.err" || { show r2; fail "a second restore found something"; }
echo "ok"
