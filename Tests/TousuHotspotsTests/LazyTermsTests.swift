import Foundation
import Testing
import TousuMentions
import TousuText
@testable import TousuHotspots

/// `HotspotRun.analyzer` and `RecordAnalyzer.Parts`: terms filled after reading, for the windows
/// detection looks at only, give the report that terms filled for every record give.
@Suite struct LazyTermsTests {
    static let analyzer = TextMentionHotspotTests.analyzer
    static let run = HotspotRun(
        parameters: HotspotParameters(), names: DisplayNames.load(lexicons: Paths.lexicons),
        templates: try! WarningTemplates.load(directory: Paths.lexicons.appendingPathComponent("warnings")))

    /// 90 days of background and a closing salon at the end; records without terms.
    static func stream() throws -> [ClassifiedRecord] {
        var records = try TextMentionHotspotTests.background(days: 90, seed: 11).map { r -> ClassifiedRecord in
            var r = r
            r.tokens = nil
            return r
        }
        for i in 0..<12 {
            var r = ClassifiedRecord(
                id: "b\(i)", date: TextMentionHotspotTests.start + (88 + i % 2), sector: "prepaid", natures: ["contract"],
                text: "丽人坊美容院突然关门了，退卡无门，会员\(i)号")
            try analyzer.analyze(&r, parts: [.mentions, .closure])
            records.append(r)
        }
        return records
    }

    @Test func onlyTheFrameWindowsNeedTerms() throws {
        let records = try Self.stream()
        var p = HotspotParameters()
        let start = try #require(HotspotRun.termWindowsStart(records, asOf: nil, parameters: p))
        // Day windows: the current day and 28 + max(28, 12) days with records before it.
        #expect(start == TextMentionHotspotTests.start + (89 - 56))
        p.window = .week
        // 13 weeks of data, fewer than the frame holds: every record.
        #expect(HotspotRun.termWindowsStart(records, asOf: nil, parameters: p) == TextMentionHotspotTests.start.weekStart)
    }

    @Test func lazyTermsGiveTheSameReport() throws {
        let records = try Self.stream()
        var eager = records
        try HotspotRun.fillTerms(&eager, from: nil, analyzer: Self.analyzer)
        #expect(eager.allSatisfy { $0.tokens != nil })
        var lazyRun = Self.run
        lazyRun.analyzer = Self.analyzer
        for window in WindowKind.allCases {
            var a = Self.run, b = lazyRun
            a.parameters.window = window
            b.parameters.window = window
            let full = try a.report(records: eager, summary: .init(), asOf: nil)
            let lazy = try b.report(records: records, summary: .init(), asOf: nil)
            #expect(full.hotspots == lazy.hotspots && full.alerts == lazy.alerts, "\(window)")
            #expect(full.tested == lazy.tested)
        }
        #expect(try Self.run.report(records: eager, summary: .init(), asOf: nil).hotspots.contains { $0.key == "丽人坊美容院" })
    }

    @Test func partsTokenizeOnlyWhatIsAsked() throws {
        var r = ClassifiedRecord(id: "x", date: nil, sector: "prepaid", natures: [], merchant: "某店", region: "杭州市西湖区", text: "丽人坊美容院关门了")
        try Self.analyzer.analyze(&r, parts: [.mentions, .closure])
        #expect(r.tokens == nil && r.merchant == "某店" && r.merchantSource == .field && r.closureSignals == ["关门"])
        var t = ClassifiedRecord(id: "y", date: nil, sector: "prepaid", natures: [], text: "丽人坊美容院关门了")
        try Self.analyzer.analyze(&t, parts: [.mentions])
        #expect(t.tokens == nil && t.merchant == "丽人坊美容院" && t.merchantSource == .text && t.closureSignals.isEmpty)
    }
}
