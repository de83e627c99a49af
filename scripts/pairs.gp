# mmbench: what a series buys at each rebase (history --pairs): the
# change of the series run against its base run, a line per swept value
# with its 95% CI as bars, one panel per setting of the other parameters;
# a circle where the change moved significantly from the rebase before.
# mmbench sets, besides panels.gp's: datafile base.  Data: one index per
# panel and swept value: rebase change% lo% hi% step (the change, or NaN).
load gpdir . "/panels.gp"
do for [fmt in terms] {
	eval term(fmt)
	set output base . "." . fmt
	set multiplot title title1 . (title2 eq "" ? "" : "\n" . title2) noenhanced font ",11"
	do for [p=1:npanels] {
		@panel
		set xzeroaxis lt -1 lw 1.2
		set yrange [*<0:0<*]
		set offsets 0, 0, graph 0.05, graph 0.05
		plot for [i=1:nseries] datafile index ((p - 1) * nseries + i - 1) \
			using 1:2:3:4 with yerrorlines lc rgb color(scolor_of[i]) \
			pt ptype(i) ps 0.9 lw 1.5 notitle, \
		     for [i=1:nseries] datafile index ((p - 1) * nseries + i - 1) \
			using 1:5 with points pt 6 ps 2.5 lw 2 lc rgb "black" notitle
		unset xzeroaxis
		set offsets 0, 0, 0, 0
	}
	@keystrip
	plot for [i=1:nseries] 2 with linespoints lc rgb color(scolor_of[i]) \
		pt ptype(i) lw 1.5 title sname[i], \
	     2 with points pt 6 ps 2.5 lw 2 lc rgb "black" title "step: moved from the rebase before"
	unset multiplot
	set output
}
