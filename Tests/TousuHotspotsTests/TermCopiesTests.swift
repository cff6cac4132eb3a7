import Foundation
import Testing
@testable import TousuHotspots

/// A term hotspot needs several distinct texts: four copies of one complaint are one voice.
@Suite struct TermCopiesTests {
    static func report(lastDay texts: [String]) throws -> HotspotReport {
        var records = try PlaceTermTests.stream(wave: 0, field: true)
        for (i, text) in texts.enumerated() {
            records.append(try PlaceTermTests.record("t\(i)", day: PlaceTermTests.start + 39, text: text, region: nil))
        }
        var a = DailyAggregates()
        for r in records { a.add(r) }
        return try HotspotFinder().find(aggregates: a, records: records)
    }

    @Test func copiesOfOneComplaintAreNoTermHotspot() throws {
        let copies = try Self.report(lastDay: Array(repeating: "买的榴莲千层蛋糕变质发酸，商家拒绝退款", count: 4))
        #expect(!copies.hotspots.contains { $0.kind == .term }, "\(copies.hotspots.map { "\($0.kind.rawValue)/\($0.key)" })")
        let distinct = try Self.report(lastDay: [
            "买的榴莲千层蛋糕变质发酸，商家拒绝退款", "榴莲千层蛋糕吃完拉肚子", "榴莲千层蛋糕里有头发", "订的榴莲千层蛋糕送来已经化了",
        ])
        #expect(distinct.hotspots.contains { $0.kind == .term && $0.key.contains("榴莲") }, "\(distinct.hotspots.map { "\($0.kind.rawValue)/\($0.key)" })")
    }
}
