# default.wl: what `make bench` runs.  One benchmark invocation per line,
# comma lists sweep a parameter; `mmbench list` shows every parameter.
# size=all is every folio size this kernel offers for anonymous memory
# (4K, each hugepages-<N>kB, the PMD size); size=pmd is the PMD size.

# First-touch write faults and MADV_POPULATE_WRITE, every size.
anon-fault size=all mode=write mem=1G
anon-fault size=all mode=populate mem=1G

# Read faults: the 4K zero page, the huge zero folio, and PMD allocation
# when use_zero_page=0.
anon-fault size=4K,pmd mode=read mem=1G
anon-fault size=pmd mode=read use_zero_page=0 mem=1G

# MADV_HUGEPAGE regions with the size's knob at madvise.
anon-fault size=64K,pmd mode=write policy=madvise mem=1G
