import Foundation
import Testing
@testable import TousuHotspots

/// A district lifted by one merchant's burst is that burst's echo; when the merchant's burst ends,
/// the district is not raised on the days it carried as an echo (the elevated run before the
/// current window): its own window must stand out.
@Suite struct EchoRunTests {
    static let start = Day(year: 2024, month: 3, day: 1)!
    static let districts = ["北京市海淀区", "北京市朝阳区", "北京市丰台区", "北京市大兴区"]
    static let products = ["悦力牌牛奶", "蓝星牌面包", "优美牌水饺", "恒启牌火腿肠", "卓嘉牌月饼", "宏锦牌辣条", "康泰牌卤味", "瑞安牌酸奶"]

    static func record(_ id: String, _ day: Int, region: String, merchant: String? = nil) -> ClassifiedRecord {
        ClassifiedRecord(
            id: id, date: start + day, sector: "food", natures: ["quality"], merchant: merchant, region: region,
            text: "买的东西变质了", tokens: [])
    }

    /// 40 days of food complaints about 8 products in 4 districts (大兴区: about 6 a day); a product's burst of
    /// 30 a day from 大兴区 on days 36–38; on day 39 the product is quiet and 大兴区 has `extra`
    /// more complaints than usual.
    static func stream(extra: Int) -> [ClassifiedRecord] {
        var rng = SplitMix64(seed: 5)
        var out: [ClassifiedRecord] = []
        for d in 0..<40 {
            for (i, district) in districts.enumerated() {
                for _ in 0..<rng.poisson([60, 50, 40, 6][i]) {
                    out.append(record("r\(out.count)", d, region: district, merchant: products[Int(rng.next() % UInt64(products.count))]))
                }
            }
        }
        for d in 36...38 { for i in 0..<30 { out.append(record("b\(d)-\(i)", d, region: "北京市大兴区", merchant: "金鼎牌酸奶")) } }
        for i in 0..<extra { out.append(record("x\(i)", 39, region: "北京市大兴区")) }
        return out
    }

    static func report(_ records: [ClassifiedRecord], asOf day: Int) throws -> HotspotReport {
        var a = DailyAggregates()
        for r in records { a.add(r) }
        return try HotspotFinder().find(aggregates: a, records: records, asOf: start + day)
    }

    @Test func districtIsNotRaisedOnItsEchoDays() throws {
        let records = Self.stream(extra: 7)
        let during = try Self.report(records, asOf: 38)
        let product = try #require(during.hotspots.first { $0.key == "金鼎牌酸奶" }, "\(during.hotspots.map(\.title))")
        #expect(!during.hotspots.contains { $0.key == "北京市大兴区" }, "\(during.hotspots.map(\.title))")
        #expect(product.echoes.contains("北京市大兴区"), "\(product.echoes)")
        // Day 39: about 13 against 6 — twice the usual (p ≈ 0.01 alone), but no burst of its own.
        let after = try Self.report(records, asOf: 39)
        #expect(!after.hotspots.contains { $0.key == "北京市大兴区" }, "\(after.hotspots.map { "\($0.title) \($0.count) vs \($0.expected)" })")
    }

    @Test func districtWithABurstOfItsOwnIsRaised() throws {
        let after = try Self.report(Self.stream(extra: 30), asOf: 39)
        #expect(after.hotspots.contains { $0.kind == .region && $0.key == "北京市大兴区" }, "\(after.hotspots.map(\.title))")
    }
}
