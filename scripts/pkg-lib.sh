# shellcheck shell=sh
# Package bootstrap shared by scripts/deps.sh, kernel/deps.sh and
# kernel/build-deps.sh; source it, do not run it.
#
# pkg_ensure WHO CHECK "DEB PKGS" "RPM PKGS"
#   Installs what is missing with apt-get (Debian, Ubuntu) or dnf (Fedora)
#   when root; with CHECK=1, or not root, lists it and the exact command.
#   A name:arm64 adds the arm64 architecture first.  An empty RPM list
#   means the packages exist only under Debian's names.
#   Returns 0 when everything is there, 1 when something is missing.
pkg_ensure() {
	pk_who=$1 pk_check=$2 pk_deb=$3 pk_rpm=$4 pk_pre= pk_missing=
	if command -v dpkg-query >/dev/null 2>&1; then
		pk_kind=deb pk_list=$pk_deb
		pk_install="apt-get install -y -q"
	elif command -v rpm >/dev/null 2>&1 && [ -n "$pk_rpm" ]; then
		pk_kind=rpm pk_list=$pk_rpm pk_install="dnf install -y"
	else
		echo "$pk_who: no dpkg (or no Fedora names for these); install by hand: $pk_deb" >&2
		return 1
	fi
	for pk_p in $pk_list; do
		pkg_have "$pk_kind" "$pk_p" || pk_missing="$pk_missing $pk_p"
	done
	[ -z "$pk_missing" ] && return 0
	case $pk_missing in
	*:arm64*)
		dpkg --print-foreign-architectures | grep -qx arm64 ||
			pk_pre="dpkg --add-architecture arm64 && apt-get update && " ;;
	esac
	echo "$pk_who: missing:$pk_missing" >&2
	if [ "$pk_check" = 1 ] || [ "$(id -u)" != 0 ]; then
		echo "$pk_who: as root: $pk_pre$pk_install$pk_missing" >&2
		return 1
	fi
	echo "$pk_who: installing:$pk_missing" >&2
	if [ "$pk_kind" = deb ]; then
		export DEBIAN_FRONTEND=noninteractive
		if [ -n "$pk_pre" ] && ! dpkg --add-architecture arm64; then
			echo "$pk_who: dpkg --add-architecture arm64 failed" >&2
			return 1
		fi
		# Fresh images have no lists; another apt (a concurrent test)
		# may hold the lock: wait for it.  A failed update is not fatal
		# when the lists are there already.
		apt-get -o DPkg::Lock::Timeout=300 update -qq >&2 || true
		pk_install="apt-get -o DPkg::Lock::Timeout=300 install -y -q"
	fi
	# shellcheck disable=SC2086
	$pk_install $pk_missing >&2 && return 0
	echo "$pk_who: '$pk_install$pk_missing' failed" >&2
	return 1
}

pkg_have() {
	if [ "$1" = deb ]; then
		dpkg-query -W -f='${Status}' "$2" 2>/dev/null |
			grep -q 'install ok installed'
	else
		rpm -q "$2" >/dev/null 2>&1
	fi
}
