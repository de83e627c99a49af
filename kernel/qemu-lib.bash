# shellcheck shell=bash
# Helpers of kernel/qemu-run; source it, do not run it.
CACHE_ROOT=${MMBENCH_CACHE:-/var/cache/mmbench}

usage_err() {
	echo "qemu-run: $*" >&2
	exit 2
}
skip_err() {
	echo "qemu-run: skipped: $*" >&2
	exit 4
}
fail_err() {
	echo "qemu-run: $*" >&2
	exit 1
}

# size_mb SIZE: 512M, 2G, 1024 (MiB) -> MiB.
size_mb() {
	local n=${1%[MmGg]}
	[[ $n =~ ^[0-9]+$ ]] && [ "$n" -gt 0 ] || return 1
	case $1 in
	*[Gg]) echo $((n * 1024)) ;;
	*) echo "$n" ;;
	esac
}

deb_arch() {
	case $1 in x86_64) echo amd64 ;; *) echo "$1" ;; esac
}

host_arch() {
	case $(uname -m) in aarch64) echo arm64 ;; *) uname -m ;; esac
}

# kernel_arch FILE: x86_64 for a bzImage ("HdrS" at 0x202), arm64 for an
# arm64 Image ("ARMd" at 0x38).
kernel_arch() {
	local m
	m=$(od -An -c -j 514 -N 4 "$1" 2>/dev/null | tr -d ' ')
	[ "$m" = HdrS ] && { echo x86_64; return 0; }
	m=$(od -An -c -j 56 -N 4 "$1" 2>/dev/null | tr -d ' ')
	[ "$m" = ARMd ] && { echo arm64; return 0; }
	return 1
}

# find_moddir DIR: DIR itself when it holds modules.dep, else the single
# lib/modules/RELEASE below it.
find_moddir() {
	local d
	[ -f "$1/modules.dep" ] && { realpath "$1"; return 0; }
	for d in "$1"/lib/modules/*/ "$1"/*/; do
		[ -f "$d/modules.dep" ] && { realpath "$d"; return 0; }
	done
	return 1
}

# guest_bins ARCH: build mmbench and daxprobe for the guest from the
# repository (or the tree in $MMBENCH_SRC); set GUEST_MMBENCH and
# GUEST_DAXPROBE.  The runner needs no statistics library, so the
# collector stays out (COLLECTOR=0).
guest_bins() {
	local o cross='' cc=gcc src=${MMBENCH_SRC:-$repo}
	case $1 in
	x86_64) o=build-qemu ;;
	arm64) o=build-arm64 cross=aarch64-linux-gnu- cc=aarch64-linux-gnu-gcc ;;
	esac
	command -v "$cc" >/dev/null ||
		skip_err "$cc missing (kernel/deps.sh installs it)"
	# Two tests building the same directory at once would trip on
	# each other's half-written objects.
	(
		flock 9
		make -s -C "$src" O="$o" COLLECTOR=0 ${cross:+CROSS=$cross} \
			"$o/mmbench" >&2 || exit 1
		if [ ! "$src/$o/daxprobe" -nt "$here/guest/daxprobe.c" ]; then
			"$cc" -O2 -static -Wall -Wextra -Werror \
				-o "$src/$o/daxprobe" "$here/guest/daxprobe.c" >&2 ||
				exit 1
		fi
	) 9>"/tmp/mmbench-$o.lock" || fail_err "cannot build mmbench for $1 in $o"
	GUEST_MMBENCH=$src/$o/mmbench
	GUEST_DAXPROBE=$src/$o/daxprobe
}

# start_qemu QEMU ARGS..: in the background, its own process group, under
# a timeout of its own so that even a runner killed by SIGKILL leaves no
# QEMU behind for long.
start_qemu() {
	setsid timeout -k 5 $((TIMEOUT + BOOT_TIMEOUT + 30)) "$@" \
		</dev/null >>"$work/qemu.out" 2>&1 &
	QEMU_PID=$!
}

# stop_qemu: no QEMU outlives the runner, whatever happened.
stop_qemu() {
	local _
	[ -n "${QEMU_PID:-}" ] || return 0
	if kill -0 "$QEMU_PID" 2>/dev/null; then
		kill -TERM -- "-$QEMU_PID" 2>/dev/null || kill -TERM "$QEMU_PID"
		for _ in $(seq 30); do
			kill -0 "$QEMU_PID" 2>/dev/null || break
			sleep 0.1
		done
		kill -KILL -- "-$QEMU_PID" 2>/dev/null
		kill -KILL "$QEMU_PID" 2>/dev/null
	fi
	wait "$QEMU_PID" 2>/dev/null
	QEMU_PID=
}

# watch_qemu SHARE BOOT_SECS ALL_SECS: wait for QEMU to exit; WHY says
# what went wrong (empty when it exited by itself with status 0).
watch_qemu() {
	local t0=$SECONDS rc
	WHY=
	while kill -0 "$QEMU_PID" 2>/dev/null; do
		if [ ! -e "$1/guest-state" ] && [ $((SECONDS - t0)) -ge "$2" ]; then
			WHY="no sign of the guest after $2 s (boot hang?)"
			return
		fi
		if [ $((SECONDS - t0)) -ge "$3" ]; then
			WHY="the guest ran past TIMEOUT=$3 s; stopped it"
			return
		fi
		sleep 0.2
	done
	wait "$QEMU_PID"
	rc=$?
	QEMU_PID=
	if [ "$rc" != 0 ]; then
		WHY="QEMU exited with status $rc: $(tail -3 "$work/qemu.out" | tr '\n' ' ')"
	fi
}

# console_tail LOG WHY: the error, then the guest console's last lines.
console_tail() {
	echo "qemu-run: $2; last lines of the guest console:" >&2
	tail -n 25 "$1" 2>/dev/null | tr -d '\r' | sed 's/^/    /' >&2
}

# save_partial RUN RESULTS SHARE WORK: move RUN from the share to
# RESULTS/<host>/<release>/<run>; print where it went.
save_partial() {
	local run=$1 rel dest
	[ -n "$run" ] && [ -d "$run" ] || return 0
	mkdir -p "$run/guest"
	[ -f "$run/guest/console.log" ] || cp "$4/console.log" "$run/guest/" 2>/dev/null
	rel=${run#"$3"/results/}
	dest=$2/$rel
	mkdir -p "$(dirname "$dest")" || return 1
	cp -a "$run" "$dest" || return 1
	echo "$dest"
}

json_str() {
	local s=${1//\\/\\\\}
	s=${s//\"/\\\"}
	s=${s//$'\n'/ }
	s=${s//$'\t'/ }
	printf '"%s"' "$s"
}

# write_qemu_json FILE [ERROR]: how the guest was run, next to meta.json,
# and why it stopped early if it did.
write_qemu_json() {
	local ver
	ver=$("$qemu" --version | head -1)
	{
		printf '{\n  "qemu": %s,\n' "$(json_str "$ver")"
		[ -n "${2:-}" ] && printf '  "error": %s,\n' "$(json_str "$2")"
		printf '  "arch": %s,\n' "$(json_str "$ARCH")"
		printf '  "accel": %s,\n' "$(json_str "$accel")"
		printf '  "qemu_args": %s,\n' "$(json_str "${qargs[*]}")"
		printf '  "icount": %s,\n' "$([ "$DETERMINISTIC" = 1 ] && echo true || echo false)"
		printf '  "timebase": %s,\n' "$([ "$DETERMINISTIC" = 1 ] && echo '"icount"' || echo '"wall"')"
		printf '  "smp": %s,\n' "$([ "$DETERMINISTIC" = 1 ] && echo 1 || echo "$SMP")"
		printf '  "mem_mb": %s,\n  "pmem_mb": %s,\n' "$mem_mb" "$pmem_mb"
		printf '  "zram": %s,\n' "$(json_str "$ZRAM")"
		printf '  "kernel": %s,\n' "$(json_str "$KERNEL")"
		printf '  "kernel_file": %s,\n' "$(json_str "$kernel")"
		printf '  "modules": %s,\n' "$(json_str "${moddir:-}")"
		printf '  "append": %s,\n' "$(json_str "$append")"
		printf '  "workload": %s,\n' "$(json_str "$wl")"
		printf '  "seconds": %s\n}\n' "$secs"
	} >"$1"
}

# kvm_works QEMU KERNEL: whether KVM really runs a guest here.  /dev/kvm
# can exist and still hang guests (nested virtualization), so boot KERNEL
# with a two-line init and a timeout; the answer is cached per host kernel
# and QEMU version.
kvm_works() {
	local cache key d ok=no tty=ttyS0 m=()
	[ "$(host_arch)" = arm64 ] && tty=ttyAMA0 m=(-M virt)
	[ -r /dev/kvm ] && [ -w /dev/kvm ] || return 1
	key=$(uname -r)-$("$1" --version | head -1 | tr -cd 'A-Za-z0-9.')
	cache=$CACHE_ROOT/kvm-probe-$key
	if [ -f "$cache" ]; then
		[ "$(cat "$cache")" = yes ]
		return
	fi
	echo "qemu-run: probing KVM (once per host kernel and QEMU)..." >&2
	d=$(mktemp -d "${TMPDIR:-/tmp}/mmbench-kvm.XXXXXX") || return 1
	mkdir -p "$d/root/bin"
	cp "$(command -v busybox)" "$d/root/bin/busybox" || { rm -rf "$d"; return 1; }
	printf '#!/bin/busybox sh\n/bin/busybox mount -t devtmpfs dev /dev\n/bin/busybox echo MMBENCH-KVM-OK >/dev/%s\n/bin/busybox poweroff -f\n' \
		"$tty" >"$d/root/init"
	chmod 755 "$d/root/init"
	(cd "$d/root" && mkdir dev && find . | cpio -o -H newc --quiet) | gzip -1 >"$d/initrd.gz"
	# In a subshell: a QEMU that aborts (as it does here) is no news.
	(timeout -k 2 30 "$1" -nodefaults -no-user-config -display none \
		-no-reboot "${m[@]}" -accel kvm -cpu host -m 512M \
		-serial "file:$d/console" -kernel "$2" -initrd "$d/initrd.gz" \
		-append "console=$tty panic=-1 rdinit=/init"; true) >/dev/null 2>&1
	grep -q MMBENCH-KVM-OK "$d/console" 2>/dev/null && ok=yes
	rm -rf "$d"
	mkdir -p "$CACHE_ROOT" && echo "$ok" >"$cache"
	echo "qemu-run: KVM $( [ $ok = yes ] && echo works || echo 'does not boot a guest here; using TCG')" >&2
	[ "$ok" = yes ]
}

# arm64_pmem_dtb WORK QEMU-ARGS..: the virt machine's device tree with a
# pmem-region node over the RAM above MEM (QEMU 7.2's virt has no
# virtio-pmem; nvdimm wants ACPI).  QEMU rewrites the memory node with all
# of its RAM, so the kernel gets mem=MEM to leave the region alone.
# Writes WORK/virt.dtb.
arm64_pmem_dtb() {
	local w=$1 start size
	shift
	command -v dtc >/dev/null || skip_err "dtc missing (device-tree-compiler)"
	qemu-system-aarch64 "$@" -M virt,dumpdtb="$w/virt.dtb" >/dev/null 2>&1 ||
		fail_err "cannot dump the virt machine's device tree"
	dtc -q -I dtb -O dts -o "$w/virt.dts" "$w/virt.dtb" || return 1
	start=$((0x40000000 + mem_mb * 1024 * 1024))
	size=$((pmem_mb * 1024 * 1024))
	sed -i '$ d' "$w/virt.dts"
	printf '\tpmem@%x {\n\t\tcompatible = "pmem-region";\n\t\treg = <0x%x 0x%x 0x%x 0x%x>;\n\t};\n};\n' \
		"$start" $((start >> 32)) $((start & 0xffffffff)) \
		$((size >> 32)) $((size & 0xffffffff)) >>"$w/virt.dts"
	dtc -q -I dts -O dtb -o "$w/virt.dtb" "$w/virt.dts" ||
		fail_err "cannot rebuild the device tree with a pmem region"
}
