import Foundation

/// Output formats of a period report: Markdown (press release), self-contained HTML with inline
/// SVG charts (a weekly trend per top theme, the nature breakdown), JSON.
public enum PeriodReportFormat: String, Sendable, CaseIterable, Codable {
    case markdown, html, json

    public func render(_ r: PeriodReport) throws -> String {
        switch self {
        case .markdown: PeriodMarkdown.render(r)
        case .html: PeriodHTML.render(r)
        case .json: try PeriodJSON.render(r)
        }
    }
}

/// Wording shared by the period renderers.
enum PeriodText {
    static func heading(_ r: PeriodReport) -> String { "消费投诉分析报告（\(r.from.chinese)至\(r.to.chinese)）" }

    /// "+12.5%", "−3.0%", "新增" (no previous), "持平".
    static func change(_ c: Double?) -> String {
        guard let c else { return "新增" }
        if abs(c) < 0.0005 { return "持平" }
        return (c > 0 ? "+" : "−") + ReportText.number(abs(c) * 100) + "%"
    }

    static func percent(_ x: Double) -> String { ReportText.number(x * 100) + "%" }

    static func summary(_ r: PeriodReport) -> String {
        var s = "\(r.from.chinese)至\(r.to.chinese)，共受理消费投诉 \(r.total) 件"
        if r.previousTotal > 0 {
            s += "，环比（\(r.previousFrom)至\(r.previousTo)，\(r.previousTotal) 件）\(change(Double(r.total) / Double(r.previousTotal) - 1))"
        } else {
            s += "（上一同长度时期无数据，不作环比）"
        }
        if let y = r.yearAgoTotal, y > 0 { s += "，同比 \(change(Double(r.total) / Double(y) - 1))" }
        s += "。"
        if let top = r.sectors.first { s += "投诉量最多的行业为\(top.name)（\(top.count) 件，占 \(percent(top.share))）" }
        if let n = r.natures.first(where: { $0.id != "other" }) { s += "，投诉性质以\(n.name)为主（\(n.count) 件）" }
        return s + "。"
    }

    static func concentration(_ t: PeriodReport.Theme) -> String {
        t.concentration.map { "\($0.key) \($0.count) 件" }.joined(separator: "、")
    }
}

enum PeriodMarkdown {
    static func render(_ r: PeriodReport) -> String {
        var out = "# \(PeriodText.heading(r))\n\n\(PeriodText.summary(r))\n\n"
        func table(_ title: String, _ rows: [PeriodReport.Row]) {
            out += "## \(title)\n\n| \(title.hasPrefix("行业") ? "行业" : "投诉性质") | 投诉量 | 占比 | 上期 | 环比 |\n|---|---:|---:|---:|---:|\n"
            for row in rows {
                out += "| \(cell(row.name)) | \(row.count) | \(PeriodText.percent(row.share)) | \(row.previous) | \(PeriodText.change(row.change)) |\n"
            }
            out += "\n"
        }
        table("行业分布", r.sectors)
        table("投诉性质分布", r.natures)
        out += "## 十大投诉热点\n\n| 排名 | 热点 | 投诉量 | 占比 | 上期 | 环比 | 集中地区 |\n|---:|---|---:|---:|---:|---:|---|\n"
        for t in r.themes {
            out += "| \(t.rank) | \(cell(t.title)) | \(t.count) | \(PeriodText.percent(t.share)) | \(t.previous) | \(PeriodText.change(t.change)) | \(cell(PeriodText.concentration(t))) |\n"
        }
        for t in r.themes {
            out += "\n### \(t.rank). \(t.title)\n\n"
            out += "- 投诉 \(t.count) 件（占 \(PeriodText.percent(t.share))），上期 \(t.previous) 件，环比 \(PeriodText.change(t.change))\n"
            out += "- 每周：" + t.weekly.map { "\($0.start) \($0.count)" }.joined(separator: "，") + "\n"
            if !t.terms.isEmpty { out += "- 特征词：\(t.terms.map { ReportText.term($0.term) }.joined(separator: "、"))\n" }
            if !t.cases.isEmpty {
                out += "- 典型案例：\n"
                for c in t.cases { out += "  - `\(c.id)` \(cell(c.snippet))\n" }
            }
            if !t.warning.isEmpty {
                out += "\n" + t.warning.split(separator: "\n", omittingEmptySubsequences: false).map { "> " + $0 }.joined(separator: "\n") + "\n"
            }
        }
        if !r.hasRecords { out += "\n（由历史库的计数生成：无投诉原文，故无特征词与典型案例。）\n" }
        return out
    }

    static func cell(_ s: String) -> String { MarkdownRenderer.cell(s) }
}

enum PeriodHTML {
    static func render(_ r: PeriodReport) -> String {
        let e = HTMLRenderer.escape
        var out = "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"/><title>\(e(PeriodText.heading(r)))</title>"
            + "<style>\(HTMLRenderer.style)\ntd.bar{width:40%}</style></head><body>\n"
        out += "<h1>\(e(PeriodText.heading(r)))</h1>\n<p>\(e(PeriodText.summary(r)))</p>\n"
        func table(_ title: String, _ head: String, _ rows: [PeriodReport.Row]) {
            out += "<h2>\(e(title))</h2>\n<table><thead><tr><th>\(head)</th><th>投诉量</th><th>占比</th><th>上期</th><th>环比</th><th>占比图</th></tr></thead><tbody>\n"
            for row in rows {
                out += "<tr><td class=\"k\">\(e(row.name))</td><td class=\"n\">\(row.count)</td><td class=\"n\">\(PeriodText.percent(row.share))</td>"
                    + "<td class=\"n\">\(row.previous)</td><td class=\"n\">\(e(PeriodText.change(row.change)))</td>"
                    + "<td class=\"bar\">\(shareBar(row.share))</td></tr>\n"
            }
            out += "</tbody></table>\n"
        }
        table("行业分布", "行业", r.sectors)
        table("投诉性质分布", "投诉性质", r.natures)
        out += "<h2>十大投诉热点</h2>\n<table><thead><tr><th>排名</th><th>热点</th><th>投诉量</th><th>占比</th><th>环比</th><th>每周</th></tr></thead><tbody>\n"
        for t in r.themes {
            out += "<tr><td class=\"n\">\(t.rank)</td><td class=\"t\">\(e(t.title))</td><td class=\"n\">\(t.count)</td>"
                + "<td class=\"n\">\(PeriodText.percent(t.share))</td><td class=\"n\">\(e(PeriodText.change(t.change)))</td>"
                + "<td class=\"s\">\(weekly(t, width: 120, height: 28, labels: false))</td></tr>\n"
        }
        out += "</tbody></table>\n"
        for t in r.themes {
            out += "<section><h2>\(t.rank). \(e(t.title))</h2>\n<p class=\"stats\">投诉 \(t.count) 件（占 \(PeriodText.percent(t.share))），"
                + "上期 \(t.previous) 件，环比 \(e(PeriodText.change(t.change)))"
                + (t.concentration.isEmpty ? "" : "；集中于 \(e(PeriodText.concentration(t)))") + "</p>\n"
            out += weekly(t, width: 560, height: 150, labels: true) + "\n"
            if !t.terms.isEmpty {
                out += "<p class=\"terms\">特征词：" + t.terms.map { "<span>\(e(ReportText.term($0.term)))</span>" }.joined() + "</p>\n"
            }
            if !t.cases.isEmpty {
                out += "<ul class=\"reps\">" + t.cases.map { "<li><code>\(e($0.id))</code> \(e($0.snippet))</li>" }.joined() + "</ul>\n"
            }
            if !t.warning.isEmpty { out += "<blockquote>\(e(t.warning))</blockquote>\n" }
            out += "</section>\n"
        }
        if !r.hasRecords { out += "<p class=\"stats\">（由历史库的计数生成：无投诉原文，故无特征词与典型案例。）</p>\n" }
        return out + "</body></html>\n"
    }

    /// A horizontal bar for a share (0…1).
    static func shareBar(_ share: Double) -> String {
        let w = max(1, Int((share * 200).rounded()))
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"210\" height=\"14\" viewBox=\"0 0 210 14\"><rect x=\"0\" y=\"2\" width=\"\(w)\" height=\"10\" fill=\"#d62728\"/></svg>"
    }

    /// Weekly bars of a theme (the week label under the first and last bar when `labels`).
    static func weekly(_ t: PeriodReport.Theme, width: Int, height: Int, labels: Bool) -> String {
        let points = t.weekly
        let n = max(points.count, 1)
        let left = labels ? 30.0 : 0, top = labels ? 16.0 : 2, bottom = labels ? 18.0 : 2
        let plot = Double(height) - top - bottom
        let maxValue = Double(max(points.map(\.count).max() ?? 1, 1))
        let slot = (Double(width) - left - 4) / Double(n)
        func f(_ x: Double) -> String { ReportText.number(x, digits: 1) }
        func y(_ v: Double) -> Double { top + plot - plot * v / maxValue }
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-label=\"\(HTMLRenderer.escape(t.title))\">"
        if labels {
            svg += "<line x1=\"\(f(left))\" x2=\"\(width - 4)\" y1=\"\(f(y(0)))\" y2=\"\(f(y(0)))\" stroke=\"#bbb\"/>"
            svg += "<text x=\"\(f(left - 4))\" y=\"\(f(y(0) + 4))\" font-size=\"11\" fill=\"#555\" text-anchor=\"end\">0</text>"
            svg += "<text x=\"\(f(left - 4))\" y=\"\(f(y(maxValue) + 4))\" font-size=\"11\" fill=\"#555\" text-anchor=\"end\">\(Int(maxValue))</text>"
        }
        for (i, p) in points.enumerated() {
            let h = plot * Double(p.count) / maxValue
            svg += "<rect x=\"\(f(left + Double(i) * slot + slot * 0.125))\" y=\"\(f(y(Double(p.count))))\" width=\"\(f(max(1, slot * 0.75)))\" height=\"\(f(max(h, 0.5)))\" fill=\"#1f77b4\"><title>\(p.start): \(p.count)</title></rect>"
        }
        if labels, let first = points.first, let last = points.last {
            let base = Double(height) - 4
            svg += "<text x=\"\(f(left))\" y=\"\(f(base))\" font-size=\"11\" fill=\"#555\" text-anchor=\"start\">\(first.start)</text>"
            if points.count > 1 { svg += "<text x=\"\(width - 4)\" y=\"\(f(base))\" font-size=\"11\" fill=\"#555\" text-anchor=\"end\">\(last.start)</text>" }
        }
        return svg + "</svg>"
    }
}

enum PeriodJSON {
    static func render(_ r: PeriodReport) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return String(decoding: try encoder.encode(r), as: UTF8.self) + "\n"
    }
}
