# quick.wl: a smoke run, under 2 minutes on a 2-core machine.
# make bench WORKLOAD=quick
anon-fault size=4K,64K,pmd mode=write mem=256M reps=5
anon-fault size=pmd mode=read mem=256M reps=5
zap size=64K,pmd op=munmap mem=256M reps=5
collapse how=madvise none=256 mem=32M reps=5
walk state=swapped op=pagemap mem=16M reps=3
