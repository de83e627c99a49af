# mmbench: relative change of one metric per point against run A, whiskers
# = its 95% CI.  mmbench sets: datafile base title ylabel nruns runs higher
# Data columns: x label, 4 per run (values), then per run after A:
# change% lo% hi%.
set title title . (higher ? " (up is better)" : " (down is better)") noenhanced
set ylabel ylabel noenhanced
unset xlabel
set grid ytics
set key outside right top vertical noenhanced
set xtics rotate by -30 noenhanced
set offsets 0.5, 0.5, 0, 0
set datafile missing "NaN"
set xzeroaxis lt -1 lw 1.5
off(i) = (i - (nruns + 2) / 2.0) * 0.15
col(i, k) = column(2 + 4 * nruns + 3 * (i - 2) + k)
do for [fmt in "png svg"] {
	if (fmt eq "png") {
		set terminal pngcairo size 1000,600 noenhanced font "sans,10"
	} else {
		set terminal svg size 1000,600 noenhanced font "sans,10" background "white"
	}
	set output base . "." . fmt
	plot datafile using 1:(NaN):xtic(2) notitle, \
	     for [i=2:nruns] datafile using ($1 + off(i)):(col(i, 1)):(col(i, 2)):(col(i, 3)) \
		with yerrorbars pt 7 ps 1.2 lw 1.5 title word(runs, i) . " vs " . word(runs, 1)
	set output
}
