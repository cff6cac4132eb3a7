import Foundation
import Testing
import TousuText
@testable import TousuHotspots

/// Counting through numbered groups (`FieldGroups`, `TermGroups`) and through the text stage's
/// numbers (`ValueClass`) gives the counts and distinct texts that keying each record gives.
@Suite struct NumberedGroupsTests {
    static let analyzer = TextMentionHotspotTests.analyzer

    /// The counts of `add`, one record at a time (each group once per record).
    static func oneByOne(_ records: [ClassifiedRecord]) -> DailyAggregates {
        var out = DailyAggregates()
        for r in records { out.add(r) }
        return out
    }

    /// Records whose fields repeat and differ in the ways the groups can tell apart: absent and
    /// empty merchant or region, a nature twice, closure signals, carried and missing terms.
    static func records() throws -> [ClassifiedRecord] {
        var records = try DistinctTextTests.raw()
        for i in records.indices {
            switch i % 7 {
            case 0: records[i].merchant = ""
            case 1: records[i].region = ""
            case 2: records[i].natures = ["quality", "quality", "other"]
            case 3: records[i].closureSignals = ["跑路"]
            case 4: records[i].date = nil
            default: break
            }
        }
        records[5].tokens = ["异响", "异响", "B柱"]
        return records
    }

    @Test func numberedCountsAreTheRecordsCounts() throws {
        let records = try Self.records()
        #expect(records.contains { $0.merchant == "" } && records.contains { $0.merchant == nil && $0.date != nil })
        #expect(DailyAggregates(records) == Self.oneByOne(records))
        #expect(DailyAggregates(records, terms: false).days.values.allSatisfy { !$0.keys.contains { $0.kind == .term } })
        var analyzed = records
        _ = Self.analyzer.analyze(&analyzed, parts: .all)
        #expect(analyzed.contains { $0.termsClass != nil } && analyzed.contains { $0.tokens != nil && $0.termsClass == nil })
        #expect(DailyAggregates(analyzed) == Self.oneByOne(analyzed))
        var filled = records
        _ = Self.analyzer.analyze(&filled, parts: [.mentions, .closure])
        #expect(Self.analyzer.fillTerms(&filled, indices: filled.indices.filter { filled[$0].tokens == nil }).isEmpty)
        #expect(DailyAggregates(filled) == Self.oneByOne(filled))
        #expect(DailyAggregates(filled) == DailyAggregates(analyzed))
    }

    @Test func distinctTextsFromNumbersAreThoseFromBytes() throws {
        var records = try Self.records()
        _ = Self.analyzer.analyze(&records, parts: [.closure])
        #expect(records.allSatisfy { $0.textClass != nil })
        var plain = records
        for i in plain.indices { plain[i].text = String(plain[i].text) }  // the numbers cleared
        #expect(plain.allSatisfy { $0.textClass == nil })
        for indices in [Array(records.indices), records.indices.filter { $0 % 3 != 1 }.reversed(), []] {
            let numbered = DistinctTexts(records, indices: indices)
            let hashed = DistinctTexts(plain, indices: indices)
            #expect(numbered.texts == hashed.texts && numbered.textOf == hashed.textOf)
        }
        // Numbers of two numberings are not mixed: the bytes decide.
        var other = try Self.records()
        _ = Self.analyzer.analyze(&other, parts: [.closure])
        let mixed = Array(records.prefix(10)) + Array(other.suffix(10))
        let both = DistinctTexts(mixed, indices: mixed.indices)
        #expect(both.textOf.map { both.texts[$0] } == mixed.map(\.text))
        #expect(Set(both.texts).count == both.texts.count)
    }

    @Test func changingTheTextOrTermsClearsTheirNumbers() throws {
        var records = try Self.records()
        _ = Self.analyzer.analyze(&records, parts: .all)
        let i = records.indices.first { records[$0].termsClass != nil }!
        records[i].tokens?.append("新词")
        records[i].text += "。"
        #expect(records[i].textClass == nil && records[i].termsClass == nil)
        #expect(DailyAggregates(records) == Self.oneByOne(records))
    }
}
