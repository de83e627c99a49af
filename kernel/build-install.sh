#!/bin/bash
# Install a kernel built by kernel/build-kernel.sh on a lab machine and
# make it the next boot only, so a kernel that does not come up cannot
# strand the machine: the boot after it is the default entry again.
# `make kernel-install` runs this:
#
#   BUILD=   an O= build dir with mmbench-manifest.json (base or series)
#   BOOT=    grub (default where grub-reboot exists: one-shot entry) or
#	     kexec (load it now; `systemctl kexec` boots it, a power cycle
#	     returns to the default kernel)
#   DRY_RUN=1 print the steps, change nothing
#   GRUB_CFG= grub.cfg to find the entry in (default: /boot/grub*/grub.cfg)
#
# Steps: modules_install, the image, System.map and config into /boot, the
# manifest as /boot/mmbench-manifest-RELEASE.json (mmbench records it in
# meta.json), an initramfs by the distribution's tool (update-initramfs or
# dracut), then the one-shot boot entry.
# Exit: 0 ok, 1 a step failed, 2 usage.
set -u
# shellcheck source=kernel/build-lib.sh
. "$(dirname "$0")/build-lib.sh"

BUILD=${BUILD:-}
BOOT=${BOOT:-}
DRY_RUN=${DRY_RUN:-0}
case $DRY_RUN in
0 | 1) ;;
*) die 2 "DRY_RUN=$DRY_RUN: accepted values are 0 and 1" ;;
esac
[ -n "$BUILD" ] || die 2 "BUILD= is required: a build dir of make kernel (e.g. build/kernel/x86_64/series)"
[ -f "$BUILD/mmbench-manifest.json" ] ||
	die 2 "BUILD=$BUILD: no mmbench-manifest.json (not a make kernel build dir)"
BUILD=$(readlink -f "$BUILD")
m=$BUILD/mmbench-manifest.json
jq -e .mmbench_manifest "$m" >/dev/null 2>&1 || die 2 "$m: not an mmbench manifest"
rel=$(jq -r .kernel_release "$m")
image=$(jq -r '.image // empty' "$m")
tree=$(jq -r .source.path "$m")
arch=$(jq -r .arch "$m")
[ -n "$image" ] && [ -f "$BUILD/$image" ] ||
	die 2 "BUILD=$BUILD: not built yet (no image; run make kernel without STOP=)"
kb_arch "$arch"
[ -z "$KCROSS" ] || die 2 "BUILD=$BUILD is an $arch kernel; this machine is $(uname -m)"

if [ -z "$BOOT" ]; then
	BOOT=kexec
	if command -v grub-reboot >/dev/null ||
		command -v grub2-reboot >/dev/null; then
		BOOT=grub
	fi
fi
case $BOOT in
grub | kexec) ;;
*) die 2 "BOOT=$BOOT: accepted values are grub and kexec" ;;
esac
[ "$DRY_RUN" = 1 ] || [ "$(id -u)" = 0 ] || die 2 "installing a kernel needs root (DRY_RUN=1 shows the steps)"

step() {	# step CMD..: run it, or print it under DRY_RUN
	echo "+ $*"
	[ "$DRY_RUN" = 1 ] && return 0
	"$@" || die 1 "step failed: $*"
}

initrd=/boot/initrd.img-$rel
if grep -q '^CONFIG_MODULES=y' "$BUILD/.config"; then
	step make -C "$tree" O="$BUILD" ARCH="$KARCH" INSTALL_MOD_STRIP=1 \
		-s modules_install
fi
step install -m 0644 "$BUILD/$image" "/boot/vmlinuz-$rel"
step install -m 0644 "$BUILD/System.map" "/boot/System.map-$rel"
step install -m 0644 "$BUILD/.config" "/boot/config-$rel"
step install -m 0644 "$m" "/boot/mmbench-manifest-$rel.json"
if command -v update-initramfs >/dev/null; then
	step update-initramfs -c -k "$rel"
elif command -v dracut >/dev/null; then
	initrd=/boot/initramfs-$rel.img
	step dracut --force "$initrd" "$rel"
elif [ "$DRY_RUN" = 1 ]; then
	note "no update-initramfs or dracut here (Debian: initramfs-tools); a real run stops at this step"
	step update-initramfs -c -k "$rel"
else
	die 1 "no update-initramfs or dracut to make an initramfs (Debian: initramfs-tools)"
fi

# grub_entry: "submenu-id>entry-id" of REL's normal (not recovery)
# entry in grub.cfg, as grub-reboot takes it.
grub_entry() {
	local cfg
	for cfg in ${GRUB_CFG:-/boot/grub/grub.cfg /boot/grub2/grub.cfg}; do
		[ -f "$cfg" ] || continue
		awk -v rel="$rel" -F"'" '
			/^submenu / { for (i = 1; i < NF; i++)
				if ($i ~ /menuentry_id_option/) sub_id = $(i + 1) }
			/^[ \t]*menuentry / && index($2, rel) && $2 !~ /recovery/ {
				for (i = 1; i < NF; i++)
					if ($i ~ /menuentry_id_option/) {
						id = $(i + 1); break }
				print (sub_id != "" && /^[ \t]/ ? sub_id ">" : "") id
				exit }' "$cfg"
		return
	done
}

case $BOOT in
grub)
	if [ "$DRY_RUN" = 0 ] && ! grep -qs '^GRUB_DEFAULT=saved' /etc/default/grub; then
		die 1 "grub-reboot needs GRUB_DEFAULT=saved in /etc/default/grub (then update-grub), or use BOOT=kexec; the kernel is installed but not set to boot"
	fi
	# Debian's names unless only Fedora's tools are there.
	if command -v update-grub >/dev/null || ! command -v grub2-mkconfig >/dev/null; then
		step update-grub
	else
		step grub2-mkconfig -o /boot/grub2/grub.cfg
	fi
	reboot_cmd=grub-reboot
	command -v grub-reboot >/dev/null || ! command -v grub2-reboot >/dev/null ||
		reboot_cmd=grub2-reboot
	entry=$(grub_entry)
	if [ -z "$entry" ]; then
		[ "$DRY_RUN" = 1 ] || die 1 "no grub.cfg entry for $rel after update-grub"
		entry="<the grub.cfg entry of $rel>"
	fi
	step "$reboot_cmd" "$entry"
	note "the next boot (once) runs $rel; the one after returns to the default"
	;;
kexec)
	step kexec -l "/boot/vmlinuz-$rel" --initrd="$initrd" --reuse-cmdline
	note "loaded $rel: 'systemctl kexec' boots it once; a reset returns to the default"
	;;
esac
exit 0
