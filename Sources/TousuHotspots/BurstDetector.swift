import Foundation

/// Tests whether the last window of a count series is a burst against the series' own history.
///
/// Model: count_t ~ Poisson(rate × exposure_t × weekday factor), or negative binomial when the
/// counts are overdispersed. The exposure is the total number of records in the window (so that a
/// crawl or intake that doubles everything is not a burst; pass 1s to test raw counts).
/// - rate = (history count + κ·prior share) / (history exposure + κ), κ = `priorWindows` × mean
///   window exposure: a group with little or no history is compared with a typical group of its
///   kind (`priorShare`, e.g. 1 / number of groups), its own history taking over as it grows.
/// - robust history: history windows that are themselves far above the expectation (upper-tail
///   p < `outlierP`, worst first), and the run of windows just before the current one that
///   belong to its burst (`elevatedRun`: a slow wave's quieter days stay in it) when it is
///   elevated as a whole (p < `elevatedP` for its sum), at most `maxOutlierShare` of the
///   windows, are left out of the rate, so that neither a past burst nor a burst that has been
///   building for days raises the baseline it is measured against. When there is such a run,
///   the run with the current window is also tested as one sum, and the p-value is the smaller
///   of the two, doubled.
/// - weekday factor (daily windows, weekdays given): (count on that weekday + w) /
///   (expected on that weekday + w), w = `weekdayPseudoCount`, so it is 1 with little history.
/// - overdispersion: the negative-binomial size given with the input (`Input.size`: a size
///   shared by all groups of the kind, estimated from all their histories — see
///   `HotspotFinder`); without it, the Pearson φ of the group's own history: when φ > 1.2 with at
///   least 7 history windows, negative binomial with size = mean / (φ − 1).
public struct BurstDetector: Sendable, Codable, Equatable {
    /// Trailing windows of history used for the expectation (default 28).
    public var historyWindows = 28
    /// Weight of the prior share, in windows (default 1).
    public var priorWindows = 1.0
    /// Pseudo-count that shrinks the weekday factor toward 1 (default 20: the exposure already
    /// carries the weekly rhythm of the whole intake; a group needs much history of its own to
    /// depart from it).
    public var weekdayPseudoCount = 20.0
    /// Use a negative binomial when the counts are overdispersed (default true).
    public var allowOverdispersion = true
    /// A history window whose upper-tail p-value against the expectation is below this is an
    /// outlier, left out of the rate (default 0.001; 0 keeps every window).
    public var outlierP = 0.001
    /// The run of windows just before the current one (`elevatedRun`) whose sum's upper-tail
    /// p-value is below this is the start of the current burst, left out of the rate like
    /// outliers (default 0.05).
    public var elevatedP = 0.05
    /// At most this share of the history windows is left out (default 0.5).
    public var maxOutlierShare = 0.5
    /// The rise the run before the current window is scored for (default 2, the `minRatio` of a
    /// hotspot): the run is the stretch of windows whose counts are best explained by this
    /// multiple of the expectation (`elevatedRun`), so a slow wave's quieter days do not cut it.
    public var runRatio = 2.0

    public init() {}

    /// One window to test: its count and exposure, with the history before it (oldest first).
    public struct Input: Sendable {
        public var counts: [Int]
        public var exposures: [Double]
        /// ISO weekday (0 = Monday) of each window, for daily windows; nil for weekly ones.
        public var weekdays: [Int]?
        /// Share of the exposure a typical group of this kind gets (the prior).
        public var priorShare: Double
        /// Negative-binomial size shared by the groups of this kind (nil: from the group's own
        /// history; infinity: Poisson).
        public var size: Double?
        /// Shape of the gamma distribution of the rates of the groups of this kind (how alike
        /// they are; see `HotspotFinder.priorShapes`). With it, the prior weighs as much as
        /// `priorShape` records at the prior share, and the uncertainty of the group's rate
        /// (gamma–Poisson: shape + its history count) widens the tail. nil: `priorWindows`.
        public var priorShape: Double?

        public init(
            counts: [Int], exposures: [Double], weekdays: [Int]? = nil, priorShare: Double, size: Double? = nil,
            priorShape: Double? = nil
        ) {
            self.counts = counts
            self.exposures = exposures
            self.weekdays = weekdays
            self.priorShare = priorShare
            self.size = size
            self.priorShape = priorShape
        }
    }

    /// The outcome for the last window of the input.
    public struct Result: Sendable, Equatable {
        public var count: Int
        public var expected: Double
        /// Expected count per unit of exposure (before the weekday factor).
        public var rate: Double
        public var weekdayFactor: Double
        /// ln of the upper-tail p-value P(X ≥ count) (or of the burst so far, when that is smaller).
        public var logP: Double
        /// ln P(X ≥ count) of the current window alone, the run of elevated windows before it aside.
        public var windowLogP: Double = 0
        /// Negative-binomial size, nil when Poisson was used.
        public var size: Double?
        /// History windows used (outliers left out).
        public var historyWindows: Int
        public var ratio: Double { count == 0 ? 0 : Double(count) / max(expected, 1e-9) }
    }

    /// Tests the last window of `input` against the `historyWindows` before it.
    public func test(_ input: Input) -> Result {
        let n = input.counts.count
        precondition(n > 0 && input.exposures.count == n)
        let t = n - 1
        let hist = Array(max(0, t - historyWindows)..<t)
        var size: Double? = nil
        if allowOverdispersion, let given = input.size, given.isFinite, given > 0 { size = given }
        let (used, run) = robustHistory(input, hist, size: size)
        let expected = expectation(input, history: used, at: t)
        let count = input.counts[t]
        if allowOverdispersion && input.size == nil && used.count >= 7 {
            var chi = 0.0
            var meanSum = 0.0
            for i in used {
                let m = max(expectation(input, history: used, at: i).expected, 1e-6)
                let diff = Double(input.counts[i]) - m
                chi += diff * diff / m
                meanSum += m
            }
            let phi = chi / Double(used.count - 1)
            if phi > 1.2 { size = max(0.5, (meanSum / Double(used.count)) / (phi - 1)) }
        }
        // The rate's own uncertainty (gamma posterior of shape priorShape + history count).
        let rateShape = input.priorShape.map { $0 + Double(used.reduce(0) { $0 + input.counts[$1] }) }
        func combined(_ noise: Double?) -> Double? {
            guard let rateShape else { return noise }
            guard let noise else { return rateShape }
            return 1 / (1 / noise + 1 / rateShape)
        }
        var logP = Self.logUpperTail(count, mean: expected.expected, size: combined(size))
        let windowLogP = logP
        if !run.isEmpty {
            // The burst so far: the current window with the elevated run before it, tested as one
            // sum (a wave of moderate days is clearer than any of its days); two looks, so the
            // smaller p-value is doubled.
            let windows = run + [t]
            let total = windows.reduce(0) { $0 + input.counts[$1] }
            let mean = windows.reduce(0.0) { $0 + expectation(input, history: used, at: $1).expected }
            let runP = Self.logUpperTail(total, mean: mean, size: combined(size.map { $0 * Double(windows.count) }))
            logP = min(0, min(logP, runP) + log(2.0))
        }
        return Result(
            count: count, expected: expected.expected, rate: expected.rate,
            weekdayFactor: expected.factor, logP: logP, windowLogP: windowLogP, size: combined(size), historyWindows: used.count)
    }

    /// ln P(X ≥ count): negative binomial with `size`, Poisson without.
    static func logUpperTail(_ count: Int, mean: Double, size: Double?) -> Double {
        size.map { Statistics.logNegativeBinomialUpperTail(count, mean: mean, size: $0) }
            ?? Statistics.logPoissonUpperTail(count, mean: mean)
    }

    /// The history windows the expectation is fitted on: without the outliers (p < `outlierP`,
    /// the most extreme first) and without the run of windows just before the current one that
    /// belong to its burst (`elevatedRun`: the start of a burst that is still building), at most
    /// `maxOutlierShare` of the windows in all; refitted until it settles (at most 3 rounds).
    /// Also returns that run (oldest first).
    func robustHistory(_ input: Input, _ hist: [Int], size: Double?) -> (used: [Int], run: [Int]) {
        guard outlierP > 0, hist.count >= 3 else { return (hist, []) }
        let t = input.counts.count - 1
        let most = Int(Double(hist.count) * maxOutlierShare)
        var used = hist
        var run: [Int] = []
        for _ in 0..<3 {
            var tail: [Int: Double] = [:]
            for i in hist where input.counts[i] > 0 {
                let m = expectation(input, history: used, at: i).expected
                tail[i] = Self.logUpperTail(input.counts[i], mean: m, size: size)
            }
            let newest = Array(hist.reversed())
            var means: [Double] = []
            let now = (input.counts[t], expectation(input, history: used, at: t).expected)
            let length = Self.elevatedRun(ratio: runRatio, most: most, minimum: 2, current: now) { k in
                guard k < newest.count else { return nil }
                let i = newest[k]
                means.append(expectation(input, history: used, at: i).expected)
                return (input.counts[i], means[k])
            }
            // The run must be elevated as a whole (p < elevatedP for its sum).
            run = Array(newest.prefix(length).reversed())
            if !run.isEmpty {
                let total = run.reduce(0) { $0 + input.counts[$1] }
                let mean = means.prefix(length).reduce(0, +)
                if Self.logUpperTailOfRun(total, mean: mean, size: size, windows: length) >= log(elevatedP) { run = [] }
            }
            var out = Set(run)
            let extreme = tail.filter { $0.value < log(outlierP) && !out.contains($0.key) }.sorted { ($0.value, $0.key) < ($1.value, $1.key) }
            for (i, _) in extreme.prefix(max(0, most - out.count)) { out.insert(i) }
            let next = hist.filter { !out.contains($0) }
            if next == used { break }
            used = next
        }
        return (used, run)
    }

    /// Length of the run of windows just before the current one that belong to its burst, from
    /// the `current` window's count and expectation and `window(k)`: the k-th window back (0 = the
    /// one just before the current), its count and expectation; nil past the history. A window with
    /// fewer than `minimum` records ends the walk (a single complaint in a sparse group is no
    /// wave). Each window scores its log-likelihood ratio of a rise by `ratio` against the expectation,
    /// c ln ρ − (ρ − 1) μ (a CUSUM step). Walking back from the current window while the sum of
    /// the windows so far stays positive (a quiet spell ends the walk, so an older burst beyond it
    /// is not reached), the run ends where that sum is largest (at most `most` windows; 0 when
    /// no window before adds to it). A slow wave's day at its usual level does not cut the wave
    /// in two, and a day of a wave that is not remarkable alone against a baseline the wave has
    /// already raised is still part of it. Whether the run is elevated as a whole is the caller's
    /// test (`elevatedP`).
    static func elevatedRun(
        ratio: Double, most: Int, minimum: Int = 1, current: (count: Int, mean: Double),
        _ window: (Int) -> (count: Int, mean: Double)?
    ) -> Int {
        let logRatio = log(max(ratio, 1 + 1e-9))
        func score(_ c: Int, _ mu: Double) -> Double { Double(c) * logRatio - (ratio - 1) * mu }
        var sum = score(current.count, current.mean)
        var best = sum, length = 0
        var k = 0
        while k < most, let w = window(k), w.count >= minimum {
            sum += score(w.count, w.mean)
            if sum <= 0 { break }
            if sum > best {
                best = sum
                length = k + 1
            }
            k += 1
        }
        return length
    }

    /// `logUpperTail` of a run's sum over `windows` windows, `mean` the sum of their expectations:
    /// the negative-binomial size of a sum of independent windows is the windows' size times
    /// their number.
    static func logUpperTailOfRun(_ total: Int, mean: Double, size: Double?, windows: Int) -> Double {
        logUpperTail(total, mean: mean, size: size.map { $0 * Double(windows) })
    }

    /// Expected count of window `t` from the history windows `history`.
    public func expectation(_ input: Input, history: [Int], at t: Int)
        -> (expected: Double, rate: Double, factor: Double)
    {
        var count = 0.0, exposure = 0.0
        for i in history {
            count += Double(input.counts[i])
            exposure += input.exposures[i]
        }
        let meanExposure = history.isEmpty ? input.exposures[t] : exposure / Double(history.count)
        let kappa = input.priorShape.map { $0 / max(input.priorShare, 1e-12) } ?? priorWindows * meanExposure
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
