# captable.gp — fully diluted ownership of each holder, initially and after each event: stacked bars.
#
# Table: NAME.captable.csv (`dilution run`), reshaped into one row per event and one column per holder:
#     event,common,series-2a,…          (ownership in percent of fully diluted shares; each row sums to 100)
# Variables: datafile, outfile, term, title, ncols; note (optional: the instruments with nothing outstanding that
# the table credits with the common they received on conversion or exercise, written below the chart).
load plotsdir.'common.gp'
set title title font ',14'
set xlabel 'Cap table (initial, then after each event)'
set ylabel 'Fully diluted ownership (%)'
set format y '%g%%'
set yrange [0:100]
set style data histograms
set style histogram rowstacked
set style fill solid 0.85 border rgb 'white'
set boxwidth 0.6
set xtics rotate by -20 left
set key title 'Holder'
if (exists("note")) { set label 1 note at screen 0.01, screen 0.015 left font ',9' tc rgb '#333333'; set bmargin 8 }
plot for [i=2:ncols] datafile using i:xtic(1) lt (i-1) dt 1 title columnhead(i)
