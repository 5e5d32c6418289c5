# simulation-summary.gp — a fan chart of Monte Carlo quantiles: for each class, the p5–p95 band, the
# p25–p75 band, the median (line) and the mean (diamond).
#
# Table: NAME.simulation-summary.csv (`dilution simulate`), reshaped to the chosen metrics (the ownership
# of every class by default):
#     x,class,p5,p25,p50,p75,p95,mean        (in the metric's unit; ownership in percent)
# where class is the class's name (from the table's `name` column; its id in a table without one), cut at 30
# characters.
# Variables: datafile, outfile, term, title, nrows, ylabel, yformat.
load plotsdir.'common.gp'
set title title font ',14'
set ylabel ylabel
set format y yformat
set xlabel 'Class of holder'
set xrange [-0.6:nrows-0.4]
# Names slanted so that long ones never overlap.
set xtics rotate by -20 left
set yrange [0:*]
set style fill solid 1.0 noborder
# The legend below the chart, outside the data.
set key outside right top vertical
plot datafile using 1:5:($1-0.3):($1+0.3):3:7:xtic(2) with boxxyerror fc rgb '#c6dbef' title 'p5–p95', \
     datafile using 1:5:($1-0.3):($1+0.3):4:6 with boxxyerror fc rgb '#6baed6' title 'p25–p75', \
     datafile using 1:5:(0.3):(0) with vectors nohead lw 3 dt 1 lc rgb '#08306b' notitle, \
     datafile using ($1-0.3):5:(0.6):(0) with vectors nohead lw 3 dt 1 lc rgb '#08306b' title 'median', \
     datafile using 1:8 with points pt 13 ps 1.3 lc rgb '#d95f02' title 'mean'
