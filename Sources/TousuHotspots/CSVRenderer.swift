/// The hotspots as CSV (RFC 4180 quoting), one row per hotspot.
enum CSVRenderer {
    static let header = [
        "rank", "title", "kind", "sector", "nature", "key", "count", "expected", "ratio", "score",
        "first_window", "burst_count", "kleinberg_burst", "terms", "representative_ids", "series", "status", "concentration",
    ]

    static func render(_ report: HotspotReport) -> String {
        var lines = [header.joined(separator: ",")]
        for h in report.hotspots {
            let row: [String] = [
                String(h.rank), h.title, h.kind.rawValue, h.sector, h.nature, h.key, String(h.count),
                ReportText.number(h.expected, digits: 2), ReportText.number(h.ratio, digits: 2),
                ReportText.number(h.score, digits: 2), h.firstWindow.description, String(h.burstCount),
                h.kleinberg.burstNow ? "1" : "0", h.terms.map(\.term).joined(separator: " "),
                h.representatives.map(\.id).joined(separator: " "),
                h.series.map { String($0.count) }.joined(separator: " "),
                h.status.rawValue, h.concentration.map { "\($0.key):\($0.count)" }.joined(separator: " "),
            ]
            lines.append(row.map(quote).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    static func quote(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
