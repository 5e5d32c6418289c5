# sweep-breakeven.gp — where each protected series' clause fires.
#
# Table: NAME.sweep-breakeven.csv (`dilution sweep`). Reshaped, with mode 'bars' (one swept input):
#     instrument,price before the event,highest adjusting grid value      (dollars)
# or with mode 'lines' (two swept inputs): the second input, then the grid break-even of each series. Series
# are named from the table's `name` column (their ids in a table without one), cut at 30 characters.
# Variables: datafile, outfile, term, title, mode, ncols, xlabel.
load plotsdir.'common.gp'
set title title font ',14'
set ylabel 'Price of the swept issuance ($ per share)'
set format y '$%.2f'
set xlabel xlabel
set key title ''
if (mode eq 'bars') {
    set style data histograms
    set style histogram clustered gap 1
    set style fill solid 0.85 border rgb 'white'
    set yrange [0:*]
    # Labels such as "Series 2-A Convertible Preferred (not reached)" (no break-even on the grid) slanted so that
    # they never overlap.
    set xtics rotate by -20 left
    plot for [i=2:ncols] datafile using i:xtic(1) lt (i-1) dt 1 title columnhead(i)
} else {
    set key title 'Series'
    plot for [i=2:ncols] datafile using 1:i with linespoints lt (i-1) title columnhead(i)
}
