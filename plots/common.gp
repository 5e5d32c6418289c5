# common.gp — loaded by every script in this folder: terminal, size, fonts, colours, CSV input.
#
# Variables (set with gnuplot -e "…"):
#   outfile   the picture to write (required)
#   term      'pngcairo' (default) or 'svg'
#   width, height   in pixels (default 1000 × 600)
if (!exists("term")) term = 'pngcairo'
if (!exists("width")) width = 1000
if (!exists("height")) height = 600
if (term eq 'svg') {
    set terminal svg size width,height noenhanced font 'Sans,12' background rgb 'white'
} else {
    set terminal pngcairo size width,height noenhanced font 'Sans,11' background rgb 'white'
}
set output outfile

# Our data files are CSV with a header row; an empty or NaN cell is a missing value.
set datafile separator comma
set datafile missing 'NaN'

set border 3 lc rgb '#555555'
set tics nomirror
set grid ytics lc rgb '#dddddd' lt 1
set key outside right top noautotitle box lc rgb '#cccccc'

# A palette that stays distinct in print and for most colour-blind readers.
set linetype 1 lc rgb '#1b6ca8' lw 2 pt 7 ps 0.9
set linetype 2 lc rgb '#d95f02' lw 2 pt 5 ps 0.9
set linetype 3 lc rgb '#1b9e77' lw 2 pt 9 ps 0.9
set linetype 4 lc rgb '#7570b3' lw 2 pt 11 ps 0.9
set linetype 5 lc rgb '#e7298a' lw 2 pt 13 ps 0.9
set linetype 6 lc rgb '#66a61e' lw 2 pt 3 ps 0.9
set linetype 7 lc rgb '#a6761d' lw 2 pt 1 ps 0.9
set linetype 8 lc rgb '#666666' lw 2 pt 2 ps 0.9
set linetype cycle 8
