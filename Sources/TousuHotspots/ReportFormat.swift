/// Output formats of a hotspot report.
public enum ReportFormat: String, Sendable, CaseIterable, Codable {
    case json, csv, markdown, html

    /// The report as text, with the top `top` hotspots (JSON keeps all of them when `top` is nil).
    public func render(_ report: HotspotReport, top: Int? = nil) throws -> String {
        var shown = report
        if let top { shown.hotspots = Array(report.hotspots.prefix(top)) }
        switch self {
        case .json: return try JSONRenderer.render(shown)
        case .csv: return CSVRenderer.render(shown)
        case .markdown: return MarkdownRenderer.render(shown)
        case .html: return HTMLRenderer.render(shown)
        }
    }
}

/// Shared wording of the renderers.
enum ReportText {
    static func number(_ x: Double, digits: Int = 1) -> String {
        guard x.isFinite else { return "∞" }
        var s = String(Int((x * pow10(digits)).rounded()))
        if digits > 0 {
            let negative = s.hasPrefix("-")
            if negative { s.removeFirst() }
            while s.count <= digits { s = "0" + s }
            s.insert(".", at: s.index(s.endIndex, offsetBy: -digits))
            if negative { s = "-" + s }
        }
        return s
    }

    private static func pow10(_ n: Int) -> Double { (0..<n).reduce(1.0) { r, _ in r * 10 } }

    /// A term as a reader wants it: Latin letters in capitals (terms are kept case-folded:
    /// "b柱" → "B柱", "cvt" → "CVT", "4s店" → "4S店").
    static func term(_ term: String) -> String { term.uppercased() }

    /// The first `limit` terms for a warning's sentence, as a reader wants them, leaving out a
    /// term that the ones already listed spell out (B柱异响 after 异响 and B柱) or that is part of
    /// one already listed: a warning names each problem once.
    static func warningTerms(_ terms: [TermScore], limit: Int) -> [String] {
        var chosen: [String] = []
        for t in terms where chosen.count < limit {
            let term = t.term
            if chosen.contains(where: { $0.contains(term) }) { continue }
            var rest = term
            for c in chosen.sorted(by: { $0.count > $1.count }) { rest = rest.replacingOccurrences(of: c, with: "") }
            if rest.isEmpty { continue }
            chosen.append(term)
        }
        return chosen.map(Self.term)
    }

    /// "×65.0（预期 0.4）".
    static func ratio(_ h: Hotspot) -> String { "×\(number(h.ratio))（预期 \(number(h.expected))）" }

    /// "新出现" / "持续" / "回落".
    static func status(_ h: Hotspot) -> String {
        switch h.status {
        case .new: "新出现"
        case .ongoing: "持续"
        case .fading: "回落"
        }
    }

    /// "其中杭州市西湖区 9 件、滨江区 4 件；商家：丽人坊美容院 6 件" (empty when none).
    static func concentration(_ h: Hotspot) -> String {
        let regions = h.concentration.filter { $0.kind == .region }.map { "\($0.key) \($0.count) 件" }
        let merchants = h.concentration.filter { $0.kind == .merchant }.map { "\($0.key) \($0.count) 件" }
        var parts: [String] = []
        if !regions.isEmpty { parts.append("地区：" + regions.joined(separator: "、")) }
        if !merchants.isEmpty { parts.append("商家：" + merchants.joined(separator: "、")) }
        return parts.joined(separator: "；")
    }

    /// One line on a closure alert: "2 件投诉反映 关门、跑路（6月3日–6月4日），该商家共 3 件".
    static func alertLine(_ a: ClosureAlert) -> String {
        "\(a.closureComplaints) 件投诉反映\(a.signals.prefix(4).joined(separator: "、"))（\(a.firstDate) – \(a.lastDate)）"
            + (a.region.map { "，\($0)" } ?? "") + "；该商家同期共 \(a.complaints) 件"
            + (a.merchantSource == "text" ? "（商家名称取自投诉内容）" : "")
    }

    static func heading(_ r: HotspotReport) -> String {
        let span = r.windowStart == r.windowEnd ? r.windowStart.description : "\(r.windowStart) – \(r.windowEnd)"
        return "投诉热点 \(span)"
    }

    static func summary(_ r: HotspotReport) -> String {
        let unit = r.window == .day ? "日" : "周"
        var s = "本期投诉 \(r.windowRecords) 件，"
            + (r.historyWindows > 0
                ? "对比此前 \(r.historyWindows) 个\(unit)窗口；"
                : "为数据段的第一个\(unit)窗口，各分组与同类分组比较；")
            + "检验 \(r.tested) 个分组，发现热点 \(r.hotspots.count) 个"
            + (r.alerts.isEmpty ? "。" : "，预付卡跑路预警 \(r.alerts.count) 个。")
        if r.undatedRecords > 0 { s += "另有 \(r.undatedRecords) 件投诉缺少可用日期，未计入。" }
        if r.malformedLines > 0 { s += "\(r.malformedLines) 行无法解析。" }
        if r.futureDated > 0 { s += "\(r.futureDated) 件投诉的日期晚于可用日期（未来日期），未计入。" }
        return s
    }
}
