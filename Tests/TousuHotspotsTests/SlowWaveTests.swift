import Foundation
import Testing
@testable import TousuHotspots

/// A slow regional wave — a district's elderly-health complaints at twice their usual level for
/// ten days, every other day no higher than usual — is one wave, not ten unremarkable days: the
/// run before the current day is the stretch that is elevated as a whole (`BurstDetector.elevatedRun`),
/// so the wave's quiet days neither cut it nor raise the baseline it is measured against. A
/// stream without the wave raises nothing.
@Suite struct SlowWaveTests {
    static let start = Day(year: 2024, month: 3, day: 1)!
    static let districts = ["北京市海淀区", "北京市朝阳区", "北京市丰台区", "北京市大兴区", "北京市通州区", "北京市昌平区"]
    static let wave = 30..<40

    /// 40 days: per district about 3 elderly-health and 12 food complaints a day; with `wave`,
    /// 北京市丰台区's elderly-health complaints on days 30–39 are 9, 3, 9, 3, … (6 a day, twice the
    /// usual, each second day at the usual level).
    static func stream(wave withWave: Bool, seed: UInt64 = 3) -> [ClassifiedRecord] {
        var rng = SplitMix64(seed: seed)
        var out: [ClassifiedRecord] = []
        func add(_ day: Int, _ sector: String, _ district: String) {
            out.append(ClassifiedRecord(
                id: "r\(out.count)", date: start + day, sector: sector, natures: [sector == "food" ? "quality" : "false_ad"],
                region: district, text: "投诉\(out.count)", tokens: []))
        }
        for d in 0..<40 {
            for district in districts {
                let elderly = withWave && district == "北京市丰台区" && wave.contains(d) ? ((d - wave.lowerBound) % 2 == 0 ? 9 : 3)
                    : rng.poisson(3)
                for _ in 0..<elderly { add(d, "elderly_health", district) }
                for _ in 0..<rng.poisson(12) { add(d, "food", district) }
            }
        }
        return out
    }

    static func reports(_ records: [ClassifiedRecord], days: Range<Int>) throws -> [(day: Int, report: HotspotReport)] {
        var a = DailyAggregates()
        for r in records { a.add(r) }
        return try days.map { ($0, try HotspotFinder().find(aggregates: a, records: records, asOf: start + $0)) }
    }

    @Test func slowWaveAtTwiceTheBaselineIsRaised() throws {
        let days = try Self.reports(Self.stream(wave: true), days: Self.wave)
        let raised = days.filter { $0.report.hotspots.contains { $0.kind == .region && $0.key == "北京市丰台区" } }.map(\.day)
        #expect(!raised.isEmpty, "\(days.map { "\($0.day): \($0.report.hotspots.map(\.title))" })")
        // Raised on a day at twice the usual (9), within the first half of the wave.
        #expect(raised.allSatisfy { ($0 - Self.wave.lowerBound) % 2 == 0 }, "\(raised)")
        #expect((raised.min() ?? 99) <= Self.wave.lowerBound + 6, "\(raised)")
        // Nothing else is raised.
        let others = days.flatMap { $0.report.hotspots.filter { !($0.kind == .region && $0.key == "北京市丰台区") } }
        #expect(others.isEmpty, "\(others.map(\.title))")
    }

    @Test(arguments: [UInt64(3), 4, 5])
    func quietStreamRaisesNothing(seed: UInt64) throws {
        let days = try Self.reports(Self.stream(wave: false, seed: seed), days: 20..<40)
        let raised = days.flatMap { d in d.report.hotspots.map { "day \(d.day): \($0.title) \($0.count) vs \($0.expected)" } }
        #expect(raised.isEmpty, "\(raised)")
    }

    @Test func runBridgesAQuietDayButNotAQuietSpell() {
        // The current window, then the windows before it newest first; expectation 3 everywhere,
        // ρ = 2 (a window scores c ln 2 − 3: 9 → +3.24, 4 → −0.23, 3 → −0.92).
        func run(_ current: Int, _ counts: [Int]) -> Int {
            BurstDetector.elevatedRun(ratio: 2, most: 14, current: (current, 3)) { k in k < counts.count ? (counts[k], 3.0) : nil }
        }
        // A wave of 9, 3, 9, 3, 9, 3 before a day of 9: the days of 3 inside it are in it too,
        // the usual days before it are not.
        #expect(run(9, [3, 9, 3, 9, 3, 9, 2, 3]) == 6)
        // An old burst beyond ten days at the usual level is not reached.
        #expect(run(9, [9] + Array(repeating: 3, count: 10) + [30]) == 1)
        // Nothing before the current window adds to it: no run.
        #expect(run(9, [4, 3, 3]) == 0)
        // A current day at the usual level after two high days: they are its run.
        #expect(run(3, [9, 9, 3]) == 2)
        // A window with fewer than `minimum` records ends it: in a sparse group (0.1 a day) single
        // complaints are no wave.
        let sparse = [2, 1, 5]
        #expect(BurstDetector.elevatedRun(ratio: 2, most: 14, minimum: 2, current: (3, 0.1)) { k in k < 3 ? (sparse[k], 0.1) : nil } == 1)
        #expect(BurstDetector.elevatedRun(ratio: 2, most: 14, minimum: 1, current: (3, 0.1)) { k in k < 3 ? (sparse[k], 0.1) : nil } == 3)
        // At most `most` windows.
        #expect(BurstDetector.elevatedRun(ratio: 2, most: 3, current: (9, 3)) { _ in (9, 3) } == 3)
    }
}
