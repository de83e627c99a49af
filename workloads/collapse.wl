# collapse.wl: khugepaged and MADV_COLLAPSE, the sweep behind the
# khugepaged mTHP collapse series (Nico Pache) and Lance Yang's
# pre-zeroing numbers.  `mmbench list` shows every parameter.  About 3
# minutes on a 2-core VM.
# make bench WORKLOAD=collapse

# MADV_COLLAPSE latency against the none PTEs of each range: fewer none,
# more to copy (Lance Yang's table: 511, 384, 256, 128 none).
collapse how=madvise none=511,384,256,128,0 mem=64M

# The same through khugepaged: time to collapse, full scans, its CPU.
collapse how=khugepaged none=511,256,0 mem=64M reps=5

# khugepaged's limits: within them it collapses, past them it must not
# (the sample proves which).
collapse how=khugepaged none=256 max_ptes_none=128,384 mem=32M reps=3
collapse how=khugepaged swapped=32,128 mem=32M reps=3
collapse how=khugepaged shared=64,320 mem=32M reps=3
collapse how=madvise swapped=64 shared=64 mem=32M reps=5

# From mTHP folios, and to mTHP sizes where the kernel collapses to them
# (skipped, with the reason, where it does not).
collapse how=madvise,khugepaged from=64K none=0,256 mem=32M reps=5
collapse how=madvise,khugepaged to=64K mem=32M reps=5

# shmem: the file scan (none counts page-cache holes, no shared limit).
# downtime=0: a reader faulting a shmem range can make MADV_COLLAPSE
# fail with EAGAIN (the page count check), an honest but noisy fallback.
collapse how=madvise,khugepaged backing=shmem none=0,256 downtime=0 mem=32M reps=5
