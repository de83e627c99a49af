#!/bin/bash
# make fleet against this machine (README "Running on a lab"): two
# inventory hosts that are this machine (connection local, each its own
# copy of the tree) and one that is down (a loopback port nobody
# listens on).  WORKLOAD=quick runs on both local hosts, one after the
# other (the machine's lock), and lands in RESULTS/<host>/<release>/
# <run>/ as a local run would; the down host is reported at the end with
# its reason.  A rerun measures nothing and changes no run; a second
# label gives the host a compare table; a kernel the host does not run
# is reported, not measured, and the controller is never rebooted; a
# bench that fails is reported with its error.
# shellcheck source-path=SCRIPTDIR source=lib.bash
. "$(dirname "$0")/lib.bash"
require_idle
TOP=$(cd "$(dirname "$0")/../.." && pwd)
O=$(dirname "$MMBENCH")
rel=$(uname -r)
R=$T/results
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat >"$T/hosts.ini" <<INV
[lab]
localhost ansible_connection=local mmbench_dir=$T/host-a
self ansible_connection=local mmbench_dir=$T/host-b
down ansible_host=127.0.0.1 ansible_port=$port ansible_user=root
INV

# The tree as it is now, which the hosts get: others may be editing the
# working tree meanwhile, and a rerun must find nothing new to copy.
rsync -a --exclude=/.git --exclude='/build*' --exclude=/results "$TOP/" "$T/src/" ||
	fail "cannot copy the tree"

# fleet NAME VAR=VAL..: lab/fleet.sh (what make fleet runs) of that copy,
# output in $T/NAME.{out,err}, FLEET_DIR $T/NAME, its exit code in RC.
fleet() {
	local name=$1
	shift
	RC=0
	env O="$O" INVENTORY="$T/hosts.ini" RESULTS="$R" FLEET_DIR="$T/$name" \
		CONNECT_TIMEOUT=5 "$@" "$T/src/lab/fleet.sh" \
		>"$T/$name.out" 2>"$T/$name.err" || RC=$?
}
showf() {
	echo "--- $1: stdout"; cat "$T/$1.out"
	echo "--- $1: stderr"; tail -20 "$T/$1.err"
	echo "--- $1: playbook (tail)"; tail -40 "$T/$1/playbook.out"
}
# runs HOST: the run directories fetched for HOST.
runs() {
	find "$R/$1" -mindepth 2 -maxdepth 2 -type d 2>/dev/null | sort
}

# Usage errors before anything runs, through make fleet.
RC=0
# -o: the binary under test is not rebuilt here.
make -s -C "$TOP" O="$O" -o "$O/mmbench" fleet INVENTORY= >"$T/u.out" 2>&1 || RC=$?
if [ "$RC" != 2 ] || ! grep -q "INVENTORY= is required" "$T/u.out"; then
	cat "$T/u.out"
	fail "no INVENTORY: want a usage error"
fi
fleet u2 WORKLOAD=nosuch
if [ "$RC" != 2 ] || ! grep -q "no workloads/nosuch.wl" "$T/u2.err"; then
	showf u2
	fail "WORKLOAD=nosuch: want a usage error"
fi

# 1. Both local hosts measured, the down one reported.
start=$SECONDS
fleet f1 WORKLOAD=quick LABEL=fleet-it
echo "first run: $((SECONDS - start))s, exit $RC"
[ "$RC" = 1 ] || { showf f1; fail "want exit 1 (a host failed), got $RC"; }
sum=$T/f1/summary.txt
[ "$(tail -1 "$T/f1.out")" = "summary: $sum" ] || { showf f1; fail "last line is not the summary's path"; }
cat "$sum"
grep -Eq "^  localhost +OK +$R/localhost/$rel/[0-9]{8}-[0-9]{6}-fleet-it \(measured\)$" "$sum" ||
	fail "localhost not OK in the summary"
grep -Eq "^  self +OK " "$sum" || fail "self not OK in the summary"
grep -Eq "^  down +FAILED +unreachable: 127\.0\.0\.1:$port: Connection refused" "$sum" ||
	fail "down not reported with its reason"
grep -q "^fleet: 3 host(s), 2 measured, 1 failed; workload quick.wl$" "$sum" ||
	fail "no head line"
grep -Eq "^  self +(agrees: no point of [0-9]+ differs|differs at [0-9]+ of [0-9]+ points: )" "$sum" ||
	fail "no cross-host line for self against localhost"
grep -Eq "^agree: localhost" "$sum" || fail "no agree line"
for h in localhost self; do
	[ "$(runs "$h" | wc -l)" = 1 ] || fail "$h: want one run, have: $(runs "$h")"
	d=$(runs "$h")
	case $d in
	"$R/$h/$rel/"*-fleet-it) ;;
	*) fail "$h: run at $d" ;;
	esac
	jcheck "$d" '
ok(M["status"] == "complete" and M["label"] == "fleet-it", "status %r label %r" % (M["status"], M["label"]))
ok(M["command"].split()[1:3] == ["suite", "workloads/quick.wl"], M["command"])
ok(M["kernel"]["release"] == "'"$rel"'", M["kernel"]["release"])
ok(len(S) > 0 and all("bench" in s for s in S), "%d samples" % len(S))
' || fail "$h: fetched run $d"
	# The host's own copy has the same run: fetched whole.
	src=$(find "$T/host-${h/localhost/a}" "$T/host-${h/self/b}" -path "*/results/*/$rel/$(basename "$d")" 2>/dev/null | head -1)
	[ -n "$src" ] || fail "$h: no run in the host's tree"
	diff -r "$src" "$d" >/dev/null || fail "$h: the fetched run differs from the host's"
done
[ ! -e "$R/down" ] || fail "results for the down host"
sha_before=$(find "$R" -type f -exec sha256sum {} + | sort)

# 2. A rerun measures nothing, fetches the same runs, copies nothing.
start=$SECONDS
fleet f2 WORKLOAD=quick LABEL=fleet-it
echo "rerun: $((SECONDS - start))s, exit $RC"
[ "$RC" = 1 ] || { showf f2; fail "rerun: want exit 1, got $RC"; }
cat "$T/f2/summary.txt"
[ "$(find "$R" -type f -exec sha256sum {} + | sort)" = "$sha_before" ] ||
	fail "rerun: the results changed"
for h in localhost self; do
	grep -Eq "^  $h +OK .*\(run made before, fetched again\)$" "$T/f2/summary.txt" ||
		fail "rerun: $h not 'made before'"
done
for t in "Copy the controller's mmbench tree" "Install what make bench needs" \
	"Run make bench" "Fetch the run"; do
	sed -n "/^TASK \[$t/,/^\$/p" "$T/f2/playbook.out" | grep -q '^changed:' &&
		{ showf f2; fail "rerun: '$t' changed something"; }
done
grep -Eq "^  down +FAILED +unreachable" "$T/f2/summary.txt" || fail "rerun: down not reported"

# 3. Another label on localhost: two runs of quick there, one table.
fleet f3 WORKLOAD=quick LABEL=fleet-it2 HOSTS=localhost
[ "$RC" = 0 ] || { showf f3; fail "localhost alone: want exit 0, got $RC"; }
cat "$T/f3/summary.txt"
[ "$(runs localhost | wc -l)" = 2 ] || fail "want two runs on localhost: $(runs localhost)"
for re in "^== localhost: 2 runs of quick.wl, mmbench compare$" \
	"^mmbench compare: " "^  B: fleet-it2, kernel $rel"; do
	grep -q "$re" "$T/f3/summary.txt" || fail "no compare table for localhost ($re)"
done
grep -q "^across hosts: one host measured" "$T/f3/summary.txt" || fail "no across-hosts line"

# 4. A kernel localhost does not run: reported, not measured, no reboot.
kb=$T/kbuild/x86_64
mkdir -p "$kb/arch/x86/boot"
: >"$kb/arch/x86/boot/bzImage"
cat >"$kb/mmbench-manifest.json" <<JSON
{"mmbench_manifest": 1, "variant": "series", "arch": "$(uname -m | sed 's/aarch64/arm64/')",
 "kernel_release": "0.0.0-fleet-test", "image": "arch/x86/boot/bzImage",
 "source": {"path": "$T/kbuild"}}
JSON
fleet f4 WORKLOAD=quick LABEL=fleet-kernel HOSTS=localhost KERNEL_BUILD="$T/kbuild/{arch}"
[ "$RC" = 1 ] || { showf f4; fail "wrong kernel: want exit 1, got $RC"; }
cat "$T/f4/summary.txt"
grep -Eq "^  localhost +FAILED +wrong kernel: runs $rel, asked 0\.0\.0-fleet-test; make fleet does not reboot the machine it runs on" "$T/f4/summary.txt" ||
	fail "wrong kernel not reported"
[ "$(runs localhost | wc -l)" = 2 ] || fail "wrong kernel: measured anyway"
fleet f5 WORKLOAD=quick HOSTS=localhost KERNEL_BUILD="$T/nosuch/{arch}"
grep -Eq "^  localhost +FAILED +no make kernel build for " "$T/f5/summary.txt" ||
	{ showf f5; fail "missing build not reported"; }

# 5. A bench that fails is reported with make bench's own words.
printf 'anon-fault size=4K mem=16M nosuch=1\n' >"$T/bad.wl"
fleet f6 WORKLOAD="$T/bad.wl" HOSTS=localhost
[ "$RC" = 1 ] || { showf f6; fail "bad workload: want exit 1, got $RC"; }
grep -Eq "^  localhost +FAILED +bench failed \(make bench exit 2\): mmbench: build/fleet/bad.wl:1: anon-fault: unknown parameter 'nosuch'" "$T/f6/summary.txt" ||
	{ cat "$T/f6/summary.txt"; fail "failed bench not reported"; }
echo "ok"
