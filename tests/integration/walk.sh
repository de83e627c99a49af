#!/bin/bash
# walk: every state this kernel can make, proven before the timed op, and
# what each op must leave after it, on the real kernel: no fallback for
# the states made here, the census numbers themselves, the skips named.
. "$(dirname "$0")/lib.bash"
require_idle
knob_snapshot "$T/before"
ops=smaps,smaps_rollup,pagemap,pagemap-scan,mincore,mprotect,mremap,fork,munmap,dontneed,swapin
run_mb a run walk backing=anon state=present,swapped,guard,zero,mixed op=$ops mem=8M reps=1 warmup=0 out="$T/a"
[ "$RC" = 0 ] || { show a; fail "walk anon exited $RC"; }
run_mb s run walk backing=shmem state=present,swapped,uffd-wp,guard op=$ops mem=8M reps=1 warmup=0 out="$T/s"
[ "$RC" = 0 ] || { show s; fail "walk shmem exited $RC"; }
# What this kernel offers decides which skips are right: ask it directly.
guard=$(python3 - <<'PY'
import ctypes, mmap
libc = ctypes.CDLL(None, use_errno=True)
libc.mmap.restype = ctypes.c_void_p
p = libc.mmap(None, 4096, 3, 0x22, -1, 0)
print(1 if libc.madvise(ctypes.c_void_p(p), 4096, 102) == 0 else 0)
PY
)
scan=$(python3 - <<'PY'
import fcntl, struct
a = struct.pack("12Q", 96, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
try:
    fcntl.ioctl(open("/proc/self/pagemap", "rb"), 0xc0606610, bytearray(a))
    print(1)
except OSError:
    print(0)
PY
)
for d in a s; do
	jcheck "$T/$d" "GUARD = $guard
SCAN = $scan
"'
pages = (8 << 20) // 4096
key = {"present": "present", "swapped": "swap", "uffd-wp": "marker",
       "guard": "guard", "zero": "zero"}
ran = 0
for s in S:
    p = s["params"]
    w = "%s state=%s op=%s" % (p["backing"], p["state"], p["op"])
    if "skipped" in s:
        r = s["skipped"]
        ok_skip = (p["op"] == "swapin" and p["state"] in ("guard", "mixed")) or \
                  (p["state"] == "guard" and not GUARD and "MADV_GUARD_INSTALL" in r) or \
                  (p["op"] == "pagemap-scan" and not SCAN and "PAGEMAP_SCAN" in r)
        check(ok_skip, w + ": skipped: %s" % r)
        continue
    ok("metrics" in s, w + ": failed: %s" % s.get("failed"))
    ran += 1
    check(s["fallback"] is False, w + ": fallback: %s" % s.get("fallback_reason"))
    st = p["state"]
    if st == "mixed":
        for k in ("present", "swap", "zero", "guard"):
            check(s["before_" + k] == pages // 4, w + ": before_%s %r" % (k, s["before_" + k]))
    else:
        check(s["before_" + key[st]] == pages, w + ": before_%s %r" % (key[st], s["before_" + key[st]]))
    op = p["op"]
    if op == "dontneed" and p["backing"] == "anon":
        check(s["after_present"] == s["after_swap"] == s["after_zero"] == 0, w + ": dontneed left pages")
    if op == "swapin" and st == "swapped":
        check(s["after_present"] == pages and s["after_swap"] == 0, w + ": swapin left swap")
    if op in ("smaps", "pagemap", "mincore", "mprotect"):
        check(all(s["after_" + k] == s["before_" + k] for k in ("present", "swap", "marker", "guard", "zero", "none")),
              w + ": the walker changed the state")
    if op == "fork" and st == "uffd-wp":
        check(s["child_marker"] == 0, w + ": the child kept the markers")
    if op == "fork" and p["backing"] == "anon" and st in ("present", "swapped"):
        check(s["child_" + key[st]] == pages, w + ": the child has %r" % s["child_" + key[st]])
    if op == "munmap" and st == "swapped" and p["backing"] == "anon":
        check(s["swap_freed_bytes"] > 0, w + ": munmap freed no swap")
    if op == "pagemap-scan":
        check(s["entries"] >= 1, w + ": pagemap-scan reported nothing")
    check(s["metrics"]["ns_per_4k"]["value"] > 0, w + ": no ns_per_4k")
ok(ran >= 40, "only %d points ran" % ran)
' || fail "walk $d samples (see above)"
done
knob_snapshot "$T/after"
knobs_same "$T/before" "$T/after" || fail "knobs differ after the runs"
grep -q zram0 /proc/swaps && [ -e /run/mmbench/zram-swap ] && fail "zram swap left behind"
echo "ok"
