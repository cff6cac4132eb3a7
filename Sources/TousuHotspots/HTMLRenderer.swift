/// A self-contained HTML report: inline CSS, an inline SVG chart per hotspot, no scripts and no
/// external resources.
enum HTMLRenderer {
    static let style = """
        body{font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;margin:2em auto;max-width:920px;color:#222;line-height:1.5}
        h1{font-size:1.6em;border-bottom:3px solid #d62728;padding-bottom:.3em}
        table{border-collapse:collapse;width:100%;margin:1em 0}
        th,td{border-bottom:1px solid #ddd;padding:.4em .5em;text-align:left;vertical-align:middle}
        th{background:#f4f4f4;white-space:nowrap}td.n{text-align:right}td.k{white-space:nowrap}td.t{min-width:14em}td.s{width:124px}
        section{border:1px solid #e3e3e3;border-radius:6px;padding:1em 1.2em;margin:1.2em 0}
        section h2{font-size:1.15em;margin:.2em 0 .6em}
        .stats{color:#555;font-size:.92em}.terms span{display:inline-block;background:#fdecea;color:#a61b1b;border-radius:3px;padding:0 .4em;margin:0 .3em .3em 0}
        ul.reps{padding-left:1.2em}ul.reps code{color:#777;font-size:.85em}
        blockquote{background:#fafafa;border-left:4px solid #ff9f1c;margin:.8em 0;padding:.5em 1em;white-space:pre-wrap}
        section.alert{border:2px solid #d62728;background:#fff5f5}
        .legend{font-size:.85em;color:#555}.legend b{display:inline-block;width:.8em;height:.8em;margin:0 .2em 0 .8em}
        """

    static func render(_ report: HotspotReport) -> String {
        var out = "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"/>"
            + "<title>\(escape(ReportText.heading(report)))</title><style>\(style)</style></head><body>\n"
        out += "<h1>\(escape(ReportText.heading(report)))</h1>\n<p>\(escape(ReportText.summary(report)))</p>\n"
        for a in report.alerts {
            out += "<section class=\"alert\"><h2>⚠ \(escape(a.title))</h2>\n<p class=\"stats\">\(escape(ReportText.alertLine(a)))</p>\n"
            if !a.representatives.isEmpty {
                out += "<ul class=\"reps\">" + a.representatives.map { "<li><code>\(escape($0.id))</code> \(escape($0.snippet))</li>" }.joined() + "</ul>\n"
            }
            if !a.warning.isEmpty { out += "<blockquote>\(escape(a.warning))</blockquote>\n" }
            out += "</section>\n"
        }
        if !report.hotspots.isEmpty {
            out += "<table><thead><tr><th>排名</th><th>热点</th><th>行业</th><th>投诉量</th><th>环比/预期</th>"
                + "<th>状态</th><th>首次出现</th><th>趋势</th></tr></thead><tbody>\n"
            for h in report.hotspots {
                out += "<tr><td class=\"n\">\(h.rank)</td><td class=\"t\">\(escape(h.title))</td><td class=\"k\">\(escape(h.sectorName))</td>"
                    + "<td class=\"n\">\(h.count)</td><td class=\"k\">\(escape(ReportText.ratio(h)))</td>"
                    + "<td class=\"k\">\(ReportText.status(h))</td><td class=\"k\">\(h.firstWindow)</td><td class=\"s\">\(SVGChart.sparkline(h))</td></tr>\n"
            }
            out += "</tbody></table>\n<p class=\"legend\"><b style=\"background:#d62728\"></b>本期"
                + "<b style=\"background:#ff9f1c\"></b>Kleinberg 突发状态<b style=\"background:#9aa5b1\"></b>其他窗口"
                + "　虚线：本期预期</p>\n"
        }
        for h in report.hotspots {
            out += "<section><h2>\(h.rank). \(escape(h.title))</h2>\n"
            out += "<p class=\"stats\">投诉量 \(h.count)，预期 \(ReportText.number(h.expected))，"
                + "倍数 \(ReportText.number(h.ratio))，得分 \(ReportText.number(h.score))；"
                + "自 \(h.firstWindow) 起共 \(h.burstCount) 件"
                + (h.kleinberg.burstNow ? "；Kleinberg 突发状态自 \(h.kleinberg.burstStart?.description ?? "-")" : "")
                + "</p>\n"
            out += SVGChart.bars(h) + "\n"
            let where_ = ReportText.concentration(h)
            if !where_.isEmpty { out += "<p class=\"stats\">集中于 \(escape(where_))</p>\n" }
            if !h.echoes.isEmpty { out += "<p class=\"stats\">同时带动：\(escape(h.echoes.map { ReportText.term($0) }.joined(separator: "、")))</p>\n" }
            if !h.terms.isEmpty {
                out += "<p class=\"terms\">特征词：" + h.terms.map { "<span>\(escape(ReportText.term($0.term)))</span>" }.joined() + "</p>\n"
            }
            if !h.representatives.isEmpty {
                out += "<ul class=\"reps\">" + h.representatives.map {
                    "<li><code>\(escape($0.id))</code> \(escape($0.snippet))</li>"
                }.joined() + "</ul>\n"
            }
            if !h.warning.isEmpty { out += "<blockquote>\(escape(h.warning))</blockquote>\n" }
            out += "</section>\n"
        }
        return out + "</body></html>\n"
    }

    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }
}
