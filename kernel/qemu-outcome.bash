# shellcheck shell=bash
# How a guest run ended, for kernel/qemu-run: the console's telling lines
# (after a panic, the oops before it), the panic itself, and a partial
# run brought home marked interrupted.  Source it after qemu-lib.bash
# (json_str).

# tail_lines LOG: how many of the guest console LOG's last lines say what
# happened: 25, or after a panic from 40 lines before it (an oops that
# caused it comes just before; panic's own trace is some 30 lines after),
# at most 100.
tail_lines() {
	local at all n
	at=$(grep -a -n -m1 'Kernel panic - not syncing: ' "$1" 2>/dev/null)
	[ -n "$at" ] || { echo 25; return; }
	all=$(wc -l <"$1")
	n=$((all - ${at%%:*} + 41))
	[ "$n" -lt 25 ] && n=25
	[ "$n" -gt 100 ] && n=100
	echo "$n"
}

# console_tail LOG WHY: the error, then the guest console's last lines.
console_tail() {
	echo "qemu-run: $2; last lines of the guest console:" >&2
	tail -n "$(tail_lines "$1")" "$1" 2>/dev/null | tr -d '\r' |
		sed 's/^/    /' >&2
}

# console_text: stdin as printable ASCII lines, no carriage returns or
# escape sequences, so that it can go into JSON.
console_text() {
	LC_ALL=C tr -cd '\11\12\40-\176'
}

# panic_line LOG: the guest console LOG's first "Kernel panic - not
# syncing: WHY" (panic()'s own words, at KERN_EMERG: printed at any
# loglevel), or nothing.
panic_line() {
	grep -a -m1 -o 'Kernel panic - not syncing: .*' "$1" 2>/dev/null |
		console_text
}

# console_json LOG: LOG's last lines (tail_lines) as a JSON array of
# strings.
console_json() {
	local l sep=
	printf '['
	while IFS= read -r l; do
		printf '%s\n    %s' "$sep" "$(json_str "$l")"
		sep=,
	done < <(tail -n "$(tail_lines "$1")" "$1" 2>/dev/null | console_text)
	printf '\n  ]'
}

# meta_interrupted RUN WHY: RUN's meta.json, which a guest stopped mid-run
# left saying "running", says "interrupted" with WHY, as mmbench itself
# writes it after a signal: the collector then takes the finished samples
# for what they are.  A meta.json that says anything else is left alone.
# Its space reserve goes, as mmbench lets it go when it closes a run.
meta_interrupted() {
	local meta=$1/meta.json
	grep -q '^  "status": *"running"' "$meta" 2>/dev/null || return 0
	rm -f "$meta.reserve"
	WHY=$(json_str "$2") awk '
	!done && /^  "status": *"running"/ {
		i = index($0, "\"running\"")
		print substr($0, 1, i - 1) "\"interrupted\","
		print "  \"status_reason\": " ENVIRON["WHY"] substr($0, i + 9)
		done = 1
		next
	}
	{ print }' "$meta" >"$meta.tmp" && mv "$meta.tmp" "$meta"
}

# save_partial RUN RESULTS SHARE WORK: copy RUN from the share to
# RESULTS/<host>/<release>/<run>, with WORK's console log if the guest
# left none; print where it went.
save_partial() {
	local run=$1 results=$2 share=$3 work=$4 rel dest
	[ -n "$run" ] && [ -d "$run" ] || return 0
	mkdir -p "$run/guest"
	[ -f "$run/guest/console.log" ] || cp "$work/console.log" "$run/guest/" 2>/dev/null
	rel=${run#"$share"/results/}
	dest=$results/$rel
	mkdir -p "$(dirname "$dest")" || return 1
	cp -a "$run" "$dest" || return 1
	echo "$dest"
}
