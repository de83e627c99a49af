# shellcheck shell=bash
# A synthetic series against Debian's linux-source-6.12, shared by the
# slow tests that must see a known change come out of the measurement
# (tests/slow/fault_cost.sh; a per-patch sweep can take the same
# patches).  Source it after tests/integration/kbuild.bash (kb_patch).

# The fixed cost: 1000 nops at the top of do_anonymous_page(), on every
# anonymous fault, before anything else it does.  Under icount that is
# 1000 guest instructions a fault, plus nothing (no branch, no call).
SYN_COST_INSNS=1000
syn_cost_patch() {
	kb_patch "${1:-1}" "${2:-1}" mm/memory.c \
		'/^static vm_fault_t do_anonymous_page(struct vm_fault \*vmf)$/,/File mapping without/{/File mapping without/i\
	asm volatile(".rept 1000\\n\\tnop\\n\\t.endr");\

}' "mm: memory: a fixed cost in every anonymous fault (mmbench test)"
}

# The per-patch sweep's series (tests/slow/series_sweep.sh): five patches,
# of which only the third changes what a workload times.  The others touch
# mm/ as a series does: a comment, 1000 nops in a syscall nothing calls
# during a run, a comment in the file the third patch changed, a line
# printed once at boot.
SYN_SWEEP_MOVER=3
syn_sweep_series() {
	local d=$1
	mkdir -p "$d" || return
	kb_patch 1 5 mm/madvise.c '/^ \* Copyright (C) 2002  Christoph Hellwig$/a\
 * (mmbench test: a comment only.)' \
		"mm: madvise: a comment (mmbench test)" >"$d/0001.patch" &&
	kb_patch 2 5 mm/mlock.c '/^SYSCALL_DEFINE0(munlockall)$/,/^}$/{/^\tint ret;$/a\
	asm volatile(".rept 1000\\n\\tnop\\n\\t.endr");
}' "mm: mlock: a cost in munlockall, which no benchmark calls (mmbench test)" \
		>"$d/0002.patch" &&
	syn_cost_patch 3 5 >"$d/0003.patch" &&
	kb_patch 4 5 mm/memory.c '/^ \*  Copyright (C) 1991, 1992, 1993, 1994  Linus Torvalds$/a\
 *  (mmbench test: a comment only.)' \
		"mm: memory: a comment (mmbench test)" >"$d/0004.patch" &&
	kb_good_patch 5 5 >"$d/0005.patch"
}
