/// A press-release table of the hotspots (排名, 热点, 行业, 投诉量, 环比/预期, 首次出现), then each
/// hotspot's terms, representative complaints and draft warning.
enum MarkdownRenderer {
    static func render(_ report: HotspotReport) -> String {
        var out = "# \(ReportText.heading(report))\n\n\(ReportText.summary(report))\n\n"
        for a in report.alerts {
            out += "## ⚠ \(a.title)\n\n- \(cell(ReportText.alertLine(a)))\n"
            for r in a.representatives { out += "- `\(r.id)` \(cell(r.snippet))\n" }
            if !a.warning.isEmpty {
                out += "\n" + a.warning.split(separator: "\n", omittingEmptySubsequences: false).map { "> " + $0 }.joined(separator: "\n") + "\n"
            }
            out += "\n"
        }
        guard !report.hotspots.isEmpty else { return out }
        out += "| 排名 | 热点 | 行业 | 投诉量 | 环比/预期 | 状态 | 首次出现 |\n|---:|---|---|---:|---|---|---|\n"
        for h in report.hotspots {
            out += "| \(h.rank) | \(cell(h.title)) | \(cell(h.sectorName)) | \(h.count) | \(ReportText.ratio(h)) | \(ReportText.status(h)) | \(h.firstWindow) |\n"
        }
        for h in report.hotspots {
            out += "\n## \(h.rank). \(h.title)\n\n"
            out += "- 投诉量 \(h.count)，预期 \(ReportText.number(h.expected))，得分 \(ReportText.number(h.score))；"
                + "自 \(h.firstWindow) 起共 \(h.burstCount) 件"
                + (h.kleinberg.burstNow ? "；Kleinberg 突发状态（自 \(h.kleinberg.burstStart?.description ?? "-")）" : "") + "\n"
            let where_ = ReportText.concentration(h)
            if !where_.isEmpty { out += "- 集中于 \(cell(where_))\n" }
            if !h.echoes.isEmpty { out += "- 同时带动：\(cell(h.echoes.map { ReportText.term($0) }.joined(separator: "、")))\n" }
            if !h.terms.isEmpty { out += "- 特征词：\(h.terms.map { ReportText.term($0.term) }.joined(separator: "、"))\n" }
            for r in h.representatives { out += "- `\(r.id)` \(cell(r.snippet))\n" }
            if !h.warning.isEmpty {
                out += "\n" + h.warning.split(separator: "\n", omittingEmptySubsequences: false)
                    .map { "> " + $0 }.joined(separator: "\n") + "\n"
            }
        }
        return out
    }

    static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
