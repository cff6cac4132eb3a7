import Foundation

/// How nature scores become natures with probabilities, fitted on held-out training documents.
///
/// Each nature n except "other" is a binary decision, a logistic regression stacked on the
/// naive-Bayes log-odds of every nature and the lexicon evidence of every nature:
///
///     P(n) = σ(Σ_m a[n][m] · llr[m] / √k + Σ_m b[n][m] · min(L[m], lexiconCap) + c[n])
///
/// where llr[m] is the binary naive-Bayes log-odds of nature m, k the number of known features
/// and L[m] the nature-lexicon evidence (weights of the distinct phrases found), so that one
/// nature's evidence can speak for or against another (a closed gym is 合同 rather than 售后服务).
/// `coefficients[n]` holds a[n], b[n] and c[n]; n is found when P(n) ≥ threshold[n] (the
/// threshold that gives the best F1 on the held-out documents). The primary nature is the found nature with
/// the highest probability under the primary-nature multinomial (`primary`: temperature, length
/// exponent and lexicon weight, as for sectors). When none is found, the multinomial's choice
/// stands; "other" is only ever the answer when it is that choice.
public struct NatureCalibration: Sendable, Codable, Equatable {
    public var natures: [String]
    /// Per nature: coefficients of the scaled log-odds of every nature, of the lexicon evidence
    /// of every nature, then the intercept.
    public var coefficients: [[Double]]
    public var threshold: [Double]
    public var primary: Calibration
    public var lexiconCap: Double
    /// At most this many natures per complaint.
    public var maximumNatures: Int

    public init(natures: [String], lexiconCap: Double = 6, maximumNatures: Int = 3) {
        self.natures = natures
        let n = natures.count
        coefficients = (0..<n).map { Self.neutral(n, $0) }
        threshold = Array(repeating: 0.5, count: n)
        primary = Calibration(lexiconWeight: 1, lexiconCap: lexiconCap)
        self.lexiconCap = lexiconCap
        self.maximumNatures = maximumNatures
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

    /// P(n) for every nature (0 for "other", which has no binary decision).
    public func probabilities(binary: [Double], known: Int, evidence: [Double]) -> [Double] {
        let x = inputs(binary: binary, known: known, evidence: evidence)
        let other = otherIndex  // once, not once per nature (a search by String)
        return natures.indices.map { j in
            if j == other { return 0 }
            var z = 0.0
            for (w, v) in zip(coefficients[j], x) { z += w * v }
            return 1 / (1 + exp(-z))
        }
    }

    /// The primary-nature distribution over all natures.
    public func primaryProbabilities(primary scores: [Double], known: Int, evidence: [Double]) -> [Double] {
        primary.probabilities(scores: scores, features: known, lexicon: evidence)
    }

    /// The natures of a complaint, primary first, each with its probability (for "other": the
    /// primary-nature probability of "other").
    public func decide(binary: [Double], primary scores: [Double], known: Int, evidence: [Double]) -> [(nature: Int, probability: Double)] {
        let p = probabilities(binary: binary, known: known, evidence: evidence)
        let q = primaryProbabilities(primary: scores, known: known, evidence: evidence)
        let otherIndex = self.otherIndex  // once, not once per nature (a search by String)
        var found = natures.indices.filter { $0 != otherIndex && p[$0] >= threshold[$0] }
        found.sort { p[$0] > p[$1] || p[$0] == p[$1] && $0 < $1 }
        found = Array(found.prefix(maximumNatures))
        if found.isEmpty {
            var best = 0
            for j in q.indices where q[j] > q[best] { best = j }
            return [(best, best == otherIndex ? q[best] : p[best])]
        }
        var first = found[0]
        for j in found where q[j] > q[first] { first = j }
        return [(first, p[first])] + found.filter { $0 != first }.map { ($0, p[$0]) }
    }

    /// Fits the coefficients, thresholds and primary calibration to scored held-out documents.
    static func fit(_ samples: [Sample], natures: [String], settings: NatureCalibration) -> NatureCalibration {
        var c = settings
        c.natures = natures
        let n = natures.count
        c.coefficients = (0..<n).map { Self.neutral(n, $0) }
        c.threshold = Array(repeating: 0.5, count: n)
        let x = samples.map { c.inputs(binary: $0.binary, known: $0.known, evidence: $0.evidence) }
        for j in 0..<n where j != c.otherIndex {
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
        let labelled = samples.compactMap { s -> (scores: [Double], features: Int, label: Int)? in
            guard let first = s.natures.first, let i = natures.firstIndex(of: first) else { return nil }
            return (s.primary, s.known, i)
        }
        let evidence = samples.filter { $0.natures.first.flatMap { natures.firstIndex(of: $0) } != nil }.map(\.evidence)
        c.primary = Calibration.fit(labelled, base: settings.primary, lexicon: evidence)
        return c
    }

    /// The probability threshold in [0.3, 0.7] with the best F1 (ties: the one nearest 0.5).
    static func bestThreshold(_ p: [Double], _ y: [Double]) -> Double {
        var best = 0.5, bestF1 = -1.0
        for step in 0...8 {
            let t = 0.3 + 0.05 * Double(step)
            var tp = 0.0, fp = 0.0, fn = 0.0
            for (pi, yi) in zip(p, y) {
                if pi >= t { if yi > 0 { tp += 1 } else { fp += 1 } } else if yi > 0 { fn += 1 }
            }
            let f1 = tp > 0 ? 2 * tp / (2 * tp + fp + fn) : 0
            if f1 > bestF1 + 1e-12 || abs(f1 - bestF1) <= 1e-12 && abs(t - 0.5) < abs(best - 0.5) {
                best = t
                bestF1 = f1
            }
        }
        return best
    }
}

/// Logistic regression by Newton's method with a small ridge on the slopes (not the intercept,
/// the last column), deterministic for given rows.
enum Logistic {
    static func fit(_ x: [[Double]], _ y: [Double], ridge: Double = 1, iterations: Int = 30) -> [Double] {
        let d = x.first?.count ?? 0
        var w = [Double](repeating: 0, count: d)
        for _ in 0..<iterations {
            var gradient = [Double](repeating: 0, count: d)
            var hessian = [[Double]](repeating: [Double](repeating: 0, count: d), count: d)
            for (row, target) in zip(x, y) {
                var z = 0.0
                for k in 0..<d { z += w[k] * row[k] }
                let p = 1 / (1 + exp(-z))
                let r = p * (1 - p)
                for k in 0..<d {
                    gradient[k] += (p - target) * row[k]
                    for m in 0..<d { hessian[k][m] += r * row[k] * row[m] }
                }
            }
            for k in 0..<(d - 1) {
                gradient[k] += ridge * w[k]
                hessian[k][k] += ridge
            }
            hessian[d - 1][d - 1] += 1e-9
            guard let step = solve(hessian, gradient) else { break }
            var change = 0.0
            for k in 0..<d {
                w[k] -= step[k]
                change = max(change, abs(step[k]))
            }
            if change < 1e-10 { break }
        }
        return w
    }

    /// Solves a small linear system by Gaussian elimination with partial pivoting.
    static func solve(_ a: [[Double]], _ b: [Double]) -> [Double]? {
        var m = a, v = b
        let n = v.count
        for col in 0..<n {
            var pivot = col
            for r in col..<n where abs(m[r][col]) > abs(m[pivot][col]) { pivot = r }
            guard abs(m[pivot][col]) > 1e-15 else { return nil }
            m.swapAt(col, pivot)
            v.swapAt(col, pivot)
            for r in (col + 1)..<n {
                let f = m[r][col] / m[col][col]
                for k in col..<n { m[r][k] -= f * m[col][k] }
                v[r] -= f * v[col]
            }
        }
        var out = [Double](repeating: 0, count: n)
        for r in stride(from: n - 1, through: 0, by: -1) {
            var s = v[r]
            for k in (r + 1)..<n { s -= m[r][k] * out[k] }
            out[r] = s / m[r][r]
        }
        return out
    }
}
