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
