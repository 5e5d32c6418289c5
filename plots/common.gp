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
# Characters, not bytes: gnuplot sizes a legend from its entries' lengths, and counts '…' or '–' as three bytes
# without this.
set encoding utf8

# Our data files are CSV with a header row; an empty or NaN cell is a missing value.
set datafile separator comma
set datafile missing 'NaN'

set border 3 lc rgb '#555555'
set tics nomirror
set grid ytics lc rgb '#dddddd' lt 1
set key outside right top noautotitle box lc rgb '#cccccc'

# Sixteen colours, none repeated in a chart: Okabe and Ito's eight for colour-blind readers, then eight of Paul
# Tol's muted and light ones (the same list, in the same order, as the board report's SVG charts: ChartPalette).
# Each line type also has its own dash pattern and point type, so that coincident lines stay visible; a table with
# more than sixteen series is folded by `dilution plot` (the smallest into one "other") before it reaches gnuplot.
set linetype 1 lc rgb '#0072B2' lw 2 dt 1 pt 7 ps 0.9
set linetype 2 lc rgb '#E69F00' lw 2 dt 2 pt 5 ps 0.9
set linetype 3 lc rgb '#009E73' lw 2 dt 3 pt 9 ps 0.9
set linetype 4 lc rgb '#CC79A7' lw 2 dt 4 pt 11 ps 0.9
set linetype 5 lc rgb '#56B4E9' lw 2 dt 5 pt 13 ps 0.9
set linetype 6 lc rgb '#D55E00' lw 2 dt 1 pt 3 ps 0.9
set linetype 7 lc rgb '#F0E442' lw 2 dt 2 pt 1 ps 0.9
set linetype 8 lc rgb '#332288' lw 2 dt 3 pt 2 ps 0.9
set linetype 9 lc rgb '#882255' lw 2 dt 4 pt 4 ps 0.9
set linetype 10 lc rgb '#44AA99' lw 2 dt 5 pt 6 ps 0.9
set linetype 11 lc rgb '#999933' lw 2 dt 1 pt 8 ps 0.9
set linetype 12 lc rgb '#AA4499' lw 2 dt 2 pt 10 ps 0.9
set linetype 13 lc rgb '#117733' lw 2 dt 3 pt 12 ps 0.9
set linetype 14 lc rgb '#CC6677' lw 2 dt 4 pt 14 ps 0.9
set linetype 15 lc rgb '#BBBBBB' lw 2 dt 5 pt 7 ps 0.9
set linetype 16 lc rgb '#000000' lw 2 dt 1 pt 5 ps 0.9
set linetype cycle 16
