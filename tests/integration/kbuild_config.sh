#!/bin/bash
# The mmbench config fragment merges into the x86-64 and arm64 defconfigs
# of Debian's linux-source-6.12 and every option it asks for survives
# olddefconfig; a fragment without MEMORY_HOTPLUG loses DAX and the check
# names what was lost.  About 50 s (three make defconfig + olddefconfig).
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/kbuild.bash"
kb_need x86_64 arm64 source

# want CONFIG FRAGMENT..: every option line of the fragments is in CONFIG
# (checked here without the build scripts' own check).
want() {
	local cfg=$1 line sym val
	shift
	grep -h -E '^CONFIG_[A-Z0-9_]+=' "$@" | while IFS= read -r line; do
		sym=${line%%=*} val=${line#*=}
		grep -qx "$sym=$val" "$cfg" || { echo "$sym=$val missing: $(grep "^$sym=" "$cfg")"; exit 1; }
	done
}

for arch in x86_64 arm64; do
	KSRC=$TARBALL ARCH=$arch KOUT=$T/$arch STOP=config \
		"$KB/build-kernel.sh" >"$T/$arch.out" 2>"$T/$arch.err" ||
		{ cat "$T/$arch.err"; fail "STOP=config ARCH=$arch failed"; }
	cfg=$T/$arch/base/.config
	want "$cfg" "$KB/configs/mmbench.config" "$KB/configs/$arch.config" ||
		fail "ARCH=$arch: an option did not survive"
	for s in FS_DAX FS_DAX_PMD ZONE_DEVICE PER_VMA_LOCK PTE_MARKER_UFFD_WP \
		IKCONFIG_PROC ZRAM LIBNVDIMM; do
		grep -qx "CONFIG_$s=y" "$cfg" || fail "ARCH=$arch: CONFIG_$s not y"
	done
	grep -q "^CONFIG_$( [ $arch = arm64 ] && echo ARM64 || echo X86_64)=y" "$cfg" ||
		fail "ARCH=$arch: the config is not for $arch"
done
grep -qx CONFIG_OF_PMEM=y "$T/arm64/base/.config" || fail "arm64: no OF_PMEM"
grep -qx CONFIG_X86_PMEM_LEGACY=y "$T/x86_64/base/.config" ||
	fail "x86_64: no X86_PMEM_LEGACY"

# The defconfig has no memory hot-plug: without the fragment's lines for
# it, ZONE_DEVICE and FS_DAX vanish and the check must say which.
grep -v -E '^CONFIG_MEMORY_HOT(PLUG|REMOVE)=' "$KB/configs/mmbench.config" \
	>"$T/nohotplug.config"
rc=0
"$KB/build-config.sh" generate "$SRC" "$T/drop" x86_64 defconfig \
	"$T/nohotplug.config" "$KB/configs/x86_64.config" \
	>"$T/drop.out" 2>"$T/drop.err" || rc=$?
cat "$T/drop.err"
[ $rc = 1 ] || fail "a dropped option gave exit $rc, not 1"
for s in ZONE_DEVICE FS_DAX FS_DAX_PMD NVDIMM_PFN; do
	grep -q "CONFIG_$s:" "$T/drop.err" || fail "CONFIG_$s not named"
done
grep -q "CONFIG_ZONE_DEVICE: wanted y, got n (depends on MEMORY_HOTPLUG" \
	"$T/drop.err" || fail "ZONE_DEVICE's dependency not named"
grep -q "CONFIG_TRANSPARENT_HUGEPAGE:" "$T/drop.err" &&
	fail "an option that survived was named"
grep -q "did not survive olddefconfig" "$T/drop.err" || fail "no summary line"
exit 0
