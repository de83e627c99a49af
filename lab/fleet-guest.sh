#!/bin/bash
# A Debian 12 guest for testing `make fleet` against a real remote host
# (tests/slow/fleet_remote.sh): mmdebstrap makes the root filesystem from
# the machine's own apt sources, with openssh-server, python3 (Ansible's
# modules) and what `make bench` needs already in (so the guest needs no
# network of its own), root's authorized key, DHCP on its NIC; then an ext4
# disk image of it and the kernel and initrd beside it for `-kernel`.
#   lab/fleet-guest.sh DIR    DIR/{disk.img,vmlinuz,initrd.img,id_ed25519}
# An existing DIR/disk.img made from the same package list is kept.
# Exit: 0 made or kept, 1 failed, 4 mmdebstrap cannot be had.
set -u
cd "$(dirname "$0")/.." || exit 1
dir=${1:?usage: lab/fleet-guest.sh DIR}
mkdir -p "$dir" || exit 1
dir=$(readlink -f "$dir")

# scripts/deps.sh's Debian list, so its bootstrap finds everything there.
deb=$(sed -n '/^deb_pkgs="/,/"$/p' scripts/deps.sh | tr -d '"' | sed 's/^deb_pkgs=//')
pkgs="systemd-sysv udev openssh-server python3 rsync iproute2 ifupdown
isc-dhcp-client linux-image-amd64 initramfs-tools kexec-tools jq $deb"
pkgs=$(echo "$pkgs" | tr -s ' \n' '\n' | sort -u | paste -sd, -)
stamp=$(echo "$pkgs v2" | sha256sum | cut -c1-16)
if [ -f "$dir/disk.img" ] && [ "$(cat "$dir/stamp" 2>/dev/null)" = "$stamp" ]; then
	echo "fleet-guest: kept $dir/disk.img"
	exit 0
fi

# shellcheck source=scripts/pkg-lib.sh
. scripts/pkg-lib.sh
pkg_ensure fleet-guest 0 "mmdebstrap e2fsprogs openssh-client" "" || exit 4
rm -rf "$dir/root" "$dir/disk.img" "$dir/stamp"
[ -f "$dir/id_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -C fleet-guest \
	-f "$dir/id_ed25519" || exit 1

# The mirror and suites of the machine's own sources (deb822 or one-line).
mirror=$(grep -rhs '^URIs:' /etc/apt/sources.list.d/*.sources | head -1 | awk '{ print $2 }')
[ -n "$mirror" ] || mirror=$(awk '$1 == "deb" { print $2; exit }' /etc/apt/sources.list 2>/dev/null)
mirror=${mirror:-http://deb.debian.org/debian}

# shellcheck disable=SC2016 # $1 is the hooks' (the root), not ours
mmdebstrap --variant=minbase --include="$pkgs" \
	--customize-hook='echo fleet-guest >"$1/etc/hostname"' \
	--customize-hook='printf "/dev/vda / ext4 defaults 0 1\n" >"$1/etc/fstab"' \
	--customize-hook='printf "auto lo\niface lo inet loopback\nallow-hotplug ens3\niface ens3 inet dhcp\nallow-hotplug eth0\niface eth0 inet dhcp\n" >"$1/etc/network/interfaces"' \
	--customize-hook='mkdir -p -m 700 "$1/root/.ssh"' \
	--customize-hook="cp $dir/id_ed25519.pub \"\$1/root/.ssh/authorized_keys\"" \
	--customize-hook='chroot "$1" systemctl enable ssh networking' \
	bookworm "$dir/root" "$mirror" || { echo "fleet-guest: mmdebstrap failed"; exit 1; }
k=("$dir"/root/boot/vmlinuz-*) i=("$dir"/root/boot/initrd.img-*)
cp "${k[-1]}" "$dir/vmlinuz" && cp "${i[-1]}" "$dir/initrd.img" || exit 1
mkfs.ext4 -q -F -L root -d "$dir/root" "$dir/disk.img" 6G || exit 1
rm -rf "$dir/root"
echo "$stamp" >"$dir/stamp"
echo "fleet-guest: made $dir/disk.img"
