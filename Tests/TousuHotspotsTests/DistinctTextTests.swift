import Foundation
import Testing
import TousuText
@testable import TousuHotspots

/// The text stage over many records at once (each distinct text analyzed once) fills every record
/// as the record-by-record stage does, and `GroupMembers` finds the records `keys(of:)` puts in a
/// group.
@Suite struct DistinctTextTests {
    static let analyzer = TextMentionHotspotTests.analyzer

    /// Records as read: repeated texts, some with merchant and region fields, some with closure
    /// signals, one that already carries terms.
    static func raw() throws -> [ClassifiedRecord] {
        let texts = try TextMentionHotspotTests.background(days: 10, seed: 5).map(\.text)
            + ["丽人坊美容院突然关门了，退卡无门", "丽人坊美容院突然关门了，退卡无门", "B柱异响，4S店说正常"]
        return texts.enumerated().map { i, text in
            var r = ClassifiedRecord(
                id: "t\(i)", date: TextMentionHotspotTests.start + i % 10, sector: i % 3 == 0 ? "prepaid" : "auto",
                natures: i % 2 == 0 ? ["contract"] : ["quality", "other"], text: text)
            if i % 4 == 0 {
                r.merchant = "星光健身房"
                r.region = "杭州市西湖区"
            } else if i % 4 == 1 {
                r.merchant = "金鼎美发店"
            }
            if i == 7 { r.tokens = ["已有"] }
            return r
        }
    }

    @Test func arrayStageFillsRecordsAsOneByOne() throws {
        let records = try Self.raw()
        #expect(Set(records.map(\.text)).count < records.count)  // texts repeat
        for parts: RecordAnalyzer.Parts in [.all, [.mentions], [.mentions, .closure], [.terms], [.closure]] {
            var one = records
            for i in one.indices { try Self.analyzer.analyze(&one[i], parts: parts) }
            var all = records
            let failures = Self.analyzer.analyze(&all, parts: parts)
            #expect(failures.isEmpty)
            #expect(all == one, "parts \(parts.rawValue)")
        }
        var all = records
        _ = Self.analyzer.analyze(&all, parts: .all)
        #expect(all.contains { !$0.closureSignals.isEmpty } && all.contains { $0.merchantSource == .text })
    }

    @Test func fillTermsTokenizesAsTheExtractor() throws {
        var records = try Self.raw()
        let indices = Array(records.indices.filter { $0 % 2 == 0 })
        #expect(Self.analyzer.fillTerms(&records, indices: indices).isEmpty)
        for i in records.indices {
            #expect(records[i].tokens == (i % 2 == 0 ? try Self.analyzer.hotspotTerms(records[i].text) : (i == 7 ? ["已有"] : nil)))
        }
    }

    @Test func membersAreTheRecordsKeyedToTheGroup() throws {
        var records = try Self.raw()
        _ = Self.analyzer.analyze(&records, parts: .all)
        records[3].tokens = (records[3].tokens ?? []) + (records[3].tokens ?? [])  // a term twice counts once
        var groups = Array(Set(records.flatMap { DailyAggregates.keys(of: $0) })).sorted()
        groups.append(GroupKey(.term, sector: "prepaid", key: "不在其中"))
        #expect(groups.contains { $0.kind == .term } && groups.contains { $0.kind == .closure } && groups.contains { $0.kind == .theme })
        let found = GroupMembers.find(groups, in: records, indices: records.indices)
        for (g, members) in zip(groups, found) {
            #expect(members == records.indices.filter { DailyAggregates.keys(of: records[$0]).contains(g) }, "\(g)")
        }
    }
}
