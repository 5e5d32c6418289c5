# compare.gp — the variant comparison: each class's ownership in the base and every variant (grouped bars,
# above) and each variant's change from the base (below).
#
# Table: NAME.compare.csv (`dilution compare`), reshaped into
#     datafile:  class,base,variant…          (ownership in percent, or the chosen metric)
# (class: the class's name, from the table's `name` column; its id in a table without one; names and
# variants cut at 30 characters)
#     deltafile: class,variant…               (variant − base, in percentage points)
# Variables: datafile, deltafile, outfile, term, title, ncols, ylabel, dlabel, yformat, dformat.
if (!exists("height")) height = 800
load plotsdir.'common.gp'
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border rgb 'white'
set multiplot layout 2,1 title title font ',14'
set ylabel ylabel
set format y yformat
set yrange [0:*]
# Names slanted so that long ones never overlap.
set xtics rotate by -20 left
set key title 'Scenario'
plot for [i=2:ncols] datafile using i:xtic(1) lt (i-1) dt 1 title columnhead(i)
set ylabel dlabel
set format y dformat
set yrange [*:*]
set xzeroaxis lt -1
set key title 'Variant − base'
plot for [i=2:ncols-1] deltafile using i:xtic(1) lt (i) dt 1 title columnhead(i)
unset multiplot
