# dax.wl: faults on fsdax file holes (David Hildenbrand's huge zero folio
# in DAX PMD holes), every op at PMD alignment and at the 4K baseline.
# Needs a directory on an fsdax mount: dir= or $MMBENCH_PMEM_DIR
# (scripts/pmem-setup makes one); without it every point is a skip.
# make bench WORKLOAD=dax

dax-hole op=read,write-upgrade,write,private-write pmd=1,0 mem=256M
dax-hole op=zap-munmap,zap-dontneed,fork,fork-private pmd=1,0 mem=256M
# GUP of the huge zero PMDs: O_DIRECT into gupdir= (not on the DAX mount nor
# tmpfs: O_DIRECT there copies and pins nothing; those skip).
dax-hole op=gup pmd=1,0 mem=256M reps=5
