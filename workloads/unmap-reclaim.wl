# unmap-reclaim.wl: batched unmap and reclaim of large folios, every
# folio size this kernel offers (size=all) and PMD THPs mapped by PTEs
# (pmd-as-pte=1).  The microbenchmarks reviewers of those series run by
# hand; `mmbench list` shows every parameter.  Roughly 20-25 minutes on
# the 2-core VMs (estimated: the 4K/64K/PMD subset in default.wl took
# 201 s for 39 points at reps=5).
# make bench WORKLOAD=unmap-reclaim

# Zapping: munmap, MADV_DONTNEED, and a child's exit.
zap size=all op=munmap,dontneed,exit mem=1G
zap size=pmd op=munmap,dontneed,exit pmd-as-pte=1 mem=1G

# fork() with the region populated, and the write faults after it.
fork size=all op=fork,cow-byte,reuse-byte,child-reuse-byte mem=1G
fork size=pmd op=fork,cow-byte,reuse-byte,child-reuse-byte pmd-as-pte=1 mem=1G

# MADV_FREE, and MADV_PAGEOUT discarding the lazyfree folios, with and
# without redirtying every other folio first.
lazyfree size=all op=free mem=1G
lazyfree size=all op=reclaim redirty=0,1 mem=1G
lazyfree size=pmd op=free,reclaim pmd-as-pte=1 mem=1G

# Reclaim to swap (zram is set up when there is none): MADV_PAGEOUT,
# memcg reclaim of pages shared with a child, and swapping back in.
pageout size=all op=pageout,pageout-forked,swapin mem=256M
pageout size=pmd op=pageout,pageout-forked,swapin pmd-as-pte=1 mem=256M

# Zapping uffd-wp protected shmem, which must leave the markers.
uffd-wp-zap size=all zap=dontneed,remove mem=1G
uffd-wp-zap size=pmd zap=dontneed,remove pmd-as-pte=1 mem=1G
