import Foundation
import Testing
import TousuText
@testable import TousuHotspots

/// The real car-complaint stream (2020-06-05 … 2021-02-07), brand + model as the merchant key.
@Suite struct RealStreamTests {
    static func load() throws -> (records: [ClassifiedRecord], aggregates: DailyAggregates)? {
        guard FileManager.default.fileExists(atPath: Paths.carStream.path) else { return nil }
        var fields = RecordReader.Fields()
        fields.merchant = ["brand", "model"]
        let reader = RecordReader(fields: fields, defaultSector: "auto")
        var (records, _) = try reader.read(path: Paths.carStream.path)
        let analyzer = try RecordAnalyzer.load(lexicons: Paths.lexicons)
        for i in records.indices { try analyzer.analyze(&records[i]) }
        var aggregates = DailyAggregates()
        for r in records { aggregates.add(r) }
        return (records, aggregates)
    }

    static func finder(_ window: WindowKind) throws -> HotspotFinder {
        var p = HotspotParameters()
        p.window = window
        return HotspotFinder(
            parameters: p, names: DisplayNames.load(lexicons: Paths.lexicons),
            templates: try WarningTemplates.load(directory: Paths.lexicons.appendingPathComponent("warnings")))
    }

    static let atenza = "一汽马自达阿特兹"

    /// The B-pillar (B柱) noise wave of the Mazda Atenza, June 2020: 145 of its 153 complaints fall
    /// in 2020-06-05 … 06-18, 82 of them about B柱. The stream starts inside the wave, so on the first
    /// day the model is compared with a typical model (prior share) and stands far above it.
    @Test func atenzaBPillarWaveOnTheFirstDay() throws {
        guard let (records, aggregates) = try Self.load() else {
            print("RealStreamTests skipped: \(Paths.carStream.path) is missing"); return
        }
        let report = try Self.finder(.day).find(aggregates: aggregates, records: records, asOf: Day(parsing: "2020-06-05"))
        #expect(report.windowRecords == 148)
        let top = try #require(report.hotspots.first)
        #expect(top.kind == .merchant && top.key == Self.atenza && top.count == 26)
        #expect(top.title == "汽车及配件 · 一汽马自达阿特兹 · 投诉激增")
        #expect(top.ratio > 10)
        #expect(top.terms.prefix(3).map(\.term).contains("b柱"), "\(top.terms)")
        #expect(top.representatives.count == 3 && top.representatives.allSatisfy { $0.snippet.contains("B柱") })
        #expect(top.warning.contains("一汽马自达阿特兹涉及汽车及配件的消费投诉共26件"))
    }

    /// Weekly: the first week (06-01, three days of records) has no history, so the Atenza is
    /// compared with the other car models (gamma spread of their sizes, the Atenza left out) and
    /// stands far above them: new. The next week is the wave's second week at the same share (87
    /// of 644 after 54 of 447): no rise against its own history, but still far above the
    /// expectation it had before the wave, so it is listed as ongoing since 06-01. Its terms are
    /// the defect's (B柱, 异响), none of the generic words.
    @Test func atenzaWaveInWeeklyWindows() throws {
        guard let (records, aggregates) = try Self.load() else {
            print("RealStreamTests skipped: \(Paths.carStream.path) is missing"); return
        }
        let first = try Self.finder(.week).find(aggregates: aggregates, records: records, asOf: Day(parsing: "2020-06-07"))
        #expect(first.windowStart.description == "2020-06-01" && first.historyWindows == 0)
        let atenza = try #require(first.hotspots.first, "\(first.hotspots.map(\.title))")
        #expect(atenza.key == Self.atenza && atenza.count == 54 && atenza.ratio > 10)
        #expect(atenza.terms.prefix(3).map(\.term).contains("b柱"), "\(atenza.terms)")
        let second = try Self.finder(.week).find(aggregates: aggregates, records: records, asOf: Day(parsing: "2020-06-14"))
        #expect(second.historyWindows == 1)
        let ongoing = try #require(second.hotspots.first { $0.key == Self.atenza }, "\(second.hotspots.map(\.title))")
        #expect(ongoing.status == .ongoing && ongoing.count == 87 && ongoing.firstWindow.description == "2020-06-01")
        #expect(ongoing.burstCount == 54 + 87 && ongoing.expected < 10)
        #expect(ongoing.title.contains("投诉持续（自6月1日起）"), "\(ongoing.title)")
        for h in [atenza, ongoing] {
            let top5 = h.terms.prefix(5).map(\.term)
            #expect(top5.contains { $0.contains("b柱") } && top5.contains { $0.contains("异响") }, "\(top5)")
            let generic = ["服务", "工作", "人员", "先生", "问题", "车辆", "汽车"]
            #expect(!top5.contains { generic.contains($0) }, "\(top5)")
            #expect(!h.warning.contains("主要反映其他方面的问题"))
        }
        // Not a hotspot any more at the end of the stream.
        let last = try Self.finder(.week).find(aggregates: aggregates, records: records)
        #expect(last.windowStart.description == "2021-02-01")
        #expect(!last.hotspots.contains { $0.key == Self.atenza })
    }

    /// The stream is three crawls with months between them. History stops at such a gap, so a
    /// popular model that one crawl missed (东风日产轩逸: none in June, 17 in the week of 08-24,
    /// 18 in Jan–Feb 2021) is not a "new" hotspot against a typical model or against June.
    @Test func gapsDoNotMakeNewGroups() throws {
        guard let (records, aggregates) = try Self.load() else {
            print("RealStreamTests skipped: \(Paths.carStream.path) is missing"); return
        }
        for asOf in ["2020-08-23", "2020-08-30", "2021-01-31", "2021-02-07"] {
            let report = try Self.finder(.week).find(aggregates: aggregates, records: records, asOf: Day(parsing: asOf))
            #expect(report.historyWindows <= 1, "\(asOf): history reaches across the gap")
            #expect(report.hotspots.isEmpty, "\(asOf): \(report.hotspots.map { "\($0.title) \($0.count) vs \($0.expected)" })")
        }
    }

    /// Kleinberg over the whole weekly series puts the Atenza's June weeks, and only those, in
    /// the burst state.
    @Test func kleinbergSeesTheJuneWeeks() throws {
        guard let (_, aggregates) = try Self.load() else {
            print("RealStreamTests skipped: \(Paths.carStream.path) is missing"); return
        }
        let weeks = aggregates.windows(.week).sorted { $0.key < $1.key }
        let key = GroupKey(.merchant, sector: "auto", key: Self.atenza)
        let states = Kleinberg().states(
            relevant: weeks.map { $0.value[key] ?? 0 }, totals: weeks.map { $0.value[GroupKey(.total)] ?? 0 })
        let burst = zip(weeks, states).filter { $0.1 == 1 }.map { $0.0.key.description }
        #expect(burst == ["2020-06-01", "2020-06-08"], "\(burst)")
    }
}
