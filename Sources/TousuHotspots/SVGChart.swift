/// Inline SVG bar charts of a hotspot's series: the current window in red, windows Kleinberg
/// puts in the burst state in orange, the rest grey, the current expectation as a dashed line.
enum SVGChart {
    /// A chart `width`×`height` px; `labels` adds the first and last dates under the bars.
    static func bars(_ h: Hotspot, width: Int = 560, height: Int = 130, labels: Bool = true) -> String {
        let points = h.series
        let n = max(points.count, 1)
        let top = 6.0, bottom = labels ? 18.0 : 2.0
        let plot = Double(height) - top - bottom
        let maxValue = max(Double(points.map(\.count).max() ?? 0), h.expected, 1)
        let slot = Double(width) / Double(n)
        let barWidth = max(1, slot * 0.75)
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" "
            + "viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-label=\"\(HTMLRenderer.escape(h.title))\">"
        for (i, p) in points.enumerated() {
            let barHeight = plot * Double(p.count) / maxValue
            let x = Double(i) * slot + (slot - barWidth) / 2
            let y = top + plot - barHeight
            let color = i == points.count - 1 ? "#d62728" : (p.kleinberg == 1 ? "#ff9f1c" : "#9aa5b1")
            svg += "<rect x=\"\(f(x))\" y=\"\(f(y))\" width=\"\(f(barWidth))\" height=\"\(f(max(barHeight, 0.5)))\" fill=\"\(color)\">"
                + "<title>\(p.start): \(p.count)</title></rect>"
        }
        let ey = top + plot - plot * h.expected / maxValue
        svg += "<line x1=\"\(f(Double(width) - slot))\" x2=\"\(width)\" y1=\"\(f(ey))\" y2=\"\(f(ey))\" "
            + "stroke=\"#222\" stroke-width=\"2\" stroke-dasharray=\"4 2\"/>"
        if labels, let first = points.first, let last = points.last {
            let y = height - 4
            svg += "<text x=\"0\" y=\"\(y)\" font-size=\"11\" fill=\"#555\">\(first.start)</text>"
            svg += "<text x=\"\(width)\" y=\"\(y)\" font-size=\"11\" fill=\"#555\" text-anchor=\"end\">\(last.start)</text>"
        }
        return svg + "</svg>"
    }

    /// A small sparkline for table rows.
    static func sparkline(_ h: Hotspot) -> String { bars(h, width: 120, height: 28, labels: false) }

    private static func f(_ x: Double) -> String { ReportText.number(x, digits: 1) }
}
