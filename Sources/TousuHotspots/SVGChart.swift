/// Inline SVG bar charts of a hotspot's series: the current window in red, windows Kleinberg
/// puts in the burst state in orange, the rest grey, the current expectation as a dashed line.
/// Bars stand in fixed slots (at least `minSlots`), the current window at the right, so a short
/// history is a short row of bars, not a few wide blocks.
enum SVGChart {
    /// A chart `width`×`height` px; `labels` adds the y axis (0 and the top value), the first and
    /// last dates under the bars, the current count and the expectation.
    static func bars(_ h: Hotspot, width: Int = 560, height: Int = 150, labels: Bool = true, minSlots: Int = 14) -> String {
        let points = h.series
        let n = max(points.count, minSlots)
        let left = labels ? 30.0 : 0, right = labels ? 4.0 : 0
        let top = labels ? 16.0 : 2, bottom = labels ? 18.0 : 2
        let plot = Double(height) - top - bottom
        let maxValue = max(Double(points.map(\.count).max() ?? 0), h.expected, 1)
        let slot = (Double(width) - left - right) / Double(n)
        let barWidth = max(1, slot * 0.75)
        let firstSlot = n - points.count
        func x(_ i: Int) -> Double { left + Double(firstSlot + i) * slot }
        func y(_ value: Double) -> Double { top + plot - plot * value / maxValue }
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" "
            + "viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-label=\"\(HTMLRenderer.escape(h.title))\">"
        if labels {
            // y axis: baseline at 0 and a light line at the top value.
            let axis = "stroke=\"#bbb\" stroke-width=\"1\""
            svg += "<line x1=\"\(f(left))\" x2=\"\(f(Double(width) - right))\" y1=\"\(f(y(0)))\" y2=\"\(f(y(0)))\" \(axis)/>"
            // Solid and light: the only dashed line is the expectation's.
            svg += "<line x1=\"\(f(left))\" x2=\"\(f(Double(width) - right))\" y1=\"\(f(y(maxValue)))\" y2=\"\(f(y(maxValue)))\" stroke=\"#e4e4e4\" stroke-width=\"1\"/>"
            svg += text(left - 4, y(0) + 4, "0", anchor: "end")
            svg += text(left - 4, y(maxValue) + 4, ReportText.number(maxValue, digits: maxValue.rounded() == maxValue ? 0 : 1), anchor: "end")
        }
        for (i, p) in points.enumerated() {
            let barHeight = plot * Double(p.count) / maxValue
            let color = i == points.count - 1 ? "#d62728" : (p.kleinberg == 1 ? "#ff9f1c" : "#9aa5b1")
            svg += "<rect x=\"\(f(x(i) + (slot - barWidth) / 2))\" y=\"\(f(y(Double(p.count))))\" width=\"\(f(barWidth))\" "
                + "height=\"\(f(max(barHeight, 0.5)))\" fill=\"\(color)\"><title>\(p.start): \(p.count)</title></rect>"
        }
        let last = x(points.count - 1)
        let ey = y(h.expected)
        svg += "<line x1=\"\(f(last))\" x2=\"\(f(last + slot))\" y1=\"\(f(ey))\" y2=\"\(f(ey))\" "
            + "stroke=\"#222\" stroke-width=\"2\" stroke-dasharray=\"4 2\"/>"
        if labels, let first = points.first, let current = points.last {
            let middle = last + slot / 2
            svg += text(middle, y(Double(current.count)) - 4, String(current.count), anchor: "middle", color: "#d62728")
            // The expectation named beside its dashed line, left of the current bar (above the
            // line, or below it when the line is near the top).
            let labelY = ey - 4 < top + 8 ? ey + 12 : ey - 4
            svg += text(last - 2, labelY, "预期 \(ReportText.number(h.expected))", anchor: "end", color: "#222")
            let base = Double(height) - 4
            // The first date only when it does not run into the last one (about 70 px each).
            if points.count > 1 && Double(width) - right - x(0) > 150 { svg += text(x(0), base, first.start.description, anchor: "start") }
            svg += text(Double(width) - right, base, current.start.description, anchor: "end")
        }
        return svg + "</svg>"
    }

    /// A small sparkline for table rows.
    static func sparkline(_ h: Hotspot) -> String { bars(h, width: 120, height: 28, labels: false) }

    private static func text(_ x: Double, _ y: Double, _ s: String, anchor: String, color: String = "#555") -> String {
        "<text x=\"\(f(x))\" y=\"\(f(y))\" font-size=\"11\" fill=\"\(color)\" text-anchor=\"\(anchor)\">\(HTMLRenderer.escape(s))</text>"
    }

    private static func f(_ x: Double) -> String { ReportText.number(x, digits: 1) }
}
