#!/bin/bash
# make fleet: make bench on every host of an Ansible inventory, in
# parallel, each run fetched home as a local run would land, then one
# summary (README "Running on a lab"):
#
#   INVENTORY=     Ansible inventory (file or directory), required
#   WORKLOAD=      a name under workloads/ (default default) or a .wl file,
#                  copied to the hosts
#   LABEL=         the runs' label
#   KERNEL_BUILD=  a make kernel build dir (build/kernel/x86_64/series);
#                  {arch} in it stands for each host's (x86_64, arm64).
#                  Installed by make kernel-install for the next boot only,
#                  then the host reboots; a host that comes back on another
#                  kernel is reported, not measured
#   BOOT=          grub or kexec for make kernel-install (default: grub
#                  where the host has grub-reboot)
#   HOSTS=         an Ansible --limit pattern (default all)
#   FORKS=         hosts at once (default 20)
#   AGAIN=1        measure again where this run (host, kernel, label,
#                  workload) is there already; by default a rerun fetches it
#   RESULTS=       where runs land (default results), as
#                  RESULTS/<host>/<kernel release>/<run>/
#   FLEET_DIR=     the log, statuses and summary (default build/fleet/<time>)
#   CONNECT_TIMEOUT=30 REBOOT_TIMEOUT=900 LOCK_WAIT=600 (seconds)
#
# Last line on stdout: "summary: FILE".  Exit: 0 every host measured,
# 1 a host failed (named with its reason in the summary), 2 usage.
set -u
cd "$(dirname "$0")/.." || exit 1
TOP=$PWD
B=${O:-build}
die() {
	echo "fleet: $2" >&2
	exit "$1"
}

INVENTORY=${INVENTORY:-}
WORKLOAD=${WORKLOAD:-default}
LABEL=${LABEL:-}
KERNEL_BUILD=${KERNEL_BUILD:-}
BOOT=${BOOT:-}
HOSTS=${HOSTS:-all}
FORKS=${FORKS:-20}
AGAIN=${AGAIN:-0}
RESULTS=${RESULTS:-results}

[ -n "$INVENTORY" ] || die 2 "INVENTORY= is required: an Ansible inventory of the lab's hosts (README \"Running on a lab\")"
[ -e "$INVENTORY" ] || die 2 "INVENTORY=$INVENTORY: no such file or directory"
case $WORKLOAD in
*.wl)
	[ -f "$WORKLOAD" ] || die 2 "WORKLOAD=$WORKLOAD: no such file"
	wl_file=$(readlink -f "$WORKLOAD")
	wl_arg=build/fleet/$(basename "$WORKLOAD") ;;
*)
	[ -f "workloads/$WORKLOAD.wl" ] ||
		die 2 "WORKLOAD=$WORKLOAD: no workloads/$WORKLOAD.wl (names: $(basename -s .wl workloads/*.wl | paste -sd' '))"
	wl_file='' wl_arg=$WORKLOAD ;;
esac
case $LABEL in
*[!A-Za-z0-9._+-]*) die 2 "LABEL=$LABEL: letters, digits and . _ + - only" ;;
esac
case $BOOT in
"" | grub | kexec) ;;
*) die 2 "BOOT=$BOOT: accepted values are grub and kexec" ;;
esac
case $AGAIN in
0 | 1) ;;
*) die 2 "AGAIN=$AGAIN: accepted values are 0 and 1" ;;
esac
[[ $FORKS =~ ^[1-9][0-9]*$ ]] || die 2 "FORKS=$FORKS: a number of hosts"
if [ -n "$KERNEL_BUILD" ]; then
	case $KERNEL_BUILD in
	*"{arch}"*) ;;
	*) [ -f "$KERNEL_BUILD/mmbench-manifest.json" ] ||
		die 2 "KERNEL_BUILD=$KERNEL_BUILD: no mmbench-manifest.json (a build dir of make kernel, or a path with {arch})" ;;
	esac
	case $KERNEL_BUILD in
	/*) ;;
	*) KERNEL_BUILD=$TOP/$KERNEL_BUILD ;;
	esac
fi

lab/fleet-deps.sh || die 1 "ansible cannot be had (lab/fleet-deps.sh): nothing was run"
mkdir -p "$RESULTS" || die 1 "cannot create $RESULTS"
RESULTS=$(readlink -f "$RESULTS")
FLEET_DIR=${FLEET_DIR:-$B/fleet/$(date +%Y%m%d-%H%M%S)}
mkdir -p "$FLEET_DIR/status" || die 1 "cannot create $FLEET_DIR"
FLEET_DIR=$(readlink -f "$FLEET_DIR")
rm -f "$FLEET_DIR"/status/*.json

export ANSIBLE_CONFIG=$TOP/lab/ansible/ansible.cfg
export ANSIBLE_LOG_PATH=$FLEET_DIR/ansible.log
export ANSIBLE_NOCOLOR=1

# The hosts, in the inventory's order: the summary names every one.
ansible "$HOSTS" -i "$INVENTORY" --list-hosts 2>"$FLEET_DIR/hosts.err" |
	sed -n 's/^    //p' >"$FLEET_DIR/hosts"
[ -s "$FLEET_DIR/hosts" ] ||
	die 2 "INVENTORY=$INVENTORY: no hosts match '$HOSTS': $(tail -1 "$FLEET_DIR/hosts.err")"

version=$(git describe --always --dirty --tags 2>/dev/null || echo unknown)
# The playbook's variables, as JSON: no quoting of paths on the way.
python3 -c 'import json, sys; a = sys.argv[2:]
json.dump(dict(zip(a[::2], a[1::2])), open(sys.argv[1], "w"), indent=1)' \
	"$FLEET_DIR/vars.json" fleet_src "$TOP" fleet_dir "$FLEET_DIR" \
	fleet_results "$RESULTS" fleet_hosts "$HOSTS" \
	fleet_workload_arg "$wl_arg" fleet_workload_file "$wl_file" \
	fleet_label "$LABEL" fleet_version "$version" \
	fleet_kernel_build "$KERNEL_BUILD" fleet_boot "$BOOT" \
	fleet_again "$AGAIN" fleet_connect_timeout "${CONNECT_TIMEOUT:-30}" \
	fleet_reboot_timeout "${REBOOT_TIMEOUT:-900}" \
	fleet_lock_wait "${LOCK_WAIT:-600}" ||
	die 1 "cannot write $FLEET_DIR/vars.json"

echo "fleet: $(wc -l <"$FLEET_DIR/hosts") host(s), workload $WORKLOAD${LABEL:+, label $LABEL}${KERNEL_BUILD:+, kernel $KERNEL_BUILD}; log $FLEET_DIR/ansible.log" >&2
start=$(date +%s)
ansible-playbook -i "$INVENTORY" -f "$FORKS" -e "@$FLEET_DIR/vars.json" \
	lab/ansible/fleet.yml >"$FLEET_DIR/playbook.out" 2>&1
prc=$?
echo "fleet: playbook done in $(($(date +%s) - start))s (exit $prc)" >&2

python3 lab/fleet-summary "$FLEET_DIR" "$RESULTS" "$B/mmbench" "$wl_arg" |
	tee "$FLEET_DIR/summary.txt"
rc=${PIPESTATUS[0]}
echo "summary: $FLEET_DIR/summary.txt"
exit "$rc"
