# tornado.gp — the tornado chart: each uncertain input at its 10% and 90% quantiles (an event's fixed probability
# at 0 and 1), the others at their medians; largest swing on top.
#
# Table: NAME.tornado.csv (`dilution sweep --tornado`), reshaped into one row per input:
#     y,input,at_low,at_high,left_x,left_label,right_x,right_label
# (y: position, largest swing highest; input: the input's name, from the table's `input_name` column, else its path;
# values in the metric's unit; left_label and right_label: the input's values that give the bar's left and right
# ends, written beside them)
# The title names the metric (the table's `metric_name` column; its id in a table without one).
# Variables: datafile, outfile, term, title, nrows, central (the central value: the table's `central` column;
# NaN only for a table written before it had one), xlabel, xformat.
load plotsdir.'common.gp'
# The title centred on the whole chart, not on the plot area that the inputs' labels push right, so that a long
# metric name never clips.
set label 1 title at screen 0.5, screen 0.955 center font ',14'
set tmargin 3.5
set xlabel xlabel
set format x xformat
set ylabel 'Uncertain input (10% to 90% quantile; a probability 0 to 1)'
set yrange [-0.7:nrows-0.3]
# Room beside the bars for the input values written at their ends.
set offsets graph 0.16, graph 0.16, 0, 0
set ytics 1
set grid xtics noytics lc rgb '#dddddd'
set style fill solid 0.8 border rgb 'white'
# The legend below the chart, outside the data.
set key outside below center vertical maxrows 3 samplen 2
set bmargin 8
min(a,b) = a < b ? a : b
max(a,b) = a > b ? a : b
if (central == central) { set arrow from central, graph 0 to central, graph 1 nohead dt 2 lc rgb '#333333' }
plot datafile using ((min($3,$4)+max($3,$4))/2):1:(min($3,$4)):(max($3,$4)):($1-0.3):($1+0.3):ytic(2) \
         with boxxyerror lt 1 fc rgb '#9ecae1' title 'range of the metric', \
     datafile using 3:1 with points pt 7 ps 1.4 lc rgb '#1b6ca8' title 'low input (p10; probability 0)', \
     datafile using 4:1 with points pt 9 ps 1.6 lc rgb '#d95f02' title 'high input (p90; probability 1)', \
     datafile using 5:1:6 with labels right offset -1.5,0 font ',9' tc rgb '#333333' notitle, \
     datafile using 7:1:8 with labels left offset 1.5,0 font ',9' tc rgb '#333333' notitle
