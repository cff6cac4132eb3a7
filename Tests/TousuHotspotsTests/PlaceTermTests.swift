import Foundation
import Testing
@testable import TousuHotspots

/// A place the text names is evidence about that region, not a term of its own: a regional wave
/// whose records name their district in the text (家住丰台区，…) is one hotspot that names the
/// region, whether the records carry the region in a field too or only in the text, and whether
/// the region's own count is high enough to be a hotspot or only the records naming it are.
@Suite struct PlaceTermTests {
    static let analyzer = try! RecordAnalyzer.load(lexicons: Paths.lexicons)
    static let start = Day(year: 2024, month: 3, day: 1)!
    static let districts = ["北京市海淀区", "北京市朝阳区", "北京市丰台区", "北京市大兴区"]
    static let complaints = [
        "买的酸奶还没过期就变质了", "外卖送来的饭菜有异味", "面包里吃出了头发", "超市买的牛肉不新鲜",
        "火锅店的毛肚有股臭味", "奶茶喝完拉肚子", "饺子里有异物", "蛋糕发霉了商家不退",
    ]

    /// 40 days of food complaints with a region field, none naming a place in the text
    /// (丰台区: about 12 a day), and on the last day `wave` complaints from 丰台区 that name it in
    /// the text, with the region in their field too when `field` is set.
    static func stream(wave: Int, field: Bool) throws -> [ClassifiedRecord] {
        var rng = SplitMix64(seed: 11)
        var out: [ClassifiedRecord] = []
        for d in 0..<40 {
            for (i, district) in districts.enumerated() {
                for _ in 0..<rng.poisson([9, 8, 12, 6][i]) {
                    let text = complaints[Int(rng.next() % UInt64(complaints.count))] + "，订单\(out.count)"
                    out.append(try record("r\(out.count)", day: start + d, text: text, region: district))
                }
            }
        }
        let frames = ["家住丰台区，", "丰台区这边，", "在丰台区买的，"]
        for i in 0..<wave {
            let text = frames[i % frames.count] + complaints[i % complaints.count] + "，第\(i)位"
            out.append(try record("w\(i)", day: start + 39, text: text, region: field ? "北京市丰台区" : nil))
        }
        return out
    }

    static func record(_ id: String, day: Day, text: String, region: String?) throws -> ClassifiedRecord {
        var r = ClassifiedRecord(id: id, date: day, sector: "food", natures: ["quality"], region: region, text: text)
        try analyzer.analyze(&r)
        return r
    }

    @Test func aPlaceInTheTextIsTheRegionsTerm() throws {
        let terms = try Self.analyzer.hotspotTerms("家住丰台区，买的酸奶变质了")
        #expect(terms.contains("北京市丰台区"), "\(terms)")
        #expect(!terms.contains { $0.contains("丰台") && $0 != "北京市丰台区" }, "\(terms)")
        // Without the gazetteer's place the words are terms as before.
        #expect(try Self.analyzer.terms.terms("家住丰台区，买的酸奶变质了").contains { $0.hasPrefix("丰台") })
    }

    @Test(arguments: [(5, false), (5, true), (25, false), (25, true)])
    func regionalWaveIsOneRegionHotspot(wave: Int, field: Bool) throws {
        let records = try Self.stream(wave: wave, field: field)
        var a = DailyAggregates()
        for r in records { a.add(r) }
        let report = try HotspotFinder().find(aggregates: a, records: records)
        let listed = report.hotspots.map { "\($0.kind.rawValue)/\($0.key) \($0.count)" }
        let fengtai = report.hotspots.filter { $0.key.contains("丰台") }
        #expect(fengtai.count == 1, "\(listed)")
        #expect(fengtai.first?.kind == .region && fengtai.first?.key == "北京市丰台区", "\(listed)")
        #expect(!report.hotspots.contains { $0.kind == .term && $0.key.contains("丰台") }, "\(listed)")
        #expect(fengtai.first.map { $0.count >= 5 } ?? false)
        // A small wave is seen only in the records naming the place (the district's own count,
        // about 12 a day, is not far enough above it).
        if wave == 5 { #expect(fengtai.first?.placeInText == true, "\(listed)") }
        #expect(fengtai.first.map { !$0.echoes.contains("北京市丰台区") } ?? true)
    }

    /// A place term is a test of its region: it is corrected for the few regions tested, not for
    /// the sector's many words. Background complaints with 30 words each that occur nowhere else
    /// (over 900 term tests on the last day) and 3 complaints naming 丰台区 in the text: found,
    /// as the region.
    @Test func aPlaceTermIsTestedAmongTheRegions() throws {
        var rng = SplitMix64(seed: 5)
        func word() -> String { String((0..<5).map { _ in Character(UnicodeScalar(UInt8(97 + rng.next() % 26))) }) }
        var records: [ClassifiedRecord] = []
        for d in 0..<40 {
            for (i, district) in Self.districts.enumerated() {
                for _ in 0..<rng.poisson([9, 8, 12, 6][i]) {
                    let words = (0..<30).map { _ in word() }.joined(separator: " ")
                    let text = Self.complaints[Int(rng.next() % UInt64(Self.complaints.count))] + "，" + words
                    records.append(try Self.record("r\(records.count)", day: Self.start + d, text: text, region: district))
                }
            }
        }
        let frames = ["家住丰台区，", "丰台区这边，", "在丰台区买的，"]
        for i in 0..<3 {
            records.append(try Self.record("w\(i)", day: Self.start + 39, text: frames[i] + Self.complaints[i] + "，第\(i)位", region: nil))
        }
        var a = DailyAggregates()
        for r in records { a.add(r) }
        let report = try HotspotFinder().find(aggregates: a, records: records)
        #expect(report.tested > 900)
        let listed = report.hotspots.map { "\($0.kind.rawValue)/\($0.key) \($0.count)" }
        let fengtai = try #require(report.hotspots.first { $0.key == "北京市丰台区" }, "\(listed)")
        #expect(fengtai.kind == .region && fengtai.placeInText == true && fengtai.count == 3, "\(listed)")
        let frame = try HotspotDetector().frame(aggregates: a)
        #expect(frame.testFamily(GroupKey(.term, sector: "food", key: "北京市丰台区")) == .region)
        #expect(frame.testFamily(GroupKey(.term, sector: "food", key: "酸奶")) == .term)
    }
}
