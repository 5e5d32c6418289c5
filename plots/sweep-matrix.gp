# sweep-matrix.gp — a two-parameter sweep as a heat map, each cell labelled with its value.
#
# Table: NAME.sweep-matrix.csv (`dilution sweep` with two --vary), reshaped into one line per cell:
#     column,row,value,label          (column and row are grid positions; the tics carry the input values)
# Variables: datafile, outfile, term, title, xlabel, ylabel, cblabel, cbformat,
#            xtics_spec and ytics_spec (gnuplot tic lists: "label" position, …).
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
set key off
plot datafile using 1:2:3 with image, \
     datafile using 1:2:4 with labels font ',10'
