# sweep.gp — a one-parameter sweep: one line per series along the swept input, break-even points marked.
#
# Table: NAME.sweep.csv (`dilution sweep --vary PATH=…`), reshaped into the swept value and one column per
# line (each series' conversion price, or the chosen metric; with two swept inputs, one line per value of
# the second), each column headed by the series' name (from NAME.sweep-names.csv beside the table, else the
# break-even table's `name` column; the metric's id where neither names it):
#     next-raise.price,"Series 2-A Convertible Preferred","Series 5-A Convertible Preferred",…
# and, when NAME.sweep-breakeven.csv sits beside it, markfile: x,y,label — the highest grid value at which
# each series' clause fires, on that series' line; and farfile (only when some clause fires up to the top of
# the grid, so that its break-even is above it): x,y,label — the top of the grid on that series' line,
# marked "not reached".
# Variables: datafile, outfile, term, title, ncols, xlabel, ylabel, xformat, yformat, markfile and farfile
# (optional).
load plotsdir.'common.gp'
set title title font ',14'
set xlabel xlabel
set ylabel ylabel
set format x xformat
set format y yformat
set key title 'Series'
set offsets graph 0.02, graph 0.04, graph 0.06, 0
if (exists("markfile") && exists("farfile")) {
    plot for [i=2:ncols] datafile using 1:i with linespoints lt (i-1) title columnhead(i), \
         markfile using 1:2 with points pt 6 ps 2.5 lw 2 lc rgb 'black' title 'break-even (fires at or below)', \
         farfile using 1:2 with points pt 8 ps 2.5 lw 2 lc rgb 'black' title 'break-even above the grid', \
         farfile using 1:2:3 with labels center offset 0,1.5 font ',9' tc rgb '#333333' notitle
} else {
    if (exists("markfile")) {
        plot for [i=2:ncols] datafile using 1:i with linespoints lt (i-1) title columnhead(i), \
             markfile using 1:2 with points pt 6 ps 2.5 lw 2 lc rgb 'black' title 'break-even (fires at or below)'
    } else {
        plot for [i=2:ncols] datafile using 1:i with linespoints lt (i-1) title columnhead(i)
    }
}
