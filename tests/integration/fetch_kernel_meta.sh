#!/bin/bash
# kernel/fetch-kernel follows a Debian meta-package (linux-image-6.12-amd64,
# the name a user types) to the image it stands for, as
# `make qemu-run KERNEL=linux-image-6.12-amd64` needs.  Uses the kernel
# cache (/var/cache/mmbench/kernels) the QEMU tests fill; downloads the
# image once if it is not there.
set -u
REPO=$(cd "$(dirname "$0")/../.." && pwd)
FK=$REPO/kernel/fetch-kernel
META=linux-image-6.12-amd64
T=$(mktemp -d /tmp/mmbench-fk.XXXXXX) || exit 1
trap 'rm -rf "$T"' EXIT

fail() { echo "FAIL: $*"; exit 1; }
skip() { echo "SKIP: $*"; exit 4; }

command -v apt-cache >/dev/null || skip "no apt-cache: not a Debian-family machine"
dep=$(apt-cache show --no-all-versions "$META:amd64" 2>/dev/null |
	sed -n 's/^Depends: *//p' | head -1 | sed 's/[ (,].*//')
[ -n "$dep" ] || skip "no $META in the package lists (Debian 12 has it)"
case $dep in
linux-image-6.12.*-amd64) ;;
*) fail "$META depends on '$dep', not a linux-image-6.12.*-amd64" ;;
esac

# A cache of its own that links the real one's kernels: no answer
# remembered from before, no second download.
REAL=${MMBENCH_KERNEL_CACHE:-/var/cache/mmbench/kernels}
if [ -d "$REAL/$dep:amd64" ] || [ -d "$REAL/$dep-unsigned:amd64" ]; then
	export MMBENCH_KERNEL_CACHE=$T/cache
	mkdir "$MMBENCH_KERNEL_CACHE" || fail "mkdir"
	for d in "$REAL"/*:*; do
		[ -d "$d" ] && ln -s "$d" "$MMBENCH_KERNEL_CACHE/${d##*/}"
	done
else
	rm -f "$REAL/.resolved-$META:amd64"
fi

# 1. The meta-package name gives the image of the package it depends on
# (or of its -unsigned twin, the same kernel).
rc=0
timeout 900 "$FK" "$META" >"$T/out" 2>"$T/err" || rc=$?
[ "$rc" = 0 ] || { cat "$T/err"; fail "fetch-kernel $META exited $rc"; }
img=$(cat "$T/out")
[ "$(wc -l <"$T/out")" = 1 ] || fail "more than one line on stdout: $(cat "$T/out")"
case $img in
*/"$dep":amd64/boot/vmlinuz-* | */"$dep"-unsigned:amd64/boot/vmlinuz-*) ;;
*) fail "image $img is not $dep's" ;;
esac
[ -f "$img" ] || fail "$img is not a file"
# An x86 bzImage: "HdrS" at 0x202.
[ "$(dd if="$img" bs=1 skip=514 count=4 2>/dev/null)" = HdrS ] ||
	fail "$img is not a bzImage"
grep -q "$META is a meta-package; it stands for $dep" "$T/err" ||
	{ cat "$T/err"; fail "fetch-kernel did not say what $META stands for"; }

# 2. Again: the answer is remembered, and the same.
rc=0
timeout 120 "$FK" "$META" >"$T/out2" 2>"$T/err2" || rc=$?
[ "$rc" = 0 ] && cmp -s "$T/out" "$T/out2" ||
	{ cat "$T/err2"; fail "second fetch-kernel $META: exit $rc, $(cat "$T/out2")"; }

# 3. A name no package has is unavailable (4), not a meta-package.
rc=0
timeout 120 "$FK" linux-image-0.0-nosuch-amd64 >"$T/out3" 2>"$T/err3" || rc=$?
[ "$rc" = 4 ] || { cat "$T/err3"; fail "an unknown package exited $rc, not 4"; }
[ -s "$T/out3" ] && fail "an unknown package printed $(cat "$T/out3")"
echo "ok: $META -> $dep: $img"
