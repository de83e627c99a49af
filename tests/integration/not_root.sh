#!/bin/bash
# Not root: run, suite and restore exit 4 with the reason, before
# anything is created or changed; what needs no root still works.
. "$(dirname "$0")/lib.bash"
require_idle
command -v setpriv >/dev/null || fail "no setpriv (util-linux)"
knob_snapshot "$T/before"
# A directory nobody may enter and write, for the out= it must not create.
D=$T/nobody
mkdir -m 1777 "$D"
chmod 755 "$T"
bin=$MMBENCH
as_nobody() {
	setpriv --reuid=nobody --regid=nogroup --clear-groups --inh-caps=-all "$@"
}
as_nobody test -x "$bin" || { cp "$MMBENCH" "$D/mmbench"; chmod 755 "$D/mmbench"; bin=$D/mmbench; }
[ "$(as_nobody id -u)" != 0 ] || fail "setpriv did not drop root"

# nobody NAME WANT ARGS..: mmbench ARGS as nobody, want exit WANT.
nobody() {
	local name=$1 want=$2
	shift 2
	RC=0
	(cd "$D" && as_nobody "$bin" "$@") >"$T/$name.out" 2>"$T/$name.err" || RC=$?
	[ "$RC" = "$want" ] || { show "$name"; fail "as nobody: mmbench $*: exit $RC, want $want"; }
}
nobody run 4 run anon-fault size=4K mem=16M reps=1 out="$D/r"
grep -q "not root" "$T/run.err" || { show run; fail "run: no word of root"; }
[ -e "$D/r" ] && fail "run as nobody created its results directory"
[ -z "$(ls "$D" | grep -vx mmbench)" ] || fail "run as nobody created $(ls "$D")"
printf 'anon-fault size=4K mem=16M reps=1\n' >"$D/w.wl"
chmod 644 "$D/w.wl"
nobody suite 4 suite "$D/w.wl" out="$D/s"
grep -q "not root" "$T/suite.err" || { show suite; fail "suite: no word of root"; }
[ -e "$D/s" ] && fail "suite as nobody created its results directory"
nobody restore 4 restore
grep -q "not root" "$T/restore.err" || { show restore; fail "restore: no word of root"; }
nobody list 0 list
[ -e "$STATE" ] && fail "$STATE exists after the runs as nobody"
knob_snapshot "$T/after"
knobs_same "$T/before" "$T/after" || fail "knobs changed by runs as nobody"
echo "ok"
