import Foundation

/// The report layer's wording of hotspots and alerts: press titles and draft consumer warnings
/// (`lexicons/warnings/`), in Chinese. Titles and warnings use the primary nature; "其他" is never
/// written as a nature ("主要反映其他方面的问题" does not occur).
public struct HotspotWording: Sendable {
    public var names: DisplayNames
    public var templates: WarningTemplates
    /// Terms listed in a warning (3–5: as many as there are, at most this).
    public var warningTerms = 5

    public init(names: DisplayNames = DisplayNames(), templates: WarningTemplates = WarningTemplates()) {
        self.names = names
        self.templates = templates
    }

    /// Fills a hotspot's display names, title and warning; `windowEnd` is the report window's last day.
    public func word(_ h: inout Hotspot, windowEnd: Day) {
        h.sectorName = names.sector(h.sector)
        let hasNature = h.nature != "other"
        h.natureName = hasNature ? names.nature(h.nature) : ""
        let label: String
        switch h.kind {
        case .nature: label = names.nature(h.key)
        case .term: label = "“\(ReportText.term(h.key))”"
        default: label = h.key
        }
        let suffix: String
        switch h.status {
        case .new:
            suffix = h.kind == .term ? (h.isNew ? "新热词" : "热词上升") : (h.isNew ? "新出现投诉" : "投诉激增")
        case .ongoing:
            suffix = (h.kind == .term ? "热词持续" : "投诉持续") + "（自\(Self.monthDay(h.firstWindow))起）"
        case .fading:
            suffix = "投诉回落"
        }
        let natureWord = h.kind != .nature && hasNature ? "\(h.natureName)问题" : ""
        h.title = "\(h.sectorName) · \(label) · \(natureWord)\(suffix)"
        let terms = ReportText.warningTerms(h.terms, limit: warningTerms)
        let regions = h.concentration.filter { $0.kind == .region }
        let values: [String: String] = [
            "period": Self.period(from: h.firstWindow, to: windowEnd),
            "region": h.kind == .region ? h.key : "",
            "merchant": h.kind == .merchant ? h.key : "",
            "count": String(h.burstCount),
            "terms": terms.isEmpty ? label.trimmingCharacters(in: CharacterSet(charactersIn: "“”")) : terms.joined(separator: "、"),
            "nature": h.natureName,
            "nature_clause": hasNature ? "主要反映\(h.natureName)方面的问题，" : "",
            "concentration": regions.isEmpty ? "" : "其中" + regions.map { "\($0.key)\($0.count)件" }.joined(separator: "、") + "，",
        ]
        h.warning = templates.fill(sector: h.sector, values: values)
    }

    /// Fills a closure alert's title and warning (`warnings/closure.md`).
    public func word(_ a: inout ClosureAlert) {
        a.sectorName = names.sector(a.sector)
        a.title = "预付卡跑路预警 · \(a.merchant)"
        let values: [String: String] = [
            "period": Self.period(from: a.firstDate, to: a.lastDate),
            "region": a.region ?? "",
            "merchant": a.merchant,
            "count": String(a.closureComplaints),
            "signals": a.signals.prefix(4).joined(separator: "、"),
        ]
        a.warning = templates.templates["closure"] == nil ? "" : templates.fill(sector: "closure", values: values)
    }

    /// "2020年6月5日至6月14日", or one day.
    static func period(from a: Day, to b: Day) -> String {
        if a == b { return a.chinese }
        let (ya, _, _) = a.civil
        let (yb, mb, db) = b.civil
        return a.chinese + "至" + (ya == yb ? "\(mb)月\(db)日" : b.chinese)
    }

    static func monthDay(_ d: Day) -> String {
        let (_, m, day) = d.civil
        return "\(m)月\(day)日"
    }
}
