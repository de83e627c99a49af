# mmbench: each later run's change against A as bars per swept value,
# whiskers = the 95% CI of the change, ++/-- where it excludes 0 (beyond
# the whisker, away from 0), one
# panel per setting of the other parameters.  mmbench sets, besides
# panels.gp's: datafile base.  Data: one index per panel: slot, then per
# later run: change% lo% hi% "mark".
load gpdir . "/panels.gp"
bw = 0.8 / nseries
off(i) = (i - 1 - (nseries - 1) / 2.0) * bw
col(i, k) = 1 + 4 * (i - 1) + k
do for [fmt in terms] {
	eval term(fmt)
	set output base . "." . fmt
	set multiplot title title1 . (title2 eq "" ? "" : "\n" . title2) noenhanced font ",11"
	do for [p=1:npanels] {
		@panel
		set grid noxtics ytics
		set yrange [*<0:0<*]
		set offsets 0, 0, graph 0.1, graph 0.1
		set xzeroaxis lt -1 lw 1.2
		set style fill solid 0.75 border -1
		plot for [i=1:nseries] datafile index (p - 1) \
			using ($1 + off(i)):(column(col(i, 1))):(column(col(i, 2))):(column(col(i, 3))):(bw * 0.9) \
			with boxerrorbars lc rgb color(scolor_of[i]) notitle, \
		     for [i=1:nseries] datafile index (p - 1) \
			using ($1 + off(i)):(column(col(i, 1)) >= 0 ? column(col(i, 3)) : NaN):(stringcolumn(col(i, 4))) \
			with labels offset 0, 0.6 font ",9" notitle, \
		     for [i=1:nseries] datafile index (p - 1) \
			using ($1 + off(i)):(column(col(i, 1)) < 0 ? column(col(i, 2)) : NaN):(stringcolumn(col(i, 4))) \
			with labels offset 0, -0.6 font ",9" notitle
		unset xzeroaxis
		set offsets 0, 0, 0, 0
		set grid xtics ytics
	}
	@keystrip
	set style fill solid 0.75 border -1
	plot for [i=1:nseries] 2 with boxes lc rgb color(scolor_of[i]) title sname[i]
	unset multiplot
	set output
}
