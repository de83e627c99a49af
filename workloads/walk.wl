# walk.wl: page-table walkers over non-present and special entries, the
# no-regression family for the leaf-entry (softleaf_t) and
# vm_normal_page() series.  Every state crossed with every op; a state or
# op a kernel or backing lacks is a skip with the reason.
# make bench WORKLOAD=walk

walk backing=anon state=present,swapped,guard,zero,mixed op=smaps,smaps_rollup,pagemap,pagemap-scan,mincore,mprotect,mremap,fork,munmap,dontneed,swapin mem=64M reps=5
walk backing=shmem state=present,swapped,uffd-wp,guard op=smaps,smaps_rollup,pagemap,pagemap-scan,mincore,mprotect,mremap,fork,munmap,dontneed,swapin mem=64M reps=5
# The huge zero folio and PMD-mapped THPs: the PMD-level walkers.
walk backing=anon state=present,zero size=pmd op=smaps,pagemap,pagemap-scan,mincore,mprotect,fork,munmap mem=64M reps=5
