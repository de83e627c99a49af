#!/bin/bash
# Without out=, a run lands in results/<host>/<kernel release>/
# <YYYYmmdd-HHMMSS>[-<label>]/ under the current directory, stamped with
# its start, and that absolute path is the last line on stdout.
. "$(dirname "$0")/lib.bash"
require_idle
host=$(uname -n)
rel=$(uname -r)
mkdir "$T/cwd"

for label in "" series-v3; do
	before=$(date +%Y%m%d-%H%M%S)
	RC=0
	(cd "$T/cwd" && "$MMBENCH" run anon-fault size=4K mem=16M reps=1 warmup=0 \
		${label:+label=$label}) >"$T/r.out" 2>"$T/r.err" || RC=$?
	after=$(date +%Y%m%d-%H%M%S)
	[ "$RC" = 0 ] || { show r; fail "run exited $RC"; }
	dir=$(tail -1 "$T/r.out")
	base=$T/cwd/results/$host/$rel
	case $dir in
	"$base"/*) ;;
	*) show r; fail "results in '$dir', want under $base" ;;
	esac
	stamp=${dir#"$base"/}
	if [ -n "$label" ]; then
		[ "${stamp%-"$label"}" != "$stamp" ] || fail "'$stamp' does not end in -$label"
		stamp=${stamp%-"$label"}
	fi
	[[ $stamp =~ ^[0-9]{8}-[0-9]{6}$ ]] || fail "'$stamp' is not YYYYmmdd-HHMMSS${label:+-$label}"
	[[ ! $stamp < $before && ! $stamp > $after ]] ||
		fail "stamp $stamp is not the run's time ($before..$after)"
	[ -f "$dir/meta.json" ] && [ -f "$dir/samples.jsonl" ] || fail "no results in $dir"
	jcheck "$dir" "LABEL = '$label'"'
ok(M["label"] == LABEL and M["status"] == "complete" and len(S) == 1, "%r %r, %d samples" % (M["label"], M["status"], len(S)))
' || fail "results in $dir"
	echo "ok: ${dir#"$T"/}"
done
[ "$(ls "$T/cwd/results/$host/$rel" | wc -l)" = 2 ] || fail "want the two runs: $(ls "$T/cwd/results/$host/$rel")"
echo "ok"
