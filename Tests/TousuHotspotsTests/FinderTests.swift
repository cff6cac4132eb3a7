import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import TousuHotspots

/// A synthetic multi-group stream through the whole finder, the history store and the renderers.
@Suite struct FinderTests {
    static let start = Day(year: 2024, month: 1, day: 1)!
    static let merchants = (1...12).map { "商家\($0)" }
    static let words = ["退款", "客服", "质量", "发货", "价格", "售后", "包装", "物流"]

    /// `days` days of complaints about 12 merchants with a weekday pattern; on the last day,
    /// `burst` extra complaints about 商家7 that all mention 跑路 and 预付卡.
    static func stream(days: Int, burst: Int, seed: UInt64 = 7) -> [ClassifiedRecord] {
        var rng = SplitMix64(seed: seed)
        var out: [ClassifiedRecord] = []
        for d in 0..<days {
            let day = start + d
            for (m, merchant) in merchants.enumerated() {
                let n = rng.poisson(3 * BurstDetectorTests.pattern[day.weekday] * (m % 3 == 0 ? 1.5 : 1))
                for _ in 0..<n {
                    let w = [words[Int(rng.next() % 8)], words[Int(rng.next() % 8)]]
                    out.append(ClassifiedRecord(
                        id: "r\(out.count)", date: day, sector: "prepaid", natures: ["contract"],
                        merchant: merchant, region: m % 2 == 0 ? "东区" : "西区",
                        text: "\(merchant)的\(w[0])和\(w[1])问题", tokens: w))
                }
            }
            if d == days - 1 {
                for i in 0..<burst {
                    out.append(ClassifiedRecord(
                        id: "b\(i)", date: day, sector: "prepaid", natures: ["contract"], merchant: "商家7",
                        region: "西区", text: "商家7突然关门跑路，预付卡余额\(i * 100)元无法退款",
                        tokens: ["关门", "跑路", "预付卡", "余额", "退款"]))
                }
            }
        }
        return out
    }

    static func aggregate(_ records: [ClassifiedRecord]) -> DailyAggregates {
        var a = DailyAggregates()
        for r in records { a.add(r) }
        return a
    }

    static let templates = WarningTemplates(templates: [
        "prepaid": "# 预付式消费警示\n\n{period}{region}{merchant}涉及预付式消费的投诉共{count}件，主要反映{nature}方面的问题：{terms}。{unknown}\n"
    ])
    static let names = DisplayNames(sectors: ["prepaid": "预付式消费"], natures: ["contract": "合同"])

    static func report(_ records: [ClassifiedRecord], window: WindowKind = .day) throws -> HotspotReport {
        var p = HotspotParameters()
        p.window = window
        return try HotspotFinder(parameters: p, names: names, templates: templates)
            .find(aggregates: aggregate(records), records: records)
    }

    @Test func findsTheInjectedMerchantBurst() throws {
        let report = try Self.report(Self.stream(days: 60, burst: 25))
        let top = try #require(report.hotspots.first)
        #expect(top.kind == .merchant && top.key == "商家7", "\(report.hotspots.map(\.title))")
        #expect(top.title == "预付式消费 · 商家7 · 合同问题投诉激增")
        #expect(top.status == .new)
        #expect(top.firstWindow == Self.start + 59)
        #expect(top.ratio >= 2 && top.count >= 25)
        #expect(top.kleinberg.burstNow)
        #expect(top.series.count == 28)
        #expect(Set(top.terms.prefix(3).map(\.term)).isSuperset(of: ["跑路", "预付卡"]))
        #expect(top.representatives.count == 3)
        #expect(top.representatives.allSatisfy { $0.id.hasPrefix("b") && $0.snippet.count <= 80 })
        #expect(top.warning.hasPrefix("预付式消费警示\n\n2024年2月29日商家7涉及预付式消费的投诉共"))
        #expect(top.warning.contains("主要反映合同方面的问题：") && top.warning.contains("跑路"))
        #expect(!top.warning.contains("{"), "unknown placeholders become empty")
        // 跑路 is 商家7's term, not a hotspot of its own; no other merchant fires.
        #expect(!report.hotspots.contains { $0.kind == .term })
        #expect(!report.hotspots.contains { $0.kind == .merchant && $0.key != "商家7" })
        // 西区 rises only by 商家7's complaints: an echo of the merchant, not a hotspot of its own.
        #expect(!report.hotspots.contains { $0.kind == .region }, "\(report.hotspots.map(\.title))")
    }

    @Test func findsAnEmergingTermSpreadOverMerchants() throws {
        var records = Self.stream(days: 60, burst: 0)
        let day = Self.start + 59
        for i in 0..<24 {
            records.append(ClassifiedRecord(
                id: "t\(i)", date: day, sector: "prepaid", natures: ["contract"],
                // Distinct texts: copies of one complaint are one voice (`withoutHollowTerms`).
                merchant: Self.merchants[i % 12], text: "又一家门店关门跑路了，会员卡退不了（第\(i)位会员）",
                tokens: ["门店", "关门", "跑路", "会员卡"]))
        }
        let report = try Self.report(records)
        let term = try #require(report.hotspots.first { $0.kind == .term && $0.key == "跑路" }, "\(report.hotspots.map(\.title))")
        #expect(term.title == "预付式消费 · “跑路” · 合同问题新热词" && term.count == 24)
        #expect(!report.hotspots.contains { $0.kind == .merchant })
    }

    @Test func quietStreamHasNoHotspot() throws {
        for seed in UInt64(1)...3 {
            let report = try Self.report(Self.stream(days: 60, burst: 0, seed: seed))
            #expect(report.hotspots.isEmpty, "seed \(seed): \(report.hotspots.map(\.title))")
            #expect(report.tested > 12 && report.historyWindows == 28)
        }
    }

    @Test func weeklyWindowsAndUndatedRecords() throws {
        var records = Self.stream(days: 63, burst: 60)
        records.append(ClassifiedRecord(id: "x", date: nil, sector: "prepaid", natures: [], text: "无日期"))
        let report = try HotspotFinder(parameters: { var p = HotspotParameters(); p.window = .week; return p }())
            .find(aggregates: Self.aggregate(records), records: records,
                  summary: .init(recordsRead: records.count, undated: 1))
        #expect(report.windowStart == Self.start + 56 && report.windowEnd == Self.start + 62)
        #expect(report.undatedRecords == 1)
        #expect(report.hotspots.first?.key == "商家7")
    }

    @Test func readerCountsUndatedAndMalformed() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("hot-\(UUID()).jsonl")
        defer { try? FileManager.default.removeItem(at: url) }
        try """
            {"id":"1","date":"2020/06/05","sector":"auto","natures":["quality"],"brand":"一汽马自达","model":"阿特兹","text":"B柱异响"}
            {"id":"2","date":"sometime","sector":"auto","text":"无日期"}
            not json
            {"id":"3","time":"2020-06-06T08:00:00Z","text":"没有行业"}
            """.write(to: url, atomically: true, encoding: .utf8)
        var fields = RecordReader.Fields()
        fields.merchant = ["brand", "model"]
        let (records, summary) = try RecordReader(fields: fields, defaultSector: "auto").read(path: url.path)
        #expect(records.count == 3 && summary.lines == 4)
        #expect(summary.undated == 2 && summary.undatedLines == [2, 4])
        #expect(summary.malformed == 1 && summary.malformedLines == [3])
        #expect(records[0].merchant == "一汽马自达阿特兹" && records[0].date?.description == "2020-06-05")
        #expect(records[1].natures == ["other"] && records[2].sector == "auto" && summary.defaultedSector == 1)
        fields.date = "time"
        let (again, _) = try RecordReader(fields: fields).read(path: url.path)
        #expect(again[2].date?.description == "2020-06-06" && again[2].sector == "other")
        #expect(throws: HotspotError.self) { try RecordReader().read(path: "/nonexistent/x.jsonl") }
    }

    @Test func historyIsIdempotent() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("hot-\(UUID()).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let records = Self.stream(days: 40, burst: 25)
        let lastDay = Self.start + 39
        let history = records.filter { $0.date! < lastDay }
        let today = records.filter { $0.date! == lastDay }
        let store = try HistoryStore(path: path)
        try store.ingest(Self.aggregate(history))
        // The daily run: only today's records, twice.
        try store.ingest(Self.aggregate(today))
        let once = try store.load()
        try store.ingest(Self.aggregate(today))
        let twice = try HistoryStore(path: path).load()
        #expect(once == twice)
        #expect(twice == Self.aggregate(records))
        #expect(try store.days().count == 40)
        let fromStore = try HotspotFinder().find(aggregates: twice, records: today)
        let inMemory = try HotspotFinder().find(aggregates: Self.aggregate(records), records: records)
        #expect(fromStore.hotspots.map(\.key) == inMemory.hotspots.map(\.key))
        #expect(fromStore.hotspots.first?.count == inMemory.hotspots.first?.count)
        // A partial re-run of a day replaces it (does not add to it).
        try store.ingest(Self.aggregate(Array(today.prefix(3))))
        #expect(try store.load(from: lastDay, to: lastDay).days[lastDay]?[GroupKey(.total)] == 3)
    }

    @Test func renderers() throws {
        let report = try Self.report(Self.stream(days: 60, burst: 25))
        #expect(!report.hotspots.isEmpty)
        let json = try ReportFormat.json.render(report)
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        #expect((object?["hotspots"] as? [Any])?.count == report.hotspots.count)
        let decoded = try JSONDecoder().decode(HotspotReport.self, from: Data(json.utf8))
        #expect(decoded.hotspots.first?.key == "商家7")

        let html = try ReportFormat.html.render(report, top: 5)
        #expect(html.hasPrefix("<!DOCTYPE html>") && html.hasSuffix("</html>\n"))
        #expect(html.contains("<svg") && html.contains("<style>"))
        #expect(!html.contains("<script") && !html.contains("src=") && !html.contains("href=") && !html.contains("@import"))
        // Well-formed enough for an XML parser once the doctype is dropped.
        let body = String(html.drop { $0 != "\n" }.dropFirst())
        let parser = XMLParser(data: Data(body.utf8))
        #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")

        let md = try ReportFormat.markdown.render(report, top: 3)
        #expect(md.contains("| 排名 | 热点 | 行业 | 投诉量 | 环比/预期 | 状态 | 首次出现 |"))
        #expect(md.contains("| 1 | 预付式消费 · 商家7 · 合同问题投诉激增 | 预付式消费 | "))
        let csv = try ReportFormat.csv.render(report)
        #expect(csv.hasPrefix("rank,title,kind,") && csv.split(separator: "\r\n").count == report.hotspots.count + 1)
    }
}
