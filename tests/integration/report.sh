#!/bin/bash
# mmbench report: report.md (the summary, the setup differences, the
# graphs linked) and a self-contained report.html (inline SVG, nothing
# fetched), rendered by headless Chromium: the page shows the tables and
# the graphs.  The runs are written here; nothing is run.
. "$(dirname "$0")/lib.bash"
command -v gnuplot >/dev/null || skip "gnuplot missing (scripts/deps.sh installs gnuplot-nox)"

# write_run DIR LABEL CPU FASTER: anon-fault by size in two modes, walk
# by op in two states; FASTER multiplies throughput at 64K and 2M.
write_run() {
	python3 - "$@" <<'PY'
import json, sys
d, label, cpu, faster = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
json.dump({"label": label, "status": "complete", "timebase": "wall",
           "started": "2026-11-23T0%d:00:00+0000" % (1 + (label != "base")),
           "kernel": {"release": "6.18.0-test", "cmdline": "ro"},
           "cpu": {"model": cpu}}, open(d + "/meta.json", "w"))
with open(d + "/samples.jsonl", "w") as o:
    for mode in ("write", "populate"):
        for k, size in enumerate(("4K", "64K", "2M")):
            for rep in range(5):
                gbs = (2, 6, 11)[k] * (faster if k else 1) * (1 + 0.01 * rep)
                o.write(json.dumps({"bench": "anon-fault", "params": {
                    "size": size, "mode": mode, "mem": "64M"}, "rep": rep,
                    "fallback": False, "metrics": {
                    "throughput": {"value": gbs, "unit": "GB/s",
                                   "better": "higher", "mean": "harmonic"},
                    "ns_per_fault": {"value": 4096 / gbs, "unit": "ns",
                                     "better": "lower", "mean": "arithmetic"}}}) + "\n")
    for state in ("present", "swapped"):
        for k, op in enumerate(("pagemap", "mprotect", "fork")):
            for rep in range(5):
                o.write(json.dumps({"bench": "walk", "params": {
                    "state": state, "op": op, "mem": "16M"}, "rep": rep,
                    "fallback": False, "metrics": {"time": {
                    "value": 100 * (k + 1) + rep, "unit": "us",
                    "better": "lower", "mean": "arithmetic"}}}) + "\n")
PY
}

mkdir "$T/a" "$T/b" || fail "mkdir"
write_run "$T/a" base "CPU one" 1.0
write_run "$T/b" series "CPU two" 1.25

run_mb rep report "$T/a" "$T/b" --out "$T/rep"
[ "$RC" = 0 ] || { show rep; fail "report exited $RC"; }
[ "$(cat "$T/rep.out")" = "$T/rep/report.md
$T/rep/report.html" ] || { show rep; fail "report did not say where it went"; }

# report.md: the summary tables, the setup differences, the graphs linked
md=$T/rep/report.md
grep -q '^# mmbench report: base vs series$' "$md" || fail "report.md title"
grep -q '^| | size | A base | B series |$' "$md" || fail "report.md: no summary table"
grep -q '^|  | 64K | .* \*\*+25.0% ++\*\* |$' "$md" || fail "report.md: no marked change"
grep -q '^- `cpu.model: A=CPU one B=CPU two`$' "$md" || fail "report.md: no setup differences"
links=$(grep -o '](\([^)]*\)\.svg)' "$md" | sed 's/^](//; s/)$//')
[ "$(echo "$links" | wc -l)" = 4 ] || fail "report.md: want 4 graphs linked, got: $links"
for l in $links; do
	[ -s "$T/rep/$l" ] || fail "report.md links $l, which is not there"
done
echo "$links" | grep -qx 'anon-fault-throughput-by-size.svg' || fail "no graph by size"
echo "$links" | grep -qx 'walk-time-change-by-op.svg' || fail "no change graph of walk"

# report.html: self-contained, the same tables, every graph inline
html=$T/rep/report.html
[ "$(grep -o '<svg' "$html" | wc -l)" = 4 ] || fail "report.html: want 4 inline SVGs"
grep -Eiq '<script|<link|<img|<iframe|@import|(src|href)="?https?:|url\(https?:' "$html" &&
	fail "report.html loads something from elsewhere"
grep -q '<h3>anon-fault throughput (GB/s, higher is better)</h3>' "$html" || fail "report.html: no section"
grep -q '<td class="n">64K</td>' "$html" || fail "report.html: no row per size"
grep -q '<span class="better">+25.0% ++</span>' "$html" || fail "report.html: no marked change"

# Chromium, headless, renders it: the DOM holds the tables and the
# graphs, and the screenshot shows text, and the runs' colours in the
# graphs (A #1f5fbf, B #e06c00; the tables use neither).
chrome=$(command -v chromium || command -v chromium-browser || command -v google-chrome) ||
	skip "chromium missing (Debian's chromium package): report.html not rendered; the rest passed"
browse() {
	timeout 120 "$chrome" --headless --no-sandbox --disable-gpu --hide-scrollbars \
		--user-data-dir="$T/chrome" --window-size=1200,2200 "$@" \
		"file://$html" 2>>"$T/chrome.err"
}
browse --dump-dom >"$T/dom.html" || { cat "$T/chrome.err"; fail "chromium --dump-dom failed"; }
grep -q '<table>' "$T/dom.html" || fail "the rendered page has no table"
[ "$(grep -o '<svg' "$T/dom.html" | wc -l)" = 4 ] || fail "the rendered page lacks the graphs"
browse --screenshot="$T/shot.png" >/dev/null || { cat "$T/chrome.err"; fail "chromium --screenshot failed"; }
python3 - "$T/shot.png" <<'PY' || fail "the screenshot does not show the page"
import struct, sys, zlib
b = open(sys.argv[1], "rb").read()
assert b[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
pos, idat = 8, b""
while pos < len(b):
    n, t = struct.unpack(">I4s", b[pos:pos + 8])
    if t == b"IHDR":
        w, h, depth, ctype = struct.unpack(">IIBB", b[pos + 8:pos + 18])
    elif t == b"IDAT":
        idat += b[pos + 8:pos + 8 + n]
    pos += 12 + n
assert depth == 8 and ctype in (2, 6), (depth, ctype)
bpp = 3 if ctype == 2 else 4
raw, stride = zlib.decompress(idat), w * bpp
prev, dark, blue, orange, top = bytearray(stride), 0, 0, 0, 0
for y in range(h):
    f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for x in range(stride):
        a = line[x - bpp] if x >= bpp else 0
        c = prev[x - bpp] if x >= bpp else 0
        if f == 1: line[x] = (line[x] + a) & 255
        elif f == 2: line[x] = (line[x] + prev[x]) & 255
        elif f == 3: line[x] = (line[x] + (a + prev[x]) // 2) & 255
        elif f == 4:
            p = a + prev[x] - c
            pa, pb, pc = abs(p - a), abs(p - prev[x]), abs(p - c)
            line[x] = (line[x] + (a if pa <= pb and pa <= pc else prev[x] if pb <= pc else c)) & 255
    prev = line
    for x in range(0, stride, bpp * 2):
        r, g, bl = line[x], line[x + 1], line[x + 2]
        if r + g + bl < 200:
            dark += 1
            top += y < 400
        if abs(r - 0x1f) < 40 and abs(g - 0x5f) < 40 and abs(bl - 0xbf) < 40:
            blue += 1
        if abs(r - 0xe0) < 40 and abs(g - 0x6c) < 40 and bl < 60:
            orange += 1
print("dark %d (top %d) blue %d orange %d" % (dark, top, blue, orange))
assert top > 500, "no text at the top"
assert blue > 50 and orange > 50, "no graph drawn"
PY
echo "ok"
