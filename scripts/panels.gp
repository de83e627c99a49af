# mmbench: what every small-multiples graph shares, loaded by values.gp,
# change.gp and pairs.gp.  mmbench sets: width height npanels ncols nrows
# title1 title2 tlines (the title's lines) krows (the key's) ptitle[] nseries sname[] scolor_of[] xlabel ylabel xtics
# xrot xlog xmin xmax.  Panels fill a grid under the title; the key is a strip
# of its own at the bottom, so it never covers a line.
array palette[8] = ["#1f5fbf", "#e06c00", "#2a9d3a", "#c0307f", \
		    "#6b4fbf", "#7f7f7f", "#b8860b", "#008b8b"]
array ptypes[8] = [7, 5, 9, 11, 13, 15, 4, 6]
color(i) = palette[(i - 1) % 8 + 1]
ptype(i) = ptypes[(i - 1) % 8 + 1]
# In screen fractions: the title's band, the key's strip, one panel.
tband = (16.0 + 18.0 * tlines) / height
kband = (14.0 + 18.0 * krows) / height
pw = 1.0 / ncols
ph = (1.0 - tband - kband) / nrows
set datafile missing "NaN"
unset key

# Put panel p in its place and give it its frame, title and axes' labels
# (all of them: the key strip of the PNG before unset them).
panel = 'set origin ((p - 1) % ncols) * pw, 1 - tband - ((p - 1) / ncols + 1) * ph; \
	 set border 3; set grid; set ytics nomirror font ",9"; unset key; \
	 set lmargin 12; set rmargin 3; set tmargin 2.2; \
	 set size pw, ph; set title ptitle[p] noenhanced font ",10"; \
	 set xlabel xlabel noenhanced font ",9" offset 0,0.3; \
	 set ylabel ((p - 1) % ncols == 0 || npanels == 1 ? ylabel : "") noenhanced font ",9"; \
	 unset logscale; unset xtics; set xtics nomirror font ",9"; @xtics; \
	 if (xrot) { set xtics rotate by 40 right; set bmargin 6 } else { set bmargin 3.8 }; \
	 set xrange [xmin:xmax]; if (xlog) { set logscale x 2 }'

# The key: one entry per series, centred in its strip; the series are
# drawn at y = 2, below the strip's range, so only their samples show.
keystrip = 'set origin 0, 0; set size 1, kband; unset title; unset border; \
	    unset tics; unset xlabel; unset ylabel; unset logscale; unset grid; \
	    set xrange [0:1]; set yrange [3:4]; set lmargin 1; set rmargin 1; \
	    set tmargin 0; set bmargin 0; \
	    set key horizontal center center noenhanced samplen 2 font ",9"'

terms = "png svg"
term(fmt) = fmt eq "png" ? \
	sprintf("set terminal pngcairo size %d,%d noenhanced font \"sans,9\"", width, height) : \
	sprintf("set terminal svg size %d,%d noenhanced font \"sans,9\" background \"white\"", width, height)
