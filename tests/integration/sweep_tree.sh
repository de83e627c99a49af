#!/bin/bash
# The series sweep's tree (kernel/sweep-tree.bash) on a toy C project, as
# make would see a kernel tree: moving between prefixes, forward, back and
# from a fresh sweep, must never leave a stale object (the program always
# prints what a clean build of that prefix prints), and must not rebuild
# an object whose sources are what it was built from (its mtime stays).
# A patch that does not apply leaves the tree at the prefix before.
# A few seconds; no kernel.
. "$(dirname "$0")/lib.bash"
KB_LIB=$(cd "$(dirname "$0")/../../kernel" && pwd)
command -v patch >/dev/null || fail "patch(1) is missing (make test installs it)"

SRC=$T/src
mkdir -p "$SRC"
cat >"$SRC/Makefile" <<'EOF'
O := mmbench-build
$(O)/prog: $(O)/a.o $(O)/b.o
	cc -o $@ $^
$(O)/a.o: a.c h.h | $(O)
	cc -c -o $@ a.c
$(O)/b.o: b.c | $(O)
	cc -c -o $@ b.c
$(O):
	mkdir -p $@
EOF
printf '#define H 1\n' >"$SRC/h.h"
printf '#include <stdio.h>\n#include "h.h"\nint b(void);\nint main(void) { printf("%%d %%d %%d\\n", H, 10, b()); return 0; }\n' >"$SRC/a.c"
printf 'int b(void) { return 100; }\n' >"$SRC/b.c"
# as an unpacked tarball is marked: the same source from sweep to sweep
echo toy >"$SRC/.mmbench-unpacked"

# mkpatch N FILE SED SUBJECT: patch N of the series, on the tree as the
# patches before it left it.
mkdir -p "$T/work" "$T/series"
cp -a "$SRC/." "$T/work/"
mkpatch() {
	cp "$T/work/$2" "$T/work/$2.new"
	sed -i "$3" "$T/work/$2.new"
	{ printf 'Subject: [PATCH %s/3] %s\n\n---\n' "$1" "$4"
	  diff -u --label "a/$2" --label "b/$2" "$T/work/$2" "$T/work/$2.new"
	} >"$T/series/000$1.patch"
	mv "$T/work/$2.new" "$T/work/$2"
}
mkpatch 1 h.h 's/H 1/H 2/' "h: two"
mkpatch 2 b.c 's/100/200/' "b: two hundred"
mkpatch 3 a.c 's/10,/20,/' "a: twenty"
want=("1 10 100" "2 10 100" "2 10 200" "2 20 200")

# The sweep's globals, as kernel/series-sweep sets them.
# shellcheck source=kernel/build-lib.sh
. "$KB_LIB/build-lib.sh"
# shellcheck source=kernel/build-series.sh
. "$KB_LIB/build-series.sh"
# shellcheck source=kernel/sweep-tree.bash
. "$KB_LIB/sweep-tree.bash"
KOUT=$T/kout SDIR=$T/kout/series.d TREE=$T/kout/src
OBJ=$TREE/mmbench-build SRC_KIND=plain BASE_COMMIT=
mkdir -p "$KOUT"
kb_series_split "$T/series" "$SDIR" 2>/dev/null
[ "$SERIES_COUNT" = 3 ] || fail "the toy series has $SERIES_COUNT patches"
STOPPED='' STOP_RC=0

mtn() { stat -c '%.9Y' "$OBJ/$1"; }
# at K: build the tree (now at prefix K) and check what it prints.
at() {
	make -s -C "$TREE" >/dev/null 2>"$T/make.err" ||
		{ cat "$T/make.err"; fail "the toy does not build at prefix $1"; }
	sw_built
	[ "$("$OBJ/prog")" = "${want[$1]}" ] ||
		fail "prefix $1 prints '$("$OBJ/prog")', a clean build prints '${want[$1]}': a stale object"
}

sw_tree_prepare 2>/dev/null
at 0
sw_goto 3 || fail "goto 3: $STOPPED"
at 3
sleep 1.1	# mtimes a second apart, whatever the file system keeps
a3=$(mtn a.o)
# Back to 1: a.c and b.c go back (rebuilt), h.h is as it was built.
sw_goto 1 || fail "goto 1: $STOPPED"
at 1
[ "$(mtn a.o)" != "$a3" ] || fail "a.o was not rebuilt after a.c went back"
a1=$(mtn a.o) b1=$(mtn b.o)
sleep 1.1
# Forward to 2: only b.c changes; a.o must be left alone.
sw_goto 2 || fail "goto 2: $STOPPED"
at 2
[ "$(mtn a.o)" = "$a1" ] || fail "a.o was rebuilt though a.c and h.h are what it was built from"
[ "$(mtn b.o)" != "$b1" ] || fail "b.o was not rebuilt after b.c changed"
# A fresh sweep starts from the base: everything the patches changed goes
# back, and the objects follow.
sw_tree_prepare 2>/dev/null
[ "$(sw_count)" = 0 ] || fail "prepare left $(sw_count) patches applied"
at 0
cmp -s "$TREE/h.h" "$SRC/h.h" && cmp -s "$TREE/b.c" "$SRC/b.c" ||
	fail "the tree is not the base after prepare"

# A tree that is not what the records say (edited by hand) is copied
# afresh from the source, whose files are older than the objects: the
# ones the objects were not built from must still be rebuilt.
sw_goto 3 || fail "goto 3 again: $STOPPED"
at 3
sed -i 's/200/300/' "$TREE/b.c"
sw_tree_prepare 2>/dev/null
at 0
sw_goto 3 || fail "goto 3 after the copy: $STOPPED"
at 3

# A patch that does not apply: exit 3 named, the tree at the prefix before.
printf 'Subject: [PATCH 4/4] not here\n\n---\n--- a/b.c\n+++ b/b.c\n@@ -1 +1 @@\n-int c(void) { return 1; }\n+int c(void) { return 2; }\n' \
	>"$T/series/0004.patch"
kb_series_split "$T/series" "$SDIR" 2>/dev/null
sw_goto 4 2>/dev/null && fail "a patch that does not apply was applied"
[ "$STOP_RC" = 3 ] || fail "a patch that does not apply: STOP_RC $STOP_RC"
grep -q 'does not apply: patch 4/4 "\[PATCH 4/4\] not here", 0004.patch' <<<"$STOPPED" || fail "the patch is not named: $STOPPED"
[ "$(sw_count)" = 3 ] || fail "the tree is at prefix $(sw_count), not 3"
at 3
echo "ok"
