# timeline.gp — conversion prices per series as steps over the events.
#
# Table: NAME.timeline.csv (`dilution run`), reshaped by `dilution plot` into one row per point in time
# ("before", then after each event) and one column per priced instrument:
#     x,event,series-2a,series-5a,…        (prices in dollars; NaN where the series does not exist yet)
# (the columns are headed by the instruments' names from the table's `name` column)
# Variables: datafile, outfile, term, title, ncols (number of columns), logy (1: logarithmic price axis),
# splits and splitlabels (x positions and event types of the splits, as words; may be empty).
load plotsdir.'common.gp'
if (!exists("logy")) logy = 0
set title title font ',14'
set xlabel 'Event (effective date)'
set ylabel 'Conversion or exercise price ($ per share)'
set format y '$%.2f'
if (logy) { set logscale y; set ytics format '$%.2f'; set mytics 10 }
set xtics rotate by -20 left
set offsets 0.3, 0.3, 0, 0
set key title 'Series'
# Splits (and reverse splits, stock dividends): a dotted line and the event's type, since every price jumps there
# without an adjustment. `splits` lists their x positions and `splitlabels` their types, as words.
if (!exists("splits")) splits = ''
if (!exists("splitlabels")) splitlabels = ''
do for [k=1:words(splits)] {
    sx = word(splits, k) + 0
    set arrow from sx, graph 0 to sx, graph 1 nohead dt 3 lw 1.5 lc rgb '#555555'
    set label word(splitlabels, k) at sx, graph 0.98 right offset -0.5,0 font ',9' tc rgb '#555555'
}
# A price holds from one point in time to the next: steps, with a marker at each point.
plot for [i=3:ncols] datafile using 1:i:xtic(2) with steps lt (i-2) notitle, \
     for [i=3:ncols] datafile using 1:i with points lt (i-2) title columnhead(i)
