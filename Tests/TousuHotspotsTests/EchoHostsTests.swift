import Foundation
import Testing
@testable import TousuHotspots

/// Hotspots that other, more specific hotspots explain: a nature lifted by two concurrent bursts
/// between them (`HotspotDetector.withoutEchoes`), and a term that is a piece of the name of the
/// merchant most of its records are about (`HotspotDetector.withoutHollowTerms`).
@Suite struct EchoHostsTests {
    static let day = Day(year: 2024, month: 4, day: 1)!

    static func detection(_ kind: GroupKind, _ sector: String, _ key: String, count: Int, expected: Double) -> Detection {
        Detection(
            group: GroupKey(kind, sector: sector, key: key), count: count, expected: expected, logP: -20, logQ: -18,
            rate: expected / 400, size: nil, historyCount: 100, status: .new, firstIndex: 0, detectedIndex: 0, peak: count)
    }

    static func food(_ id: String, safety: Bool, merchant: String? = nil, region: String? = nil, text: String) -> ClassifiedRecord {
        ClassifiedRecord(
            id: id, date: day, sector: "food", natures: safety ? ["safety"] : ["quality"], merchant: merchant, region: region,
            text: text, tokens: [])
    }

    /// A food product's burst (15 safety complaints) and a district's food wave (15 more, no
    /// merchant) on one day, over 10 usual safety complaints spread over the city; `spread` more
    /// safety complaints that neither burst holds.
    static func window(spread: Int) -> [ClassifiedRecord] {
        var out: [ClassifiedRecord] = []
        for i in 0..<15 { out.append(food("p\(i)", safety: true, merchant: "信美牌卤味", region: "北京市朝阳区", text: "卤味吃了拉肚子\(i)")) }
        for i in 0..<15 { out.append(food("w\(i)", safety: true, region: "北京市大兴区", text: "大兴这边买的菜有问题\(i)")) }
        for i in 0..<(10 + spread) { out.append(food("s\(i)", safety: true, region: "北京市海淀区", text: "食品不安全\(i)")) }
        for i in 0..<60 { out.append(food("q\(i)", safety: false, region: "北京市海淀区", text: "质量一般\(i)")) }
        return out
    }

    static func hotspots(spread: Int) -> [Detection] {
        let records = window(spread: spread)
        let chosen = [
            detection(.merchant, "food", "信美牌卤味", count: 15, expected: 0.5),
            detection(.region, "food", "北京市大兴区", count: 15 + 0, expected: 2),
            detection(.nature, "food", "safety", count: 40 + spread, expected: 10),
        ]
        return HotspotDetector.withoutEchoes(chosen, records: records, window: Array(records.indices), parameters: HotspotParameters())
    }

    @Test func aNatureTwoBurstsExplainBetweenThemIsTheirEcho() {
        let kept = Self.hotspots(spread: 0)
        // 40 safety complaints against 10: 25 without either burst's records alone (a hotspot by
        // the old one-host rule), 10 without both (just the usual).
        #expect(!kept.contains { $0.group.kind == .nature }, "\(kept.map(\.group.key))")
        #expect(kept.contains { $0.echoes.contains(GroupKey(.nature, sector: "food", key: "safety")) }, "\(kept.map(\.echoes))")
    }

    @Test func aNatureRisingBeyondBothBurstsIsKept() {
        // 25 more safety complaints than both bursts explain: a rise of its own.
        let kept = Self.hotspots(spread: 25)
        #expect(kept.contains { $0.group.kind == .nature && $0.group.key == "safety" }, "\(kept.map(\.group.key))")
    }

    static func car(_ id: String, merchant: String, tokens: [String]) -> ClassifiedRecord {
        ClassifiedRecord(
            id: id, date: day, sector: "auto", natures: ["quality"], merchant: merchant, text: tokens.joined() + id,
            tokens: tokens)
    }

    @Test func aPieceOfTheMerchantsNameIsNoTermHotspot() {
        var records: [ClassifiedRecord] = []
        for i in 0..<6 { records.append(Self.car("a\(i)", merchant: "北京汽车制造厂BJ 212", tokens: ["北京汽车制造厂", "bj", "异响"])) }
        let others = ["一汽-大众探岳", "广汽丰田凯美瑞", "吉利汽车熊猫", "长安马自达马自达3"]
        for i in 0..<8 { records.append(Self.car("o\(i)", merchant: others[i % 4], tokens: ["异响", "马自达"])) }
        let chosen = [
            Self.detection(.term, "auto", "北京汽车制造厂", count: 6, expected: 0.05),
            Self.detection(.term, "auto", "bj", count: 6, expected: 0.05),
            // 14 records over five models: the model's own word, not a piece of one name.
            Self.detection(.term, "auto", "异响", count: 14, expected: 2),
            // A piece of one model's name, but its records are spread over four models.
            Self.detection(.term, "auto", "马自达", count: 8, expected: 1),
        ]
        let kept = HotspotDetector.withoutHollowTerms(chosen, records: records, window: Array(records.indices), minimum: 3)
        #expect(kept.map(\.group.key) == ["异响", "马自达"])
    }
}
