import Foundation
import Testing
@testable import TousuHotspots

/// A closure alert is for a merchant of a closure sector — what most of its complaints are
/// classified as — not for any merchant one of whose complaints the classifier put there.
@Suite struct ClosureSectorTests {
    static let start = Day(year: 2024, month: 3, day: 1)!

    static func record(_ id: String, day: Int, sector: String, merchant: String, signals: [String] = []) -> ClassifiedRecord {
        ClassifiedRecord(
            id: id, date: start + day, sector: sector, natures: [], merchant: merchant,
            text: "\(merchant)的第\(id)条投诉", closureSignals: signals)
    }

    static func alerts(_ records: [ClassifiedRecord]) -> [String] {
        var a = DailyAggregates()
        for r in records { a.add(r) }
        return ClosureAlertFinder().alerts(records: records, aggregates: a, windowStart: start + 29, windowEnd: start + 29).map(\.merchant)
    }

    /// A health-products company, its complaints classified elderly_health, two of them saying
    /// its phone is not answered, one of those two put in prepaid by the classifier: no alert.
    /// The same two closure complaints about a gym whose complaints are prepaid: an alert.
    @Test func theMerchantsSectorDecides() {
        var company: [ClassifiedRecord] = []
        for d in 25...29 {
            company.append(Self.record("e\(d)", day: d, sector: "elderly_health", merchant: "华星健康科技有限公司"))
        }
        company.append(Self.record("c1", day: 28, sector: "prepaid", merchant: "华星健康科技有限公司", signals: ["电话打不通"]))
        company.append(Self.record("c2", day: 29, sector: "elderly_health", merchant: "华星健康科技有限公司", signals: ["找不到人"]))
        #expect(Self.alerts(company).isEmpty)

        let gym = [
            Self.record("g1", day: 28, sector: "prepaid", merchant: "悦美健身房", signals: ["关门"]),
            Self.record("g2", day: 29, sector: "other", merchant: "悦美健身房", signals: ["联系不上"]),
        ]
        #expect(Self.alerts(gym) == ["悦美健身房"])
        #expect(ClosureAlertFinder.isClosureMerchant(gym, sectors: ["prepaid"]))
        #expect(!ClosureAlertFinder.isClosureMerchant(company, sectors: ["prepaid"]))
    }
}
