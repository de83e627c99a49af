# mmbench: one metric against tasks=, one curve per run and setting of the
# other parameters, bars = 95% CI.  mmbench sets: datafile base title
# ylabel ncurves titles.  Data: one block per curve: tasks mean lo hi.
set title title noenhanced
set ylabel ylabel noenhanced
set xlabel "tasks" noenhanced
set logscale x 2
set grid
set key outside right top vertical noenhanced
set datafile missing "NaN"
set yrange [0:*]
do for [fmt in "png svg"] {
	if (fmt eq "png") {
		set terminal pngcairo size 1000,600 noenhanced font "sans,10"
	} else {
		set terminal svg size 1000,600 noenhanced font "sans,10" background "white"
	}
	set output base . "." . fmt
	plot for [i=0:ncurves-1] datafile index i using 1:2:3:4 \
		with yerrorlines pt 7 lw 1.5 title word(titles, i + 1)
	set output
}
