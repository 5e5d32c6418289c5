/// The colours of every chart the tool draws, in the SVG of the board report and in the gnuplot scripts of `plots/`
/// (`plots/common.gp` lists the same sixteen, in the same order).
///
/// Okabe and Ito's eight colours for colour-blind readers (black last, so that it is used only by large charts),
/// then eight of Paul Tol's muted and light colours that stay apart from them. A chart never repeats a colour: one
/// with more series than colours folds the smallest into one "other" series (see `Chart.limited`).
public enum ChartPalette {
    public static let colours: [String] = [
        "#0072B2",  // blue
        "#E69F00",  // orange
        "#009E73",  // bluish green
        "#CC79A7",  // reddish purple
        "#56B4E9",  // sky blue
        "#D55E00",  // vermillion
        "#F0E442",  // yellow
        "#332288",  // indigo (Tol)
        "#882255",  // wine (Tol)
        "#44AA99",  // teal (Tol)
        "#999933",  // olive (Tol)
        "#AA4499",  // purple (Tol)
        "#117733",  // green (Tol)
        "#CC6677",  // rose (Tol)
        "#BBBBBB",  // light grey (Tol)
        "#000000",  // black
    ]

    /// The colour of the series at `index` (0-based); `index` must be below `colours.count`.
    public static func colour(_ index: Int) -> String { colours[index] }

    /// Dash patterns for lines, so that coincident or neighbouring lines stay apart without colour.
    static let dashes: [String] = ["", "7 4", "2 3", "10 3 2 3", "4 4", "12 4", "2 6", "6 2 2 2 2 2"]
}
