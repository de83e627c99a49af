# mmbench: one metric against the swept parameter, a line per run with
# the 95% CI of each mean as bars, one panel per setting of the other
# parameters; a log y axis in panels whose values span more than 10x.
# mmbench sets, besides panels.gp's: datafile base nruns hasfb logy[]
# ymin0[].  Data: one index per panel and run: x mean lo hi fallback.
load gpdir . "/panels.gp"
do for [fmt in terms] {
	eval term(fmt)
	set output base . "." . fmt
	set multiplot title title1 . (title2 eq "" ? "" : "\n" . title2) noenhanced font ",11"
	do for [p=1:npanels] {
		@panel
		if (logy[p]) {
			set logscale y
			set yrange [*:*]
		} else {
			if (ymin0[p]) { set yrange [0:*] } else { set yrange [*:*] }
		}
		plot for [i=1:nruns] datafile index ((p - 1) * nruns + i - 1) \
			using 1:2:3:4 with yerrorlines lc rgb color(scolor_of[i]) \
			pt ptype(i) ps 0.9 lw 1.5 notitle, \
		     for [i=1:nruns] datafile index ((p - 1) * nruns + i - 1) \
			using 1:5 with points pt 6 ps 2 lw 1.5 lc rgb "red" notitle
	}
	@keystrip
	if (hasfb) {
		plot for [i=1:nseries] 2 with linespoints lc rgb color(scolor_of[i]) \
			pt ptype(i) lw 1.5 title sname[i], \
		     2 with points pt 6 ps 2 lw 1.5 lc rgb "red" title "fallback (not compared)"
	} else {
		plot for [i=1:nseries] 2 with linespoints lc rgb color(scolor_of[i]) \
			pt ptype(i) lw 1.5 title sname[i]
	}
	unset multiplot
	set output
}
