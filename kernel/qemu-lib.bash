# shellcheck shell=bash
# Helpers of kernel/qemu-run; source it, do not run it.  Each takes what
# it needs as arguments and prints its result; none reads or sets
# qemu-run's variables, except the one watch_qemu is told to set.

# The x86 guest CPU of instruction-time runs (default_cpu): qemu64 as an
# early K8 (cpuid 1 eax 0xf41, before revision C's 0xf48), for which Linux
# sets neither ERMS nor REP_GOOD, so clear_page is clear_page_orig's loop
# of 64 stores (README "Running under QEMU" has the figures).
DET_CPU_X86=qemu64,model=4

# The smallest PMEM= for FS=xfs: Debian 12's mkfs.xfs refuses a data
# section under 300 MiB.
# shellcheck disable=SC2034  # qemu-run's
XFS_MIN_MB=300

# usage_err MSG..: bad input; exit 2 before anything is built or booted.
usage_err() {
	echo "qemu-run: $*" >&2
	exit 2
}

# skip_err MSG..: what the run needs cannot be had here; exit 4.
skip_err() {
	echo "qemu-run: skipped: $*" >&2
	exit 4
}

# fail_err MSG..: the run itself failed; exit 1.
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

# wl_panic_after FILE: the SECS of FILE's "#@ panic-after SECS" line, the
# one "#@" directive (a comment to mmbench, read by the guest's init);
# nothing without one.  Status 1, with the offending line, for a "#@"
# line that is not that.
wl_panic_after() {
	awk '$1 == "#@" {
		if ($2 == "panic-after" && NF == 3 && $3 ~ /^[1-9][0-9]*$/) {
			secs = $3
			next
		}
		printf "line %d: %s\n", NR, $0
		bad = 1
		exit
	}
	END {
		if (!bad && secs != "")
			print secs
		exit bad
	}' "$1"
}

# deb_arch ARCH: Debian's name for ARCH (fetch-kernel's --arch).
deb_arch() {
	case $1 in x86_64) echo amd64 ;; *) echo "$1" ;; esac
}

# host_arch: this machine's architecture, spelt as ARCH= spells it.
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

# cpu_known QEMU MODEL: whether QEMU (a qemu-system-* binary) has the CPU
# model MODEL, so a typo is a usage error and not a failed boot.
cpu_known() {
	local qemu=$1 model=$2
	[ "$model" = host ] && return 0	# KVM's; QEMU lists it only on x86
	"$qemu" -cpu help 2>/dev/null |
		awk -v m="$model" '($1 == "x86" ? $2 : $1) == m { f = 1 } END { exit !f }'
}

# default_cpu ARCH ACCEL DETERMINISTIC: the -cpu model when CPU= is not
# given.  KVM: the host's.  x86 instruction-time runs (DETERMINISTIC=1):
# DET_CPU_X86, whose page clearing counts like hardware's (README
# "Running under QEMU"); every other TCG run: max, all TCG has.
default_cpu() {
	local arch=$1 accel=$2 det=$3
	if [ "$accel" = kvm ]; then
		echo host
	elif [ "$det" = 1 ] && [ "$arch" = x86_64 ]; then
		echo "$DET_CPU_X86"
	else
		echo max
	fi
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

# guest_bins ARCH SRC: build mmbench for an ARCH guest in the tree SRC;
# print the directory that holds it.  The runner needs no statistics
# library, so the collector stays out (COLLECTOR=0).
guest_bins() {
	local arch=$1 src=$2 o cross='' cc=gcc
	case $arch in
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
			"$o/mmbench" >&2
	) 9>"/tmp/mmbench-$o.lock" || fail_err "cannot build mmbench for $arch in $o"
	echo "$src/$o"
}

# start_qemu LIMIT_SECS LOG QEMU ARGS..: in the background, its own process
# group, output appended to LOG, under a timeout of its own (LIMIT_SECS)
# so that even a runner killed by SIGKILL leaves no QEMU behind for long.
# Not in a $(..): QEMU must be this shell's child; its pid is in $!.
start_qemu() {
	local limit=$1 log=$2
	shift 2
	setsid timeout -k 5 "$limit" "$@" </dev/null >>"$log" 2>&1 &
}

# stop_qemu PID: no QEMU outlives the runner, whatever happened.  PID may
# be empty (nothing to stop); the caller forgets PID afterwards.
stop_qemu() {
	local pid=$1 _
	[ -n "$pid" ] || return 0
	if kill -0 "$pid" 2>/dev/null; then
		kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid"
		for _ in $(seq 30); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		kill -KILL -- "-$pid" 2>/dev/null
		kill -KILL "$pid" 2>/dev/null
	fi
	wait "$pid" 2>/dev/null
}

# watch_qemu WHY_VAR PID SHARE BOOT_SECS ALL_SECS LOG CONSOLE: wait for
# QEMU PID to exit; set the caller's variable WHY_VAR to what went wrong
# (empty when it exited by itself with status 0; LOG is its output).
# Return 0 once QEMU is reaped, 1 when it still runs (boot hang, past
# ALL_SECS, a panic on CONSOLE that did not end it).
# A nameref, not a $(..): the shell must stay free to run its signal
# traps while it waits, and only it can reap its child.
# shellcheck disable=SC2034  # watch_why is the caller's variable
watch_qemu() {
	local -n watch_why=$1
	local pid=$2 share=$3 boot_secs=$4 all_secs=$5 log=$6 console=$7
	local t0=$SECONDS panicked='' n=0 rc
	watch_why=
	while kill -0 "$pid" 2>/dev/null; do
		if [ ! -e "$share/guest-state" ] && [ $((SECONDS - t0)) -ge "$boot_secs" ]; then
			watch_why="no sign of the guest after $boot_secs s (boot hang?)"
			return 1
		fi
		if [ $((SECONDS - t0)) -ge "$all_secs" ]; then
			watch_why="the guest ran past TIMEOUT=$all_secs s; stopped it"
			return 1
		fi
		# panic=-1 and -no-reboot end QEMU at a panic; a kernel
		# whose restart hangs would otherwise hold it till TIMEOUT.
		# Looked for every 2 s: the host's load is the guest's noise.
		if [ -z "$panicked" ] && [ $((++n % 10)) = 0 ] &&
		   [ -n "$(panic_line "$console")" ]; then
			panicked=$SECONDS
		fi
		if [ -n "$panicked" ] && [ $((SECONDS - panicked)) -ge 10 ]; then
			watch_why="it did not restart within 10 s; QEMU stopped"
			return 1
		fi
		sleep 0.2
	done
	wait "$pid"
	rc=$?
	if [ "$rc" != 0 ]; then
		watch_why="QEMU exited with status $rc: $(tail -3 "$log" | tr '\n' ' ')"
	fi
	return 0
}

# json_str TEXT: TEXT as a JSON string on one line.
json_str() {
	local s=${1//\\/\\\\}
	s=${s//\"/\\\"}
	s=${s//$'\n'/ }
	s=${s//$'\t'/ }
	printf '"%s"' "$s"
}

# clear_page_model ARCH CPUINFO: the guest's clear_page and the guest
# instructions a call costs under icount, where each iteration of a rep
# string instruction counts as one: the call, the variant's code (from
# arch/*/lib/clear_page*.S), the ret.  x86 picks the variant by the
# guest's flags (CPUINFO, its /proc/cpuinfo): clear_page_erms 4100 (rep
# stosb, 4096 bytes), clear_page_rep 516 (rep stosq, 512 words),
# clear_page_orig 709 (64 rounds of 8 movq, decl, leaq, jnz); arm64 263,
# 64 rounds of DC ZVA with add, tst, b.ne: the 64-byte blocks DCZID_EL0
# gives under QEMU system emulation (512 bytes is its user mode's).
clear_page_model() {
	local flags
	if [ "$1" = arm64 ]; then
		echo "clear_page 263"
		return
	fi
	flags=" $(grep -m1 '^flags' "$2" 2>/dev/null | cut -d: -f2) "
	case $flags in
	"  ") return 1 ;;
	*" erms "*) echo "clear_page_erms 4100" ;;
	*" rep_good "*) echo "clear_page_rep 516" ;;
	*) echo "clear_page_orig 709" ;;
	esac
}

# clear_report SAMPLES FUNC INSNS: per anon-fault point of an icount run's
# SAMPLES, the guest instructions a 4K page faulted costs (median
# ns_per_4k: one ns is one instruction) against one clear_page call, FUNC
# at INSNS, for every page not mapped from the zero page.  A model, and a
# floor: the kernel may clear a page twice.  Prints a line per point, then
# "JSON " and the points as a JSON array.
clear_report() {
	awk -v fn="$2" -v per="$3" '
	function str(s, key,   v) {
		if (!match(s, "\"" key "\":\"[^\"]*\""))
			return ""
		v = substr(s, RSTART + length(key) + 4)
		return substr(v, 1, index(v, "\"") - 1)
	}
	function median(list,   a, n, i, j, t) {
		n = split(list, a, " ")
		for (i = 2; i <= n; i++)
			for (j = i; j > 1 && a[j - 1] + 0 > a[j] + 0; j--) {
				t = a[j]; a[j] = a[j - 1]; a[j - 1] = t
			}
		return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
	}
	/"bench":"anon-fault"/ && /"ns_per_4k":\{"value":/ {
		match($0, /"point":[0-9]+/)
		p = substr($0, RSTART + 8, RLENGTH - 8) + 0
		match($0, /"ns_per_4k":\{"value":[-0-9.e+]+/)
		v[p] = v[p] " " substr($0, RSTART + 21, RLENGTH - 21)
		if (p in desc)
			next
		order[++np] = p
		match($0, /"params":\{[^}]*\}/)
		d = substr($0, RSTART + 10, RLENGTH - 11)
		gsub(/"/, "", d); gsub(/:/, "=", d); gsub(/,/, " ", d)
		desc[p] = "anon-fault " d
		# Read faults map the zero page below the PMD size, and at it
		# unless use_zero_page=0: nothing is cleared.
		zero[p] = str($0, "mode") == "read" &&
			  (str($0, "size") == "4K" || str($0, "use_zero_page") != "0")
	}
	END {
		json = ""
		for (i = 1; i <= np; i++) {
			p = order[i]; n = median(v[p]); c = zero[p] ? 0 : per
			ge = zero[p] ? "" : ">="; le = zero[p] ? "" : "<="
			printf("point %d %s: %.0f insns = %s%.0f clearing (%s) + %s%.0f rest; %s%.0f%% clearing\n",
			       p, desc[p], n, ge, c, zero[p] ? "zero page" : "one " fn,
			       le, n - c, ge, n > 0 ? 100 * c / n : 0)
			json = json sprintf("%s{\"point\": %d, \"desc\": \"%s\", \"insns_per_4k\": %.0f, \"clear_insns_per_4k\": %d, \"rest_insns_per_4k\": %.0f}",
				json ? ", " : "", p, desc[p], n, c, n - c)
		}
		printf "JSON [%s]\n", json
	}' "$1"
}

# qemu_json KEY=VALUE..: print qemu.json, how the guest was run (it goes
# next to meta.json) and why it stopped early if it did.  Keys: qemu (the
# binary, whose --version it records), status (complete: the guest ran
# the workload to its end, whatever mmbench made of it; panicked: its
# kernel panicked; failed: anything else stopped it), error (optional),
# panic (optional, the panic's line), console (optional, the console log
# whose last lines go in as "console_tail"), arch, accel, cpu (the -cpu
# model), qemu_args, deterministic (0 or 1), smp, mem_mb, pmem_mb, fs
# (the pmem's filesystem, empty without pmem: null), zram, kernel (as
# given), kernel_file, modules, append, workload, panic_after (empty: null),
# seconds, clear_page (optional, a JSON object, put as is).
qemu_json() {
	local -A f=()
	local a det
	for a; do
		f[${a%%=*}]=${a#*=}
	done
	det=${f[deterministic]}
	printf '{\n  "qemu": %s,\n' "$(json_str "$("${f[qemu]}" --version | head -1)")"
	printf '  "status": %s,\n' "$(json_str "${f[status]}")"
	[ -n "${f[error]:-}" ] && printf '  "error": %s,\n' "$(json_str "${f[error]}")"
	[ -n "${f[panic]:-}" ] && printf '  "panic": %s,\n' "$(json_str "${f[panic]}")"
	[ -n "${f[console]:-}" ] && printf '  "console_tail": %s,\n' "$(console_json "${f[console]}")"
	printf '  "arch": %s,\n' "$(json_str "${f[arch]}")"
	printf '  "accel": %s,\n' "$(json_str "${f[accel]}")"
	printf '  "cpu": %s,\n' "$(json_str "${f[cpu]}")"
	printf '  "qemu_args": %s,\n' "$(json_str "${f[qemu_args]}")"
	printf '  "icount": %s,\n' "$([ "$det" = 1 ] && echo true || echo false)"
	printf '  "timebase": %s,\n' "$([ "$det" = 1 ] && echo '"icount"' || echo '"wall"')"
	printf '  "smp": %s,\n' "$([ "$det" = 1 ] && echo 1 || echo "${f[smp]}")"
	printf '  "mem_mb": %s,\n  "pmem_mb": %s,\n' "${f[mem_mb]}" "${f[pmem_mb]}"
	printf '  "fs": %s,\n' "$([ -n "${f[fs]:-}" ] && json_str "${f[fs]}" || echo null)"
	printf '  "zram": %s,\n' "$(json_str "${f[zram]}")"
	printf '  "kernel": %s,\n' "$(json_str "${f[kernel]}")"
	printf '  "kernel_file": %s,\n' "$(json_str "${f[kernel_file]}")"
	printf '  "modules": %s,\n' "$(json_str "${f[modules]}")"
	printf '  "append": %s,\n' "$(json_str "${f[append]}")"
	printf '  "workload": %s,\n' "$(json_str "${f[workload]}")"
	printf '  "panic_after": %s,\n' "${f[panic_after]:-null}"
	[ -n "${f[clear_page]:-}" ] && printf '  "clear_page": %s,\n' "${f[clear_page]}"
	printf '  "seconds": %s\n}\n' "${f[seconds]}"
}

# probe_tty: the serial console of a guest of this machine's architecture.
probe_tty() {
	if [ "$(host_arch)" = arm64 ]; then echo ttyAMA0; else echo ttyS0; fi
}

# kvm_probe_initrd DIR: DIR/initrd.gz, a busybox with a two-line init
# that says MMBENCH-KVM-OK on the console and powers off.
kvm_probe_initrd() {
	local d=$1 tty
	tty=$(probe_tty)
	mkdir -p "$d/root/bin"
	cp "$(command -v busybox)" "$d/root/bin/busybox" || return 1
	printf '#!/bin/busybox sh\n/bin/busybox mount -t devtmpfs dev /dev\n/bin/busybox echo MMBENCH-KVM-OK >/dev/%s\n/bin/busybox poweroff -f\n' \
		"$tty" >"$d/root/init"
	chmod 755 "$d/root/init"
	(cd "$d/root" && mkdir dev && find . | cpio -o -H newc --quiet) | gzip -1 >"$d/initrd.gz"
	return 0
}

# kvm_probe_boots QEMU KERNEL DIR: whether KERNEL with DIR/initrd.gz
# reaches its init under KVM within 30 s (DIR/console is its console).
kvm_probe_boots() {
	local qemu=$1 kernel=$2 d=$3 tty m=()
	tty=$(probe_tty)
	[ "$(host_arch)" = arm64 ] && m=(-M virt)
	# In a subshell: a QEMU that aborts (as it does here) is no news.
	(timeout -k 2 30 "$qemu" -nodefaults -no-user-config -display none \
		-no-reboot "${m[@]}" -accel kvm -cpu host -m 512M \
		-serial "file:$d/console" -kernel "$kernel" -initrd "$d/initrd.gz" \
		-append "console=$tty panic=-1 rdinit=/init"; true) >/dev/null 2>&1
	grep -q MMBENCH-KVM-OK "$d/console" 2>/dev/null
}

# kvm_works QEMU KERNEL CACHE_DIR: whether KVM really runs a guest here.
# /dev/kvm can exist and still hang guests (nested virtualization), so
# boot KERNEL with a two-line init and a timeout; the answer is cached in
# CACHE_DIR per host kernel and QEMU version.
kvm_works() {
	local qemu=$1 kernel=$2 cache_dir=$3 cache key d ok=no
	[ -r /dev/kvm ] && [ -w /dev/kvm ] || return 1
	key=$(uname -r)-$("$qemu" --version | head -1 | tr -cd 'A-Za-z0-9.')
	cache=$cache_dir/kvm-probe-$key
	if [ -f "$cache" ]; then
		[ "$(cat "$cache")" = yes ]
		return
	fi
	echo "qemu-run: probing KVM (once per host kernel and QEMU)..." >&2
	d=$(mktemp -d "${TMPDIR:-/tmp}/mmbench-kvm.XXXXXX") || return 1
	kvm_probe_initrd "$d" || { rm -rf "$d"; return 1; }
	kvm_probe_boots "$qemu" "$kernel" "$d" && ok=yes
	rm -rf "$d"
	mkdir -p "$cache_dir" && echo "$ok" >"$cache"
	echo "qemu-run: KVM $( [ $ok = yes ] && echo works || echo 'does not boot a guest here; using TCG')" >&2
	[ "$ok" = yes ]
}

# arm64_pmem_dtb DTB MEM_MB PMEM_MB QEMU-ARGS..: write DTB, the virt
# machine's device tree with a pmem-region node over the PMEM_MB of RAM
# above MEM_MB (QEMU 7.2's virt has no virtio-pmem; nvdimm wants ACPI).
# QEMU rewrites the memory node with all of its RAM, so the kernel gets
# mem=MEM to leave the region alone.  DTB's .dts sits beside it.
arm64_pmem_dtb() {
	local dtb=$1 mem_mb=$2 pmem_mb=$3 dts start size
	shift 3
	dts=${dtb%.dtb}.dts
	command -v dtc >/dev/null || skip_err "dtc missing (device-tree-compiler)"
	qemu-system-aarch64 "$@" -M virt,dumpdtb="$dtb" >/dev/null 2>&1 ||
		fail_err "cannot dump the virt machine's device tree"
	dtc -q -I dtb -O dts -o "$dts" "$dtb" || return 1
	start=$((0x40000000 + mem_mb * 1024 * 1024))
	size=$((pmem_mb * 1024 * 1024))
	sed -i '$ d' "$dts"
	printf '\tpmem@%x {\n\t\tcompatible = "pmem-region";\n\t\treg = <0x%x 0x%x 0x%x 0x%x>;\n\t};\n};\n' \
		"$start" $((start >> 32)) $((start & 0xffffffff)) \
		$((size >> 32)) $((size & 0xffffffff)) >>"$dts"
	dtc -q -I dts -O dtb -o "$dtb" "$dts" ||
		fail_err "cannot rebuild the device tree with a pmem region"
}
