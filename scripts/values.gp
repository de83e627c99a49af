# mmbench: one metric per point, one colour per run, bars = 95% CI of the
# mean.  mmbench sets: datafile base title ylabel nruns runs hasfb
# Data columns: x label, then per run: mean lo hi fallback_mean.
set title title noenhanced
set ylabel ylabel noenhanced
unset xlabel
set grid ytics
set key outside right top vertical noenhanced
set xtics rotate by -30 noenhanced
set offsets 0.5, 0.5, 0, 0
set datafile missing "NaN"
set yrange [0:*]
off(i) = (i - (nruns + 1) / 2.0) * 0.15
col(i, k) = column(2 + 4 * (i - 1) + k)
do for [fmt in "png svg"] {
	if (fmt eq "png") {
		set terminal pngcairo size 1000,600 noenhanced font "sans,10"
	} else {
		set terminal svg size 1000,600 noenhanced font "sans,10" background "white"
	}
	set output base . "." . fmt
	if (hasfb) {
		plot datafile using 1:(NaN):xtic(2) notitle, \
		     for [i=1:nruns] datafile using ($1 + off(i)):(col(i, 1)):(col(i, 2)):(col(i, 3)) \
			with yerrorbars pt 7 ps 1.2 lw 1.5 title word(runs, i), \
		     for [i=1:nruns] datafile using ($1 + off(i)):(col(i, 4)) \
			with points pt 6 ps 2.5 lc rgb "red" notitle, \
		     NaN with points pt 6 ps 2.5 lc rgb "red" title "fallback (not compared)"
	} else {
		plot datafile using 1:(NaN):xtic(2) notitle, \
		     for [i=1:nruns] datafile using ($1 + off(i)):(col(i, 1)):(col(i, 2)):(col(i, 3)) \
			with yerrorbars pt 7 ps 1.2 lw 1.5 title word(runs, i)
	}
	set output
}
