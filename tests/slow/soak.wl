# The soak's short unmap/reclaim workload (make test-soak): every op of
# the unmap and reclaim benchmarks at 4K and PMD size, small regions and
# few reps, so a random SIGKILL lands in setup, a timed region, verify,
# zram and memory cgroup setup alike.  10-20 s on a 2-core VM.
zap size=4K,pmd op=munmap,dontneed,exit mem=64M reps=3 warmup=1
fork size=4K,pmd op=fork,cow-byte,reuse-byte mem=64M reps=3 warmup=1
lazyfree size=4K,pmd op=free,reclaim mem=64M reps=3 warmup=1
pageout size=4K,pmd op=pageout,pageout-forked,swapin mem=32M reps=3 warmup=1
