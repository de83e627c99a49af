#!/bin/bash
# Bad input: one line on stderr, the right exit code, nothing touched.
. "$(dirname "$0")/lib.bash"
require_idle
knob_snapshot "$T/before"
offered="4K"
for kb in $(ls "$THP" | sed -n 's/^hugepages-\([0-9]*\)kB$/\1/p' | sort -n); do
	[ -e "$THP/hugepages-${kb}kB/enabled" ] || continue	# 8K: shmem only
	if [ $((kb % 1024)) = 0 ]; then offered+=" $((kb / 1024))M"; else offered+=" ${kb}K"; fi
done
nosize=$(unoffered_size) || fail "every power of two is offered?"

printf '# comment\nanon-fault size=64K mem=64M\n\nanon-fault size=64K bogus=1\n' >"$T/bad.wl"

n=0
# expect CODE 'REGEX the line must match' ARGS..
expect() {
	local code=$1 re=$2 out
	shift 2
	n=$((n + 1))
	out="$T/out$n"
	run_mb "c$n" "$@" out="$out"
	[ "$RC" = "$code" ] || { show "c$n"; fail "mmbench $*: exit $RC, want $code"; }
	[ "$(nlines "$T/c$n.err")" = 1 ] || { show "c$n"; fail "mmbench $*: $(nlines "$T/c$n.err") lines on stderr, want 1"; }
	grep -Eq -- "$re" "$T/c$n.err" || { show "c$n"; fail "mmbench $*: stderr does not match /$re/"; }
	[ -s "$T/c$n.out" ] && { show "c$n"; fail "mmbench $*: wrote to stdout"; }
	[ -e "$out" ] && fail "mmbench $*: created $out"
	[ -e "$STATE" ] && fail "mmbench $*: left $STATE"
	echo "ok: exit $code: mmbench $*: $(cat "$T/c$n.err")"
}

expect 2 "nosuch" run nosuch
expect 2 "bogus" run anon-fault bogus=1
expect 2 "power of two" run anon-fault size=3K mem=64M
expect 2 "write read populate" run anon-fault mode=bogus mem=64M
expect 2 "MemAvailable" run anon-fault size=2M mem=100T
expect 2 "multiple of size" run anon-fault size=2M mem=3M
expect 4 "size=$nosize.*${offered}" run anon-fault size="$nosize" mem=64M
expect 4 "SKIP" run anon-fault mode=read size=64K mem=64M
expect 2 "label" run anon-fault size=64K mem=64M "label=a b"
expect 2 "reps" run anon-fault size=64K mem=64M reps=0
expect 2 "unknown event .nosuchevent" run anon-fault size=64K mem=64M events=page-faults,nosuchevent
expect 2 "$T/missing.wl" suite "$T/missing.wl"
expect 2 "$T/bad.wl:4:.*bogus" suite "$T/bad.wl"

knob_snapshot "$T/after"
knobs_same "$T/before" "$T/after" || fail "knobs changed by bad input"
echo "ok"
