import Foundation
import Testing
@testable import TousuHotspots

@Suite struct BurstDetectorTests {
    /// Weekday pattern (Monday first): busy early in the week, quiet at the weekend.
    static let pattern = [1.3, 1.2, 1.0, 1.0, 1.1, 0.6, 0.5]
    static let start = Day(year: 2024, month: 1, day: 1)!  // a Monday

    static func series(days: Int, base: Double, seed: UInt64) -> [Int] {
        var rng = SplitMix64(seed: seed)
        return (0..<days).map { rng.poisson(base * pattern[(start + $0).weekday]) }
    }

    static func input(_ counts: [Int]) -> BurstDetector.Input {
        BurstDetector.Input(
            counts: counts, exposures: counts.map { _ in 1 },
            weekdays: counts.indices.map { (start + $0).weekday }, priorShare: 1)
    }

    static func fires(_ r: BurstDetector.Result) -> Bool {
        r.count >= 5 && r.ratio >= 2 && r.logP < log(1e-4)
    }

    @Test func flatSeriesDoesNotFire() {
        let detector = BurstDetector()
        for seed in UInt64(1)...5 {
            let counts = Self.series(days: 140, base: 8, seed: seed)
            for t in 40..<140 {
                let r = detector.test(Self.input(Array(counts[...t])))
                #expect(!Self.fires(r), "seed \(seed) day \(t): \(r)")
            }
        }
    }

    @Test func injectedBurstFires() {
        let detector = BurstDetector()
        var factors: [Double] = []
        for seed in UInt64(1)...5 {
            var counts = Self.series(days: 100, base: 8, seed: seed)
            // A Saturday (quiet day): +20 complaints on an expected ~5.
            let t = envSaturday(after: 80)
            counts[t] += 20
            let r = detector.test(Self.input(Array(counts[...t])))
            #expect(Self.fires(r), "seed \(seed): \(r)")
            factors.append(r.weekdayFactor)
        }
        // The weekday factor learns the quiet Saturday (shrunk toward 1 by the pseudo-count).
        #expect(factors.reduce(0, +) / 5 < 0.85, "\(factors)")
    }

    func envSaturday(after t: Int) -> Int {
        var i = t
        while (Self.start + i).weekday != 5 { i += 1 }
        return i
    }

    @Test func newGroupIsComparedWithTypicalGroup() {
        // No history at all: the expectation is the prior share of the exposure.
        let r = BurstDetector().test(BurstDetector.Input(counts: [30], exposures: [300], priorShare: 0.01))
        #expect(abs(r.expected - 3) < 1e-9)
        #expect(r.logP < log(1e-10))
    }

    @Test func poissonTail() {
        // P(X ≥ 3 | λ = 1) = 1 − e⁻¹(1 + 1 + 1/2)
        let exact = 1 - exp(-1.0) * 2.5
        #expect(abs(exp(Statistics.logPoissonUpperTail(3, mean: 1)) - exact) < 1e-12)
        #expect(Statistics.logPoissonUpperTail(0, mean: 5) == 0)
        // Far tail stays finite in log space.
        #expect(Statistics.logPoissonUpperTail(200, mean: 1) < -600)
        // Negative binomial has a heavier tail than Poisson with the same mean.
        #expect(Statistics.logNegativeBinomialUpperTail(15, mean: 5, size: 2) > Statistics.logPoissonUpperTail(15, mean: 5))
    }

    @Test func benjaminiHochberg() {
        let p = [0.01, 0.04, 0.03, 0.005]
        let q = Statistics.benjaminiHochberg(logP: p.map { log($0) }).map { exp($0) }
        for (got, want) in zip(q, [0.02, 0.04, 0.04, 0.02]) { #expect(abs(got - want) < 1e-12) }
        #expect(Statistics.benjaminiHochberg(logP: []).isEmpty)
    }

    @Test func kleinbergTinyExample() {
        let k = Kleinberg(s: 2, gamma: 1)
        #expect(k.states(relevant: [1, 1, 1, 8, 9, 1, 1], totals: Array(repeating: 20, count: 7)) == [0, 0, 0, 1, 1, 0, 0])
        #expect(k.states(relevant: [2, 2, 2, 2], totals: [20, 20, 20, 20]) == [0, 0, 0, 0])
        // A high entry cost suppresses a one-batch blip.
        #expect(Kleinberg(s: 2, gamma: 20).states(relevant: [1, 1, 6, 1, 1], totals: Array(repeating: 20, count: 5)) == [0, 0, 0, 0, 0])
    }

    @Test func gSquared() {
        // Reference value computed independently: 2 Σ O ln(O/E) for [[10, 90], [10, 990]].
        let g = Statistics.gSquared(10, of: 100, 10, of: 1000)
        #expect(abs(g - 22.90780) < 1e-3, "\(g)")
        #expect(Statistics.gSquared(1, of: 100, 10, of: 100) < 0)
        #expect(Statistics.gSquared(5, of: 100, 50, of: 1000) == 0)
        #expect(Statistics.logPValue(gSquared: 3000) < -1000)
    }

    @Test func dates() {
        #expect(Day(parsing: "2020-06-05")?.description == "2020-06-05")
        #expect(Day(parsing: "2020/6/5")?.description == "2020-06-05")
        #expect(Day(parsing: "2020-06-05T23:10:00+08:00")?.description == "2020-06-05")
        #expect(Day(parsing: "2020-06-05 08:00")?.description == "2020-06-05")
        #expect(Day(parsing: "2020-13-01") == nil)
        #expect(Day(parsing: "2020-06/05") == nil)
        #expect(Day(parsing: "yesterday") == nil)
        #expect(Day(year: 2020, month: 6, day: 5)!.weekday == 4)  // a Friday
        #expect(Day(year: 2020, month: 6, day: 5)!.weekStart.description == "2020-06-01")
        #expect(Day(year: 1969, month: 12, day: 31)!.number == -1)
        #expect(Day(year: 2000, month: 2, day: 29) != nil && Day(year: 1900, month: 2, day: 29) == nil)
    }
}
