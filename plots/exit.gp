# exit.gp — the liquidation waterfall: each class's payout stacked against the exit value, breakpoints marked.
#
# Table: NAME.exit.csv (`dilution exit --at …`), reshaped into one row per exit value and one column per class
# (the carve-out first when there is one), in $ millions:
#     exit_value,"Series B","Series A",Common,…
# and, when NAME.exit-breakpoints.csv sits beside it, markfile: x,y,label,label_x — each breakpoint's exit value,
# the top of the chart, the class and event, and where its label goes: a dashed line at x (breakpoints at the
# same exit value share it) and each label beside it at label_x, moved apart where breakpoints fall close together
# so that labels never overlap.
# Variables: datafile, outfile, term, title, ncols, markfile (optional).
load plotsdir.'common.gp'
set title title font ',14'
set xlabel 'Exit value ($ millions)'
set ylabel 'Payout ($ millions)'
set format x '%g'
set format y '%g'
set key title 'Class' reverse
set style fill solid 0.8 noborder
set yrange [0:*]
# Layers from the top of the stack down, each a sum of the columns up to it.
if (exists("markfile")) {
    plot for [i=ncols:2:-1] datafile using 1:(sum [j=2:i] column(j)) with filledcurves x1 lt (i-1) dt 1 title columnhead(i), \
         markfile using 1:2:(0):(-$2) with vectors nohead dt 2 lw 1 lc rgb '#333333' title 'breakpoint', \
         markfile using 4:2:3 with labels rotate by 90 right offset 0.8,-0.5 font ',8' tc rgb '#333333' notitle
} else {
    plot for [i=ncols:2:-1] datafile using 1:(sum [j=2:i] column(j)) with filledcurves x1 lt (i-1) dt 1 title columnhead(i)
}
