# mmbench: the trend of one metric across runs: median with its 95% CI as
# a band, significant steps from the previous run marked.  mmbench sets:
# datafile base title ylabel.  Data: x label median lo hi improved regressed
set title title noenhanced
set ylabel ylabel noenhanced
unset xlabel
set grid ytics
set key outside right top vertical noenhanced
set xtics rotate by -30 noenhanced
set offsets 0.3, 0.3, 0, 0
set datafile missing "NaN"
do for [fmt in "png svg"] {
	if (fmt eq "png") {
		set terminal pngcairo size 1000,600 noenhanced font "sans,10"
	} else {
		set terminal svg size 1000,600 noenhanced font "sans,10" background "white"
	}
	set output base . "." . fmt
	plot datafile using 1:4:5 with filledcurves fc rgb "#c8d8f0" title "95% CI of the median", \
	     datafile using 1:3:xtic(2) with linespoints pt 7 lw 2 lc rgb "#2050a0" title "median", \
	     datafile using 1:6 with points pt 9 ps 2.5 lc rgb "#208020" title "significant improvement", \
	     datafile using 1:7 with points pt 11 ps 2.5 lc rgb "#c02020" title "significant regression"
	set output
}
