#!/bin/bash
# make test-fleet-remote: make fleet against a real remote machine (not in
# make test: some 20 minutes under TCG).  A Debian 12 guest made by
# lab/fleet-guest.sh (mmdebstrap from this machine's apt sources, kept in
# /var/cache/mmbench/fleet-guest) boots under QEMU with -kernel, its ssh
# forwarded on a loopback port; the inventory has it and a host that is
# down.  Then, against the guest:
#   1. make fleet: the guest measured, its run fetched into
#      RESULTS/guest/<release>/<run>/; the down host reported with its
#      reason;
#   2. the same again: nothing measured, nothing copied, no run changed;
#   3. KERNEL_BUILD=<series> BOOT=kexec: make kernel-install on the guest,
#      kexec into it, the run made on that kernel (release and manifest
#      checked), and a compare table of the guest's two runs;
#   4. KERNEL_BUILD=<base>, the reboot dropping it and resetting
#      (fleet_reboot_command): the guest comes back on its -kernel, is
#      reported on the wrong kernel and not measured.
# The kernels are make kernel builds of linux-source-6.12, base and a
# one-patch series: KOUT= (default $O/kernel-cost/x86_64, the builds of
# make test-fault-cost), built there first when missing.
#   ACCEL=tcg|kvm (default tcg: on the development VMs KVM guests hang)
#   FLEET_GUEST=dir (default /var/cache/mmbench/fleet-guest)
# Exit: 0 pass, 1 fail, 4 skipped (with the reason).
cd "$(dirname "$0")/../.." || exit 1
TOP=$PWD
B=${O:-build}
export MMBENCH=${MMBENCH:-$PWD/$B/mmbench}
fail() { echo "FAIL: $*"; exit 1; }
skip() { echo "SKIP: $*"; exit 4; }
T=$(mktemp -d /tmp/mmbench-fleet.XXXXXX) || exit 1
QPID=
cleanup() {
	if [ -n "$QPID" ]; then
		kill "$QPID" 2>/dev/null
		wait "$QPID" 2>/dev/null
	fi
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
[ "$(id -u)" = 0 ] || skip "not root: make bench needs root on the hosts"
[ -x "$MMBENCH" ] || skip "no mmbench binary at $MMBENCH (run make)"
command -v qemu-system-x86_64 >/dev/null || skip "no qemu-system-x86_64 (kernel/deps.sh)"
[ "$(uname -m)" = x86_64 ] || skip "the guest is x86_64, this machine $(uname -m)"
t0=$SECONDS
lap() { echo "[$((SECONDS - t0))s] $*"; }

# The guest image.
G=${FLEET_GUEST:-/var/cache/mmbench/fleet-guest}
lab/fleet-guest.sh "$G" >"$T/guest.log" 2>&1
rc=$?
[ "$rc" = 4 ] && skip "no mmdebstrap: $(tail -1 "$T/guest.log")"
[ "$rc" = 0 ] || { tail -20 "$T/guest.log"; fail "lab/fleet-guest.sh failed (exit $rc)"; }
lap "guest image: $(tail -1 "$T/guest.log")"

# The kernels: base and a one-patch series, built when missing.
KOUT=${KOUT:-$PWD/$B/kernel-cost/x86_64}
if ! [ -f "$KOUT/base/mmbench-manifest.json" ] ||
	! [ -f "$KOUT/series/mmbench-manifest.json" ]; then
	# shellcheck source=tests/integration/kbuild.bash
	. tests/integration/kbuild.bash
	# shellcheck source=tests/slow/synthetic.bash
	. tests/slow/synthetic.bash
	kb_need x86_64 source
	mkdir -p "$KOUT" || fail "cannot create $KOUT"
	series=$(dirname "$KOUT")/cost-series.mbox
	syn_cost_patch >"$series"
	KSRC=$TARBALL KOUT=$KOUT SERIES=$series nice -n 19 \
		kernel/build-kernel.sh >"$T/kbuild.log" 2>&1 ||
		{ tail -20 "$T/kbuild.log"; fail "make kernel failed"; }
	lap "kernels built in $KOUT"
fi
rel_of() {
	python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["kernel_release"])' \
		"$1/mmbench-manifest.json"
}
rel_base=$(rel_of "$KOUT/base") || fail "unreadable $KOUT/base/mmbench-manifest.json"
rel_series=$(rel_of "$KOUT/series") || fail "unreadable $KOUT/series/mmbench-manifest.json"

# Boot the guest: its disk a snapshot (nothing written back), ssh on a
# free loopback port; a reboot restarts it on the same -kernel.
free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
port=$(free_port)
down=$(free_port)
case ${ACCEL:-tcg} in
kvm) accel="-accel kvm -cpu host" ;;
tcg) accel="-accel tcg -cpu max" ;;
*) echo "ACCEL=$ACCEL: tcg or kvm"; exit 2 ;;
esac
# shellcheck disable=SC2086 # $accel is words
qemu-system-x86_64 -M pc $accel -smp 2 -m 2048 -nographic \
	-kernel "$G/vmlinuz" -initrd "$G/initrd.img" \
	-append "root=/dev/vda rw console=ttyS0 net.ifnames=0" \
	-drive "file=$G/disk.img,if=virtio,format=raw,snapshot=on" \
	-netdev "user,id=n0,hostfwd=tcp:127.0.0.1:$port-:22" \
	-device virtio-net-pci,netdev=n0 </dev/null >"$T/console.log" 2>&1 &
QPID=$!
ssh_g() {
	ssh -i "$G/id_ed25519" -o BatchMode=yes -o StrictHostKeyChecking=no \
		-o UserKnownHostsFile=/dev/null -o ConnectTimeout=5 -o LogLevel=ERROR \
		-p "$port" root@127.0.0.1 "$@"
}
for _ in $(seq 60); do
	ssh_g true 2>/dev/null && break
	kill -0 "$QPID" 2>/dev/null || { tail -20 "$T/console.log"; fail "QEMU exited"; }
	sleep 5
done
ssh_g true || { tail -20 "$T/console.log"; fail "no ssh into the guest after 300s"; }
rel_guest=$(ssh_g uname -r)
lap "guest up: $rel_guest, ssh on 127.0.0.1:$port"

inv() {	# inv FILE [HOST VARS]: the guest and the down host
	cat >"$1" <<INV
[lab]
guest ansible_host=127.0.0.1 ansible_port=$port ansible_user=root ansible_ssh_private_key_file=$G/id_ed25519 ansible_ssh_common_args='-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null' ${2:-}
down ansible_host=127.0.0.1 ansible_port=$down ansible_user=root
INV
}
inv "$T/hosts.ini"
R=$T/results
printf 'anon-fault size=4K,pmd mode=write mem=32M reps=3 warmup=1\n' >"$T/fleet.wl"

# The tree as it is now, which the guest gets: others may be editing the
# working tree meanwhile, and a rerun must find nothing new to copy.
rsync -a --exclude=/.git --exclude='/build*' --exclude=/results "$TOP/" "$T/src/" ||
	fail "cannot copy the tree"
Babs=$(cd "$B" && pwd)

# fleet NAME VAR=VAL..: lab/fleet.sh (what make fleet runs) of that copy,
# output in $T/NAME.{out,err}, FLEET_DIR $T/NAME, its exit code in RC,
# the summary printed.
fleet() {
	local name=$1 s=$SECONDS
	shift
	RC=0
	env O="$Babs" INVENTORY="$T/hosts.ini" RESULTS="$R" FLEET_DIR="$T/$name" \
		WORKLOAD="$T/fleet.wl" CONNECT_TIMEOUT=10 "$@" "$T/src/lab/fleet.sh" \
		>"$T/$name.out" 2>"$T/$name.err" || RC=$?
	lap "make fleet $*: $((SECONDS - s))s, exit $RC"
	sed 's/^/    /' "$T/$name/summary.txt" 2>/dev/null
}
showf() {
	echo "--- $1: stderr"; tail -20 "$T/$1.err"
	echo "--- $1: playbook (tail)"; tail -40 "$T/$1/playbook.out"
}
runs() { find "$R/guest" -mindepth 2 -maxdepth 2 -type d 2>/dev/null | sort; }
line() { grep -E "$2" "$T/$1/summary.txt" >/dev/null || { showf "$1"; fail "$1: no line /$2/ in the summary"; }; }

# 1. The guest measured, the down host reported.
fleet f1 LABEL=remote
[ "$RC" = 1 ] || { showf f1; fail "f1: want exit 1 with a host down, got $RC"; }
line f1 "^  guest +OK +$R/guest/$rel_guest/[0-9]{8}-[0-9]{6}-remote \(measured\)$"
line f1 "^  down +FAILED +unreachable: 127\.0\.0\.1:$down: Connection refused"
[ "$(runs | wc -l)" = 1 ] || fail "f1: want one run: $(runs)"
d=$(runs)
python3 - "$d" "$rel_guest" <<'PY' || fail "f1: the fetched run $d"
import json, sys
m = json.load(open(sys.argv[1] + "/meta.json"))
assert m["status"] == "complete" and m["label"] == "remote", (m["status"], m["label"])
assert m["kernel"]["release"] == sys.argv[2], m["kernel"]["release"]
assert m["host"] == "fleet-guest", m["host"]
n = sum(1 for l in open(sys.argv[1] + "/samples.jsonl"))
assert n > 0, "no samples"
print("fetched:", sys.argv[1], n, "samples")
PY
ssh_g "cmp /var/tmp/mmbench-fleet/results/fleet-guest/$rel_guest/$(basename "$d")/samples.jsonl -" \
	<"$d/samples.jsonl" || fail "f1: the fetched samples differ from the guest's"

# 2. A rerun: nothing measured, nothing copied, the run unchanged.
sums=$(find "$R" -type f -exec sha256sum {} + | sort)
fleet f2 LABEL=remote
line f2 "^  guest +OK +$d \(run made before, fetched again\)$"
line f2 "^  down +FAILED +unreachable"
[ "$(find "$R" -type f -exec sha256sum {} + | sort)" = "$sums" ] || fail "f2: results changed"
for t in "Copy the controller's mmbench tree" "Install what make bench needs" \
	"Run make bench" "Fetch the run"; do
	sed -n "/^TASK \[$t/,/^\$/p" "$T/f2/playbook.out" | grep -q '^changed:' &&
		{ showf f2; fail "f2: '$t' changed something"; }
done

# 3. The series kernel, through make kernel-install and kexec.
fleet f3 LABEL=series KERNEL_BUILD="$KOUT/series" BOOT=kexec HOSTS=guest
[ "$RC" = 0 ] || { showf f3; fail "f3: exit $RC"; }
line f3 "^  guest +OK +$R/guest/$rel_series/[0-9]{8}-[0-9]{6}-series \(measured\)$"
[ "$(ssh_g uname -r)" = "$rel_series" ] || fail "f3: the guest runs $(ssh_g uname -r)"
d3=$(find "$R/guest/$rel_series" -mindepth 1 -maxdepth 1 -type d)
python3 - "$d3" "$rel_series" <<'PY' || fail "f3: the run on the series kernel"
import json, sys
m = json.load(open(sys.argv[1] + "/meta.json"))
k = m["kernel"]
assert k["release"] == sys.argv[2], k["release"]
assert k.get("manifest_matches") is True, k.get("manifest_matches")
assert k["manifest"]["kernel_release"] == sys.argv[2]
print("series run:", sys.argv[1], "manifest matches")
PY
line f3 "^== guest: 2 runs of fleet\.wl, mmbench compare$"
line f3 "^  B: series, kernel $rel_series"

# 4. The base kernel, but the reboot drops it (kexec -u) and resets, as a
# kernel that does not come up leaves a lab machine: back on the guest's
# -kernel, reported.  (A plain reboot would not do: Debian's kexec-tools
# handles reboots, booting the kernel make kernel-install loaded.)
inv "$T/hosts.ini" "fleet_reboot_command='kexec -u; reboot -f'"
fleet f4 LABEL=base KERNEL_BUILD="$KOUT/base" BOOT=kexec HOSTS=guest
[ "$RC" = 1 ] || { showf f4; fail "f4: want exit 1 on the wrong kernel, got $RC"; }
line f4 "^  guest +FAILED +wrong kernel: came back on $rel_guest, asked $rel_base; not measured$"
find "$R/guest" -name '*-base' | grep -q . && fail "f4: measured on the wrong kernel"
lap "ok"
echo "ok"
