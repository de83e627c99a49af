#!/bin/bash
# The kernel configuration mmbench builds with.
#
#   build-config.sh generate SRC OUT ARCH BASE [FRAGMENT..]
#	OUT/.config = BASE (a config file, or make targets such as
#	"defconfig kvm_guest.config") merged with the fragments by the tree's
#	scripts/kconfig/merge_config.sh, then olddefconfig, then `check`.
#	Fragments default to kernel/configs/mmbench.config and ARCH.config.
#   build-config.sh check CONFIG SRC ARCH [FRAGMENT..]
#	Every option the fragments ask for must be in CONFIG as asked (=m is
#	also met by =y); the ones that are not are named with what they
#	depend on.
#
# Exit: 0 ok, 1 an option did not survive or a step failed, 2 usage.
set -u
# shellcheck source=kernel/build-lib.sh
. "$(dirname "$0")/build-lib.sh"

usage() {
	sed -n '3,12s/^# \{0,1\}//p' "$0" >&2
	exit 2
}

# fragments ARCH [FRAGMENT..]: the given ones, else the defaults.
fragments() {
	local arch=$1
	shift
	if [ $# -gt 0 ]; then
		printf '%s\n' "$@"
		return
	fi
	echo "$KB_DIR/configs/mmbench.config"
	[ -f "$KB_DIR/configs/$arch.config" ] &&
		echo "$KB_DIR/configs/$arch.config"
	return 0
}

# kconfig_deps SRC SYM SRCARCH: what SYM's Kconfig entry depends on.
kconfig_deps() {
	local src=$1 sym=$2 srcarch=$3 f
	f=$( (grep -rl --include='Kconfig*' --exclude-dir=arch \
		-E "^(menu)?config $sym\$" "$src"
	      grep -rl --include='Kconfig*' -E "^(menu)?config $sym\$" \
		"$src/arch/$srcarch") 2>/dev/null | head -1)
	[ -n "$f" ] || { echo "not a symbol of this tree"; return; }
	awk -v s="$sym" '
		$0 ~ "^(menu)?config " s "$" { on = 1; next }
		on && /^(menu)?config |^(end)?(menu|choice|if)|^source/ { exit }
		on && /^[ \t]+depends on/ { sub(/^[ \t]+depends on[ \t]+/, "");
			d = d (d ? "; " : "") $0 }
		END { print (d ? "depends on " d : "no dependencies; selected or set elsewhere") }
	' "$f"
}

check() {
	local cfg=$1 src=$2 arch=$3 frag line sym want got bad=() srcarch
	shift 3
	[ -f "$cfg" ] || die 2 "check: no config file $cfg"
	srcarch=$KARCH
	[ "$srcarch" = x86_64 ] && srcarch=x86
	while IFS= read -r frag; do
		[ -f "$frag" ] || die 2 "no config fragment $frag"
		while IFS= read -r line; do
			case $line in
			CONFIG_*=*) sym=${line%%=*} want=${line#*=} ;;
			"# CONFIG_"*" is not set")
				sym=${line#\# } sym=${sym%% *} want=n ;;
			*) continue ;;
			esac
			got=$(sed -n "s/^$sym=//p" "$cfg")
			[ -n "$got" ] || got=n
			[ "$got" = "$want" ] && continue
			[ "$want" = m ] && [ "$got" = y ] && continue
			echo "  $sym: wanted $want, got $got ($(kconfig_deps "$src" "${sym#CONFIG_}" "$srcarch")) [$(basename "$frag")]" >&2
			bad+=("$sym")
		done <"$frag"
	done < <(fragments "$arch" "$@")
	if [ ${#bad[@]} -gt 0 ]; then
		die 1 "${#bad[@]} required option(s) did not survive olddefconfig in $cfg: ${bad[*]}"
	fi
	return 0
}

# generate SRC OUT ARCH BASE [FRAGMENT..]
generate() {
	local src=$1 out=$2 arch=$3 base=$4 keys f
	shift 4
	mkdir -p "$out" || die 1 "cannot create $out"
	if [ -f "$base" ]; then
		cp "$base" "$out/.config" || die 1 "cannot copy $base"
		# A distribution config names its signing certificates, which a
		# source tree does not ship: build without them.
		for keys in SYSTEM_TRUSTED_KEYS SYSTEM_REVOCATION_KEYS; do
			f=$(sed -n "s/^CONFIG_$keys=\"\(.*\)\"$/\1/p" "$out/.config")
			if [ -n "$f" ] && [ ! -e "$src/$f" ] && [ ! -e "$f" ]; then
				note "base config names $f, not in the tree: $keys=\"\""
				"$src/scripts/config" --file "$out/.config" \
					--set-str "$keys" ""
			fi
		done
	else
		# shellcheck disable=SC2086 # a list of make targets
		kb_make "$src" "$out" -s $base >"$out/config.log" 2>&1 || {
			tail -20 "$out/config.log" >&2
			die 1 "make $base failed in $src (CONFIG= is a config file or make targets such as defconfig)"
		}
	fi
	mapfile -t frags < <(fragments "$arch" "$@")
	(cd "$src" && scripts/kconfig/merge_config.sh -m -O "$out" \
		"$out/.config" "${frags[@]}") >>"$out/config.log" 2>&1 || {
		tail -20 "$out/config.log" >&2
		die 1 "merge_config.sh failed"
	}
	kb_make "$src" "$out" -s olddefconfig >>"$out/config.log" 2>&1 || {
		tail -20 "$out/config.log" >&2
		die 1 "make olddefconfig failed"
	}
	check "$out/.config" "$src" "$arch" "${frags[@]}"
}

[ $# -ge 1 ] || usage
cmd=$1
shift
case $cmd in
generate)
	[ $# -ge 4 ] || usage
	kb_arch "$3"
	generate "$@"
	;;
check)
	[ $# -ge 3 ] || usage
	kb_arch "$3"
	check "$@"
	;;
*) usage ;;
esac
