# sweep.gp — a one-parameter sweep: one line per series along the swept input, break-even points marked.
#
# Table: NAME.sweep.csv (`dilution sweep --vary PATH=…`), reshaped into the swept value and one column per
# line (each series' conversion price, or the chosen metric; with two swept inputs, one line per value of
# the second):
#     next-raise.price,series-2a.price,series-5a.price,…
# and, when NAME.sweep-breakeven.csv sits beside it, markfile: x,y,label — the highest grid value at which
# each series' clause fires, on that series' line.
# Variables: datafile, outfile, term, title, ncols, xlabel, ylabel, xformat, yformat, markfile (optional).
load plotsdir.'common.gp'
set title title font ',14'
set xlabel xlabel
set ylabel ylabel
set format x xformat
set format y yformat
set key title 'Series'
if (exists("markfile")) {
    plot for [i=2:ncols] datafile using 1:i with linespoints lt (i-1) title columnhead(i), \
         markfile using 1:2 with points pt 6 ps 2.5 lw 2 lc rgb 'black' title 'break-even (clause fires at or below)'
} else {
    plot for [i=2:ncols] datafile using 1:i with linespoints lt (i-1) title columnhead(i)
}
