import Foundation

/// How nature scores become natures with probabilities, fitted on held-out training documents.
///
/// Each nature n (including "other") has a logistic regression stacked on the naive-Bayes
/// log-odds of every nature and the lexicon evidence of every nature:
///
///     P(n) = σ(Σ_m a[n][m] · llr[m] / √k + Σ_m b[n][m] · min(L[m], lexiconCap) + c[n])
///
/// where llr[m] is the binary naive-Bayes log-odds of nature m, k the number of known features
/// and L[m] the nature-lexicon evidence (weights of the distinct phrases found), so that one
/// nature's evidence can speak for or against another (a closed gym is 合同 rather than 售后服务).
/// `coefficients[n]` holds a[n], b[n] and c[n]; a nature other than "other" is found when
/// P(n) ≥ threshold[n] (the threshold that gives the best F1 on the held-out documents). Which
/// found nature comes first, and what is said when none is found, is the `NatureDecisionRule`
/// (fitted too); "other" never stands beside another nature.
public struct NatureCalibration: Sendable, Codable, Equatable {
    public var natures: [String]
    /// Per nature: coefficients of the scaled log-odds of every nature, of the lexicon evidence
    /// of every nature, then the intercept.
    public var coefficients: [[Double]]
    public var threshold: [Double]
    /// The primary-nature multinomial's calibration (temperature, length exponent, lexicon
    /// weight, as for sectors).
    public var primary: Calibration
    public var lexiconCap: Double
    /// At most this many natures per complaint.
    public var maximumNatures: Int
    /// Per nature: the share of the held-out documents carrying it in which it is the primary
    /// nature (add-one smoothed): 售后服务 is seldom first, 安全 nearly always.
    public var primacy: [Double]
    public var rule: NatureDecisionRule
    /// Per nature: the primary-nature regression, a logistic regression of "n is the primary
    /// nature" on the inputs of `coefficients` followed by log Q of every nature (3n + 1
    /// coefficients, intercept at 2n). Empty in files written before it (and when not fitted).
    public var primaryCoefficients: [[Double]]

    public init(natures: [String], lexiconCap: Double = 6, maximumNatures: Int = 3) {
        self.natures = natures
        let n = natures.count
        coefficients = (0..<n).map { Self.neutral(n, $0) }
        threshold = Array(repeating: 0.5, count: n)
        primary = Calibration(lexiconWeight: 1, lexiconCap: lexiconCap)
        self.lexiconCap = lexiconCap
        self.maximumNatures = maximumNatures
        primacy = Array(repeating: 0.5, count: n)
        rule = .formatTwo
        primaryCoefficients = []
    }

    enum CodingKeys: String, CodingKey {
        case natures, coefficients, threshold, primary, lexiconCap, maximumNatures, primacy, rule, primaryCoefficients
    }

    /// Reads a stored calibration. One of model format 2 has no primacy and no rule: it decides
    /// as format 2 did (`NatureDecisionRule.formatTwo`); `ModelFile` passes `formatTwo` for it.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        natures = try c.decode([String].self, forKey: .natures)
        coefficients = try c.decode([[Double]].self, forKey: .coefficients)
        threshold = try c.decode([Double].self, forKey: .threshold)
        primary = try c.decode(Calibration.self, forKey: .primary)
        lexiconCap = try c.decode(Double.self, forKey: .lexiconCap)
        maximumNatures = try c.decode(Int.self, forKey: .maximumNatures)
        let n = natures.count
        primacy = try c.decodeIfPresent([Double].self, forKey: .primacy) ?? Array(repeating: 0.5, count: n)
        rule = try c.decodeIfPresent(NatureDecisionRule.self, forKey: .rule) ?? .formatTwo
        primaryCoefficients = try c.decodeIfPresent([[Double]].self, forKey: .primaryCoefficients) ?? []
        guard primaryCoefficients.isEmpty || primaryCoefficients.count == n
                && primaryCoefficients.allSatisfy({ $0.count == 3 * n + 1 && $0.allSatisfy(\.isFinite) }),
              !rule.regressedPrimary || !primaryCoefficients.isEmpty else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: c.codingPath, debugDescription: "primary-nature regression sizes or values do not fit its \(n) natures"))
        }
        guard coefficients.count == n, coefficients.allSatisfy({ $0.count == 2 * n + 1 }), threshold.count == n,
              primacy.count == n, primacy.allSatisfy({ $0 > 0 && $0 <= 1 }), maximumNatures >= 1,
              coefficients.joined().allSatisfy(\.isFinite), threshold.allSatisfy(\.isFinite) else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: c.codingPath, debugDescription: "nature calibration sizes or values do not fit its \(n) natures"))
        }
    }

    /// A scored held-out document.
    struct Sample {
        var binary: [Double]
        var primary: [Double]
        var known: Int
        var evidence: [Double]
        var natures: [String]
    }

    var otherIndex: Int? { natures.firstIndex(of: "other") }

    /// Coefficients before fitting: the nature's own log-odds and evidence, intercept −2.
    static func neutral(_ n: Int, _ j: Int) -> [Double] {
        var w = [Double](repeating: 0, count: 2 * n + 1)
        w[j] = 1
        w[n + j] = 1
        w[2 * n] = -2
        return w
    }

    /// The regression inputs of a document.
    func inputs(binary: [Double], known: Int, evidence: [Double]) -> [Double] {
        let scale = 1 / Double(max(known, 1)).squareRoot()
        return binary.map { $0 * scale } + evidence.map { min($0, lexiconCap) } + [1]
    }

    /// P(n) for every nature ("other" included; under the format-2 rule "other" has none: 0).
    public func probabilities(binary: [Double], known: Int, evidence: [Double]) -> [Double] {
        probabilities(binary: binary, known: known, evidence: evidence, otherIndex: otherIndex)
    }

    /// `probabilities(binary:known:evidence:)` with the index of "other" already found.
    func probabilities(binary: [Double], known: Int, evidence: [Double], otherIndex other: Int?) -> [Double] {
        let n = natures.count
        let formatTwo = rule.isFormatTwo
        guard binary.count == n, evidence.count == n, coefficients.count == n,
              coefficients.allSatisfy({ $0.count == 2 * n + 1 }) else {
            return zippedProbabilities(binary: binary, known: known, evidence: evidence)
        }
        // The inputs of `inputs(binary:known:evidence:)`, in one array.
        let scale = 1 / Double(max(known, 1)).squareRoot()
        var x = [Double](repeating: 1, count: 2 * n + 1)
        for k in 0..<n {
            x[k] = binary[k] * scale
            x[n + k] = min(evidence[k], lexiconCap)
        }
        var out = [Double](repeating: 0, count: n)
        for j in 0..<n {
            if j == other && formatTwo { continue }
            let w = coefficients[j]
            var z = 0.0
            for k in 0..<(2 * n + 1) { z += w[k] * x[k] }
            out[j] = 1 / (1 + exp(-z))
        }
        return out
    }

    /// P(n) over the inputs as built, for coefficients of any length.
    private func zippedProbabilities(binary: [Double], known: Int, evidence: [Double]) -> [Double] {
        let x = inputs(binary: binary, known: known, evidence: evidence)
        let other = otherIndex, formatTwo = rule.isFormatTwo  // once, not once per nature
        return natures.indices.map { j in
            if j == other && formatTwo { return 0 }
            var z = 0.0
            for (w, v) in zip(coefficients[j], x) { z += w * v }
            return 1 / (1 + exp(-z))
        }
    }

    /// R(n), the primary-nature regression's probability that n is the primary nature, for
    /// every nature, given the primary-nature distribution `q`; empty when none was fitted.
    public func primaryRegression(binary: [Double], known: Int, evidence: [Double], q: [Double]) -> [Double] {
        let n = natures.count
        guard primaryCoefficients.count == n, binary.count == n, evidence.count == n, q.count == n else { return [] }
        let x = Self.primaryInputs(inputs(binary: binary, known: known, evidence: evidence), q: q)
        return primaryCoefficients.map { w in
            var z = 0.0
            for k in 0..<(3 * n + 1) { z += w[k] * x[k] }
            return 1 / (1 + exp(-z))
        }
    }

    /// The primary-nature regression's inputs: those of `coefficients`, then log Q.
    static func primaryInputs(_ inputs: [Double], q: [Double]) -> [Double] {
        inputs + q.map { log(max($0, 1e-12)) }
    }

    /// The primary-nature distribution over all natures.
    public func primaryProbabilities(primary scores: [Double], known: Int, evidence: [Double]) -> [Double] {
        primary.probabilities(scores: scores, features: known, lexicon: evidence)
    }

    /// The natures of a complaint, primary first, each with its probability.
    public func decide(binary: [Double], primary scores: [Double], known: Int, evidence: [Double]) -> [(nature: Int, probability: Double)] {
        choices(binary: binary, primary: scores, known: known, evidence: evidence, otherIndex: otherIndex)
            .map { ($0.nature, $0.probability) }
    }

    /// `decide`'s natures as `NatureDecisionRule.Choice`s, the index of "other" already found.
    func choices(
        binary: [Double], primary scores: [Double], known: Int, evidence: [Double], otherIndex other: Int?
    ) -> [NatureDecisionRule.Choice] {
        let q = primaryProbabilities(primary: scores, known: known, evidence: evidence)
        return rule.choose(
            p: probabilities(binary: binary, known: known, evidence: evidence, otherIndex: other), q: q,
            r: rule.regressedPrimary ? primaryRegression(binary: binary, known: known, evidence: evidence, q: q) : [],
            calibration: self, other: other)
    }

    /// Fits the coefficients, thresholds, primary calibration, primacy and decision rule to
    /// scored held-out documents.
    static func fit(_ samples: [Sample], natures: [String], settings: NatureCalibration) -> NatureCalibration {
        var c = settings
        c.natures = natures
        let n = natures.count
        c.coefficients = (0..<n).map { Self.neutral(n, $0) }
        c.threshold = Array(repeating: 0.5, count: n)
        c.rule = NatureDecisionRule()
        let x = samples.map { c.inputs(binary: $0.binary, known: $0.known, evidence: $0.evidence) }
        for j in 0..<n {
            let y = samples.map { $0.natures.contains(natures[j]) ? 1.0 : 0.0 }
            let positives = y.reduce(0, +)
            guard positives >= 3, Double(samples.count) - positives >= 3 else { continue }
            let w = Logistic.fit(x, y)
            c.coefficients[j] = w
            let p = x.map { row -> Double in
                var z = 0.0
                for (a, v) in zip(w, row) { z += a * v }
                return 1 / (1 + exp(-z))
            }
            c.threshold[j] = Self.bestThreshold(p, y)
        }
        c.primacy = (0..<n).map { j in
            let carrying = samples.filter { $0.natures.contains(natures[j]) }
            let first = carrying.filter { $0.natures.first == natures[j] }.count
            return (Double(first) + 1) / (Double(carrying.count) + 2)
        }
        c.primary = fitPrimary(samples, natures: natures, base: settings.primary)
        c.primaryCoefficients = fitPrimaryRegression(samples, inputs: x, calibration: c)
        c.rule = NatureDecisionRule.fit(samples, calibration: c)
        c.threshold = refinedThresholds(samples, calibration: c)
        return c
    }

    /// The ridge of the primary-nature regression: its 3n + 1 inputs (log Q besides the inputs
    /// of the per-nature regressions) are shrunk three times as much as theirs (5-fold CV of
    /// natures/train: ridge 1, 3, 10, 30 gave micro-F1 0.835, 0.837, 0.837, 0.837 and primary
    /// accuracy 0.835, 0.837, 0.834, 0.835).
    static let primaryRidge = 3.0

    /// The primary-nature regression: per nature, a logistic regression (`Logistic.fit`, ridge
    /// `primaryRidge`) of "n is the primary nature" on the samples' inputs and log Q under the
    /// fitted primary calibration; empty when a nature is primary in fewer than 3 samples or
    /// all but 3.
    static func fitPrimaryRegression(_ samples: [Sample], inputs x: [[Double]], calibration c: NatureCalibration) -> [[Double]] {
        let n = c.natures.count
        let rows = zip(samples, x).map { s, row in
            primaryInputs(row, q: c.primaryProbabilities(primary: s.primary, known: s.known, evidence: s.evidence))
        }
        var out: [[Double]] = []
        for j in 0..<n {
            let y = samples.map { $0.natures.first == c.natures[j] ? 1.0 : 0.0 }
            let positives = y.reduce(0, +)
            guard positives >= 3, Double(samples.count) - positives >= 3 else { return [] }
            out.append(Logistic.fit(rows, y, ridge: primaryRidge))
        }
        return out
    }

    /// The primary-nature calibration: the search of `Calibration.fit` (length exponents 0 … 1,
    /// golden-section search of log temperature, least log-loss of the labelled primary nature),
    /// over the samples laid out once in flat arrays (the generic fit builds arrays per sample
    /// and step, which was a third of the nature model's training time).
    static func fitPrimary(_ samples: [Sample], natures: [String], base: Calibration) -> Calibration {
        let n = natures.count
        var centred: [Double] = [], lexicon: [Double] = [], lengths: [Double] = [], labels: [Int] = []
        for s in samples {
            guard let first = s.natures.first, let label = natures.firstIndex(of: first), s.primary.count == n else { continue }
            let top = s.primary.max() ?? 0
            centred += s.primary.map { $0 - top }
            lexicon += s.evidence.map { base.lexiconWeight * min($0, base.lexiconCap) }
            lengths.append(Double(max(s.known, 1)))
            labels.append(label)
        }
        guard labels.count >= 20 else {
            var neutral = base
            neutral.temperature = 1
            neutral.lengthExponent = 0
            return neutral
        }
        var logits = [Double](repeating: 0, count: n)
        func loss(_ temperature: Double, _ exponent: Double) -> Double {
            var total = 0.0
            for i in labels.indices {
                let scale = temperature * pow(lengths[i], exponent)
                var m = -Double.infinity
                for j in 0..<n {
                    logits[j] = centred[i * n + j] / scale + lexicon[i * n + j]
                    m = max(m, logits[j])
                }
                var z = 0.0
                for j in 0..<n { z += exp(logits[j] - m) }
                total -= max(logits[labels[i]] - m - log(z), log(1e-12))
            }
            return total / Double(labels.count)
        }
        var best = base
        var bestLoss = Double.infinity
        for exponent in [0.0, 0.25, 0.5, 0.75, 1.0] {
            var lo = -5.0, hi = 6.0
            let g = (5.0.squareRoot() - 1) / 2
            var x1 = hi - g * (hi - lo), x2 = lo + g * (hi - lo)
            var f1 = loss(exp(x1), exponent), f2 = loss(exp(x2), exponent)
            for _ in 0..<40 {
                if f1 < f2 { hi = x2; x2 = x1; f2 = f1; x1 = hi - g * (hi - lo); f1 = loss(exp(x1), exponent) }
                else { lo = x1; x1 = x2; f1 = f2; x2 = lo + g * (hi - lo); f2 = loss(exp(x2), exponent) }
            }
            let x = (lo + hi) / 2
            let l = loss(exp(x), exponent)
            if l < bestLoss {
                bestLoss = l
                best = base
                best.temperature = exp(x)
                best.lengthExponent = exponent
            }
        }
        return best
    }

    /// The thresholds measured: 0.2, 0.225 … 0.8 (a fitted threshold is a weighted mean of them).
    static let thresholdGrid: [Double] = (0...24).map { 0.2 + 0.025 * Double($0) }

    /// The probability threshold for a nature with held-out probabilities `p` and labels `y`
    /// (1: carries it): F1 is measured at each threshold of the grid 0.2, 0.225 … 0.8 and
    /// smoothed over the thresholds within 0.05, and the threshold is the `NearOptimalChoice`
    /// mean of the grid values within three documents' worth of F1 of the best smoothed value
    /// (one document changes F1 by about 2 / (2·TP + FP + FN) at the best). So a broad optimum
    /// gives its middle rather than one end, a narrow peak that a few documents make weighs as
    /// little as they do, and one changed label moves the threshold a little instead of a grid
    /// step or more. No positive at any threshold: 0.5.
    static func bestThreshold(_ p: [Double], _ y: [Double]) -> Double {
        let grid = thresholdGrid
        var denominators = [Double](repeating: 0, count: grid.count)
        let f1 = grid.indices.map { i -> Double in
            let t = grid[i]
            var tp = 0.0, fp = 0.0, fn = 0.0
            for (pi, yi) in zip(p, y) {
                if pi >= t { if yi > 0 { tp += 1 } else { fp += 1 } } else if yi > 0 { fn += 1 }
            }
            denominators[i] = 2 * tp + fp + fn
            return tp > 0 ? 2 * tp / (2 * tp + fp + fn) : 0
        }
        guard let top = f1.indices.max(by: { f1[$0] < f1[$1] }), f1[top] > 0 else { return 0.5 }
        let oneDocument = 2 / max(denominators[top], 1)
        return NearOptimalChoice.mean(
            grid, scores: NearOptimalChoice.smoothed(f1), tolerance: NearOptimalChoice.documents * oneDocument, fallback: 0.5)
    }
}

/// Logistic regression by Newton's method with a small ridge on the slopes (not the intercept,
/// the last column), deterministic for given rows. Rows are laid out flat and the Hessian is
/// built over its upper triangle, skipping inputs that are 0 (most lexicon evidence is).
enum Logistic {
    static func fit(_ x: [[Double]], _ y: [Double], ridge: Double = 1, iterations: Int = 30) -> [Double] {
        let d = x.first?.count ?? 0
        guard d > 0 else { return [] }
        let n = x.count
        var flat = [Double]()
        flat.reserveCapacity(n * d)
        for row in x { flat += row }
        var w = [Double](repeating: 0, count: d)
        var nonzero = [Int](repeating: 0, count: d)
        for _ in 0..<iterations {
            var gradient = [Double](repeating: 0, count: d)
            var hessian = [Double](repeating: 0, count: d * d)
            for i in 0..<n {
                let base = i * d
                var z = 0.0
                var used = 0
                for k in 0..<d {
                    let v = flat[base + k]
                    if v != 0 {
                        z += w[k] * v
                        nonzero[used] = k
                        used += 1
                    }
                }
                let p = 1 / (1 + exp(-z))
                let r = p * (1 - p)
                let g = p - y[i]
                for a in 0..<used {
                    let k = nonzero[a]
                    let v = flat[base + k]
                    gradient[k] += g * v
                    let rv = r * v
                    for b in a..<used {
                        let m = nonzero[b]
                        hessian[k * d + m] += rv * flat[base + m]
                    }
                }
            }
            for k in 0..<d {
                for m in 0..<k { hessian[k * d + m] = hessian[m * d + k] }
            }
            for k in 0..<(d - 1) {
                gradient[k] += ridge * w[k]
                hessian[k * d + k] += ridge
            }
            hessian[d * d - 1] += 1e-9
            guard let step = solve(hessian, gradient, size: d) else { break }
            var change = 0.0
            for k in 0..<d {
                w[k] -= step[k]
                change = max(change, abs(step[k]))
            }
            if change < 1e-9 { break }
        }
        return w
    }

    /// Solves a small linear system (row-major `a` of `size` × `size`) by Gaussian elimination
    /// with partial pivoting.
    static func solve(_ a: [Double], _ b: [Double], size n: Int) -> [Double]? {
        var m = a, v = b
        for col in 0..<n {
            var pivot = col
            for r in col..<n where abs(m[r * n + col]) > abs(m[pivot * n + col]) { pivot = r }
            guard abs(m[pivot * n + col]) > 1e-15 else { return nil }
            if pivot != col {
                for k in 0..<n { m.swapAt(col * n + k, pivot * n + k) }
                v.swapAt(col, pivot)
            }
            for r in (col + 1)..<n {
                let f = m[r * n + col] / m[col * n + col]
                if f == 0 { continue }
                for k in col..<n { m[r * n + k] -= f * m[col * n + k] }
                v[r] -= f * v[col]
            }
        }
        var out = [Double](repeating: 0, count: n)
        for r in stride(from: n - 1, through: 0, by: -1) {
            var s = v[r]
            for k in (r + 1)..<n { s -= m[r * n + k] * out[k] }
            out[r] = s / m[r * n + r]
        }
        return out
    }
}
