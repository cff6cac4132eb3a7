import Foundation

/// Tests whether the last window of a count series is a burst against the series' own history.
///
/// Model: count_t ~ Poisson(rate × exposure_t × weekday factor), or negative binomial when the
/// history is overdispersed. The exposure is the total number of records in the window (so that a
/// crawl or intake that doubles everything is not a burst; pass 1s to test raw counts).
/// - rate = (history count + κ·prior share) / (history exposure + κ), κ = `priorWindows` × mean
///   window exposure: a group with little or no history is compared with a typical group of its
///   kind (`priorShare`, e.g. 1 / number of groups), its own history taking over as it grows.
/// - weekday factor (daily windows, weekdays given): (count on that weekday + w) /
///   (expected on that weekday + w), w = `weekdayPseudoCount`, so it is 1 with little history.
/// - overdispersion: Pearson φ of the history against the fitted means; when φ > 1.2 with at least
///   7 history windows, negative binomial with size = mean / (φ − 1).
public struct BurstDetector: Sendable, Codable, Equatable {
    /// Trailing windows of history used for the expectation (default 28).
    public var historyWindows = 28
    /// Weight of the prior share, in windows (default 1).
    public var priorWindows = 1.0
    /// Pseudo-count that shrinks the weekday factor toward 1 (default 5).
    public var weekdayPseudoCount = 5.0
    /// Use a negative binomial when the history is overdispersed (default true).
    public var allowOverdispersion = true

    public init() {}

    /// One window to test: its count and exposure, with the history before it (oldest first).
    public struct Input: Sendable {
        public var counts: [Int]
        public var exposures: [Double]
        /// ISO weekday (0 = Monday) of each window, for daily windows; nil for weekly ones.
        public var weekdays: [Int]?
        /// Share of the exposure a typical group of this kind gets (the prior).
        public var priorShare: Double

        public init(counts: [Int], exposures: [Double], weekdays: [Int]? = nil, priorShare: Double) {
            self.counts = counts
            self.exposures = exposures
            self.weekdays = weekdays
            self.priorShare = priorShare
        }
    }

    /// The outcome for the last window of the input.
    public struct Result: Sendable, Equatable {
        public var count: Int
        public var expected: Double
        /// Expected count per unit of exposure (before the weekday factor).
        public var rate: Double
        public var weekdayFactor: Double
        /// ln of the upper-tail p-value P(X ≥ count).
        public var logP: Double
        /// Negative-binomial size, nil when Poisson was used.
        public var size: Double?
        public var historyWindows: Int
        public var ratio: Double { count == 0 ? 0 : Double(count) / max(expected, 1e-9) }
    }

    /// Tests the last window of `input` against the `historyWindows` before it.
    public func test(_ input: Input) -> Result {
        let n = input.counts.count
        precondition(n > 0 && input.exposures.count == n)
        let t = n - 1
        let from = max(0, t - historyWindows)
        let hist = from..<t
        let expected = expectation(input, history: hist, at: t)
        let count = input.counts[t]
        var size: Double? = nil
        if allowOverdispersion && hist.count >= 7 {
            var chi = 0.0
            var meanSum = 0.0
            for i in hist {
                let m = max(expectation(input, history: hist, at: i).expected, 1e-6)
                let diff = Double(input.counts[i]) - m
                chi += diff * diff / m
                meanSum += m
            }
            let phi = chi / Double(hist.count - 1)
            if phi > 1.2 { size = max(0.5, (meanSum / Double(hist.count)) / (phi - 1)) }
        }
        let logP = size.map { Statistics.logNegativeBinomialUpperTail(count, mean: expected.expected, size: $0) }
            ?? Statistics.logPoissonUpperTail(count, mean: expected.expected)
        return Result(
            count: count, expected: expected.expected, rate: expected.rate,
            weekdayFactor: expected.factor, logP: logP, size: size, historyWindows: hist.count)
    }

    /// Expected count of window `t` from the windows in `history`.
    public func expectation(_ input: Input, history: Range<Int>, at t: Int)
        -> (expected: Double, rate: Double, factor: Double)
    {
        var count = 0.0, exposure = 0.0
        for i in history {
            count += Double(input.counts[i])
            exposure += input.exposures[i]
        }
        let meanExposure = history.isEmpty ? input.exposures[t] : exposure / Double(history.count)
        let kappa = priorWindows * meanExposure
        let rate = (count + kappa * input.priorShare) / max(exposure + kappa, 1e-9)
        var factor = 1.0
        if let weekdays = input.weekdays {
            var same = 0.0, sameExpected = 0.0
            for i in history where weekdays[i] == weekdays[t] {
                same += Double(input.counts[i])
                sameExpected += rate * input.exposures[i]
            }
            factor = (same + weekdayPseudoCount) / (sameExpected + weekdayPseudoCount)
        }
        return (rate * input.exposures[t] * factor, rate, factor)
    }
}
