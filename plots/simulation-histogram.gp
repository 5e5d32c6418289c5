# simulation-histogram.gp — the distribution of one Monte Carlo metric.
#
# Table: NAME.simulation-histogram.csv (`dilution simulate`), reshaped to the bins of one metric:
#     low,high,count        (bin edges in the metric's unit: dollars, or percent for ownership)
# The title names the metric (the table's `name` column, when it has one).
# Variables: datafile, outfile, term, title, xlabel, xformat.
load plotsdir.'common.gp'
set title title font ',14'
set xlabel xlabel
set format x xformat
set ylabel 'Simulated paths'
set yrange [0:*]
set style fill solid 0.8 border rgb 'white'
set key off
plot datafile using (($1+$2)/2):3:($2-$1) with boxes lt 1
