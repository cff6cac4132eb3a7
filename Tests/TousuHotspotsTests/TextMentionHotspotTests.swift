import Foundation
import Testing
import TousuMentions
import TousuText
@testable import TousuHotspots

/// Hotspots over records that name their merchant and district only in the text: the text
/// stage (RecordAnalyzer) fills merchant and region, a salon that closes is a merchant hotspot
/// and a closure alert, a regional wave says where it is.
@Suite struct TextMentionHotspotTests {
    static let analyzer = try! RecordAnalyzer.load(lexicons: Paths.lexicons)
    static let start = Day(year: 2024, month: 3, day: 1)!
    static let shops = ["星光健身房", "金鼎美发店", "悦容美容院", "博学培训学校", "乐活养生馆", "康宁大药房"]
    static let districts = ["杭州市西湖区", "杭州市滨江区", "杭州市萧山区", "宁波市鄞州区"]
    static let complaints = ["办卡后服务缩水", "退卡要扣高额手续费", "课程和宣传不符", "续费时被强制推销", "预约总是约不上", "员工态度很差"]

    /// `days` days of prepaid complaints about 6 shops named in the text, in 4 districts; the
    /// caller adds what it tests.
    static func background(days: Int, seed: UInt64 = 3) throws -> [ClassifiedRecord] {
        var rng = SplitMix64(seed: seed)
        var out: [ClassifiedRecord] = []
        for d in 0..<days {
            for (i, shop) in shops.enumerated() {
                for _ in 0..<rng.poisson(2) {
                    let text = "我在\(districts[(i + Int(rng.next() % 2)) % 4])的\(shop)办了会员卡，\(complaints[Int(rng.next() % 6)])。"
                    out.append(try record("r\(out.count)", day: start + d, text: text))
                }
            }
        }
        return out
    }

    static func record(_ id: String, day: Day, text: String, natures: [String] = ["contract"]) throws -> ClassifiedRecord {
        var r = ClassifiedRecord(id: id, date: day, sector: "prepaid", natures: natures, text: text)
        try analyzer.analyze(&r)
        return r
    }

    static func report(_ records: [ClassifiedRecord], asOf: Day? = nil) throws -> HotspotReport {
        var a = DailyAggregates()
        for r in records { a.add(r) }
        return try HotspotFinder(
            names: DisplayNames.load(lexicons: Paths.lexicons),
            templates: try WarningTemplates.load(directory: Paths.lexicons.appendingPathComponent("warnings"))
        ).find(aggregates: a, records: records, asOf: asOf)
    }

    @Test func merchantAndRegionComeFromTheText() throws {
        let r = try Self.record("x", day: Self.start, text: "我在杭州市西湖区的丽人坊美容院办了卡，现在关门了联系不上老板")
        #expect(r.merchant == "丽人坊美容院" && r.merchantSource == .text)
        #expect(r.region == "杭州市西湖区" && r.regionSource == .text)
        #expect(r.closureSignals == ["关门", "联系不上"])
        var withField = ClassifiedRecord(id: "y", date: Self.start, sector: "prepaid", natures: [], merchant: "某店", text: "丽人坊美容院关门了")
        try Self.analyzer.analyze(&withField)
        #expect(withField.merchant == "某店" && withField.merchantSource == .field)
    }

    /// 13 complaints in two days about a salon named only in the text (丽 人 坊 are single
    /// characters to ICU): a merchant hotspot, and a closure alert at the top of the report.
    @Test func closingSalonNamedOnlyInText() throws {
        var records = try Self.background(days: 40)
        let texts = ["丽人坊美容院突然关门了，卡里还有三千元", "丽人坊美容院老板跑路，联系不上", "丽人坊美容院门上贴了转让，人去楼空",
                     "我在丽人坊美容院充的卡没法用了，店关门了", "丽人坊美容院闭店，预付款退不了"]
        for i in 0..<13 {
            records.append(try Self.record("s\(i)", day: Self.start + 38 + i % 2, text: texts[i % texts.count] + "（第\(i)位会员）"))
        }
        let report = try Self.report(records)
        let h = try #require(report.hotspots.first { $0.kind == .merchant && $0.key == "丽人坊美容院" }, "\(report.hotspots.map(\.title))")
        #expect(h.count >= 6)
        let alert = try #require(report.alerts.first, "no closure alert")
        #expect(alert.merchant == "丽人坊美容院" && alert.merchantSource == "text" && alert.closureComplaints >= 6)
        #expect(alert.title == "预付卡跑路预警 · 丽人坊美容院" && alert.warning.contains("丽人坊美容院"))
        let md = try ReportFormat.markdown.render(report)
        #expect(md.range(of: "预付卡跑路预警")!.lowerBound < md.range(of: "| 排名 |")!.lowerBound)
        // The warning's terms are the closure's, not generic words.
        #expect(!h.terms.prefix(5).contains { ["服务", "工作", "人员", "先生", "美容"].contains($0.term) }, "\(h.terms)")
    }

    /// The second closure complaint within a few days raises the alert; one alone does not, nor
    /// two that are far apart.
    @Test func closureAlertFromTheSecondComplaint() throws {
        let records = try Self.background(days: 30)
        let one = try Self.record("c1", day: Self.start + 27, text: "悦美健身房突然关门了，年卡还剩十个月")
        let two = try Self.record("c2", day: Self.start + 29, text: "悦美健身房人去楼空，老板联系不上")
        let early = try Self.record("c0", day: Self.start + 10, text: "悦美健身房闭店装修说一周后开")
        #expect(try Self.report(records + [one]).alerts.isEmpty)
        #expect(try Self.report(records + [early, two]).alerts.isEmpty)
        let alerts = try Self.report(records + [one, two]).alerts
        #expect(alerts.map(\.merchant) == ["悦美健身房"] && alerts.first?.closureComplaints == 2)
        #expect(alerts.first?.firstDate == Self.start + 27 && alerts.first?.lastDate == Self.start + 29)
    }

    /// A wave of food-safety complaints in one district: the nature or term hotspot says where.
    @Test func regionalWaveSaysWhere() throws {
        var records = try Self.background(days: 40)
        for i in 0..<12 {
            records.append(try Self.record("f\(i)", day: Self.start + 39, text: "杭州市滨江区一家店的会员课程临时取消还不退费，第\(i)次", natures: ["contract", "price"]))
        }
        let report = try Self.report(records)
        let regional = report.hotspots.first { $0.kind == .region && $0.key == "杭州市滨江区" }
        let located = report.hotspots.first { $0.concentration.contains { $0.kind == .region && $0.key == "杭州市滨江区" } }
        #expect(regional != nil || located != nil, "\(report.hotspots.map { "\($0.title) \($0.concentration)" })")
    }

    /// A burst over several days keeps being reported (ongoing) with its first day and total.
    @Test func ongoingBurstKeepsBeingReported() throws {
        var records = try Self.background(days: 40)
        for d in 0..<4 {
            for i in 0..<10 {
                records.append(try Self.record("w\(d)-\(i)", day: Self.start + 36 + d, text: "星光健身房换了老板不认老会员卡，第\(i)人"))
            }
        }
        let first = try Self.report(records, asOf: Self.start + 36)
        #expect(first.hotspots.first { $0.key == "星光健身房" }?.status == .new)
        let later = try Self.report(records, asOf: Self.start + 39)
        let h = try #require(later.hotspots.first { $0.key == "星光健身房" }, "\(later.hotspots.map(\.title))")
        #expect(h.status == .ongoing && h.firstWindow == Self.start + 36 && h.burstCount >= 40)
        #expect(h.title.contains("投诉持续"))
    }
}

@Suite struct TermExtractorTests {
    static let analyzer = try! RecordAnalyzer.load(lexicons: Paths.lexicons)

    @Test func runsPhrasesAndStopTerms() throws {
        let terms = try Self.analyzer.terms.terms("丽人坊美容院的工作人员服务态度差，B柱异响")
        #expect(terms.contains("丽人坊"))            // single characters merged back
        #expect(terms.contains("b柱") && terms.contains("异响") && terms.contains("b柱异响"))
        #expect(!terms.contains("服务") && !terms.contains("工作人员"))
    }
}

@Suite struct DateLimitTests {
    @Test func futureDatesAreUnusable() throws {
        var records = [
            ClassifiedRecord(id: "a", date: Day(parsing: "2020-06-05"), sector: "auto", natures: [], text: "x"),
            ClassifiedRecord(id: "b", date: Day(parsing: "9999-01-01"), sector: "auto", natures: [], text: "y"),
        ]
        #expect(DateLimits.dropDates(after: DateLimits.today(), in: &records) == 1)
        #expect(records[1].date == nil && records[0].date != nil)
        var a = DailyAggregates()
        for r in records { a.add(r) }
        #expect(throws: HotspotError.self) { try DateLimits.check(Day(parsing: "2019-01-01")!, window: .day, within: a, label: "--as-of") }
        try DateLimits.check(Day(parsing: "2020-06-07")!, window: .week, within: a, label: "--as-of")
    }
}
