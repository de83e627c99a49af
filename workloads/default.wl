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

# Scaling: one task, then one per placed CPU, as processes (an mm each)
# and as threads (one mm: mmap_lock, per-VMA locks, TLB shootdowns).
anon-fault size=4K,pmd mode=write tasks=1,all task-mode=process,thread mem=256M reps=3

# MADV_HUGEPAGE regions with the size's knob at madvise.
anon-fault size=64K,pmd mode=write policy=madvise mem=1G

# Batched unmap and reclaim at 4K, 64K and PMD; unmap-reclaim.wl sweeps
# every size.
zap size=4K,64K,pmd op=munmap,dontneed,exit mem=1G reps=5
fork size=4K,64K,pmd op=fork,cow-byte,reuse-byte,child-reuse-byte mem=1G reps=5
lazyfree size=4K,64K,pmd op=free,reclaim mem=1G reps=5
pageout size=4K,64K,pmd op=pageout,pageout-forked,swapin mem=256M reps=5
uffd-wp-zap size=4K,64K,pmd zap=dontneed mem=1G reps=5

# Collapse: MADV_COLLAPSE against none PTEs, and khugepaged; collapse.wl
# has the whole sweep.
collapse how=madvise none=511,256,0 mem=64M reps=5
collapse how=khugepaged none=0 mem=64M reps=5

# DAX holes, where $MMBENCH_PMEM_DIR names an fsdax directory (a skip
# elsewhere); dax.wl has every op.
dax-hole op=read,write-upgrade,private-write,fork pmd=1,0 mem=256M reps=5

# Page-table walks over swap entries and guards; walk.wl crosses every
# state with every op.
walk state=present,swapped,guard op=pagemap,mprotect,fork,munmap mem=64M reps=5
