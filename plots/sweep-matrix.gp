# sweep-matrix.gp — a two-parameter sweep as a heat map, each cell labelled with its value.
#
# Table: NAME.sweep-matrix.csv (`dilution sweep` with two --vary), reshaped into one line per cell:
#     column,row,value,label          (column and row are grid positions; the tics carry the input values)
# and, when NAME.sweep-breakeven.csv sits beside it and has the matrix metric's instrument, edgefile: x0,x1,y —
# in each column, the boundary above the highest row at which the instrument's clause fires (the top edge when it
# fires up to the top of the grid, the bottom edge when nowhere), drawn as a dashed line titled edgetitle; and
# notefile (only when some column has such an edge): x,y,label — "not reached" or "fires nowhere" beside it.
# Variables: datafile, outfile, term, title, xlabel, ylabel, cblabel, cbformat,
#            xtics_spec and ytics_spec (gnuplot tic lists: "label" position, …); edgefile, edgetitle and notefile
#            (optional).
load plotsdir.'common.gp'
set title title font ',14'
set xlabel xlabel
set ylabel ylabel
set cblabel cblabel
set format cb cbformat
eval sprintf('set xtics (%s)', xtics_spec)
eval sprintf('set ytics (%s)', ytics_spec)
set grid noytics
set palette defined (0 '#2166ac', 0.5 '#f7f7f7', 1 '#b2182b')
set autoscale xfix
set autoscale yfix
set offsets 0.5, 0.5, 0.5, 0.5
if (!exists("edgefile")) {
    set key off
    plot datafile using 1:2:3 with image, \
         datafile using 1:2:4 with labels font ',10'
} else {
    # The key below the chart, outside the data; room above and below the cells for the notes.
    set key at screen 0.5, 0.01 center bottom horizontal noautotitle samplen 4
    set bmargin 6
    set offsets 0.5, 0.5, 0.8, 0.8
    if (exists("notefile")) {
        plot datafile using 1:2:3 with image, \
             datafile using 1:2:4 with labels font ',10', \
             edgefile using 1:3:($2-$1):(0) with vectors nohead lw 3 dt 2 lc rgb 'black' title edgetitle, \
             notefile using 1:2:3 with labels font ',9' tc rgb '#333333'
    } else {
        plot datafile using 1:2:3 with image, \
             datafile using 1:2:4 with labels font ',10', \
             edgefile using 1:3:($2-$1):(0) with vectors nohead lw 3 dt 2 lc rgb 'black' title edgetitle
    }
}
