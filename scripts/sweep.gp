# mmbench: a series sweep (kernel/series-sweep): each point's headline
# metric per prefix of the series, as its change from the base in %, one
# line per point; a step in a line is the patch that moved it.
# kernel/sweep-report sets: datafile base npoints xt (xtics) title1.
# Data: a header row of point names, then prefix and one column per point.
array palette[8] = ["#1f5fbf", "#e06c00", "#2a9d3a", "#c0307f", \
		    "#6b4fbf", "#7f7f7f", "#b8860b", "#008b8b"]
array ptypes[8] = [7, 5, 9, 11, 13, 15, 4, 6]
color(i) = palette[(i - 1) % 8 + 1]
ptype(i) = ptypes[(i - 1) % 8 + 1]
set datafile missing "NaN"
set terminal pngcairo size 960,560 noenhanced font "sans,9"
set output base . ".png"
set title title1 noenhanced font ",11"
set border 3
set grid
set xtics nomirror
eval "set xtics " . xt
set ytics nomirror
set xlabel "prefix of the series (patches applied)"
set ylabel "change from the base, % (up is better: faster, less time)"
set xzeroaxis lt -1 lw 1.2
set yrange [*<-1:1<*]
set offsets 0.2, 0.2, graph 0.05, graph 0.05
set key outside below noenhanced font ",9" maxrows 4
plot for [i=1:npoints] datafile using 1:(column(i + 1)) \
	with linespoints lc rgb color(i) pt ptype(i) ps 1.1 lw 1.5 \
	title columnheader(i + 1)
set output
