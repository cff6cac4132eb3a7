import Foundation

/// Tail probabilities and tests, in natural-log space so that tiny p-values keep their size.
public enum Statistics {
    /// ln P(X ≥ k) for X ~ Poisson(mean).
    public static func logPoissonUpperTail(_ k: Int, mean: Double) -> Double {
        if k <= 0 { return 0 }
        if mean <= 0 { return -.infinity }
        let logMean = log(mean)
        return upperTail(k, mean: mean) { n in -mean + Double(n) * logMean - lgamma(Double(n) + 1) }
    }

    /// ln P(X ≥ k) for X ~ negative binomial with the given mean and size r
    /// (variance = mean + mean²/r; r → ∞ is Poisson).
    public static func logNegativeBinomialUpperTail(_ k: Int, mean: Double, size r: Double) -> Double {
        if k <= 0 { return 0 }
        if mean <= 0 { return -.infinity }
        let logP = log(r / (r + mean))
        let logQ = log(mean / (r + mean))
        let lgr: Double = lgamma(r)
        return upperTail(k, mean: mean) { n in
            lgamma(Double(n) + r) - lgr - lgamma(Double(n) + 1) + r * logP + Double(n) * logQ
        }
    }

    /// ln Σ_{n ≥ k} pmf(n): summed upward when k is above the mean, else 1 − the lower sum.
    private static func upperTail(_ k: Int, mean: Double, _ logPMF: (Int) -> Double) -> Double {
        if Double(k) > mean {
            var total = -Double.infinity
            var n = k
            while n < k + 1_000_000 {
                let term = logPMF(n)
                total = logAdd(total, term)
                if term < total - 40 && Double(n) > mean { break }
                n += 1
            }
            return min(0, total)
        }
        var lower = -Double.infinity
        for n in 0..<k { lower = logAdd(lower, logPMF(n)) }
        let p = 1 - exp(lower)
        return p > 0 ? log(p) : log(Double.leastNormalMagnitude)
    }

    /// ln(e^a + e^b).
    @inline(__always) static func logAdd(_ a: Double, _ b: Double) -> Double {
        if a == -.infinity { return b }
        if b == -.infinity { return a }
        let m = max(a, b)
        return m + log(exp(a - m) + exp(b - m))
    }

    /// Dunning's log-likelihood ratio G² for a 2×2 table: `a` of `n1` in the target, `b` of `n2`
    /// in the reference. Signed: negative when the target rate is below the reference rate.
    public static func gSquared(_ a: Int, of n1: Int, _ b: Int, of n2: Int) -> Double {
        let n = Double(n1 + n2)
        guard n1 > 0, n2 > 0 else { return 0 }
        let cells = [Double(a), Double(n1 - a), Double(b), Double(n2 - b)]
        let rows = [Double(n1), Double(n1), Double(n2), Double(n2)]
        let colWith = Double(a + b), colWithout = n - colWith
        let cols = [colWith, colWithout, colWith, colWithout]
        var g = 0.0
        for i in 0..<4 where cells[i] > 0 {
            g += cells[i] * log(cells[i] * n / (rows[i] * cols[i]))
        }
        g *= 2
        return Double(a) * Double(n2) >= Double(b) * Double(n1) ? max(0, g) : -max(0, g)
    }

    /// ln of the one-sided p-value of a signed G² (χ² with one degree of freedom, upper direction).
    public static func logPValue(gSquared g: Double) -> Double {
        if g <= 0 { return 0 }
        return logErfc(sqrt(g / 2)) - log(2)
    }

    /// ln erfc(x) for x ≥ 0, with an asymptotic series where erfc underflows.
    public static func logErfc(_ x: Double) -> Double {
        if x < 25 { return log(erfc(x)) }
        let x2 = x * x
        return -x2 - log(x * sqrt(Double.pi)) + log(1 - 1 / (2 * x2) + 3 / (4 * x2 * x2))
    }

    /// Benjamini–Hochberg adjusted ln q-values for ln p-values (same order as given).
    public static func benjaminiHochberg(logP: [Double]) -> [Double] {
        let m = logP.count
        guard m > 0 else { return [] }
        let order = logP.indices.sorted { logP[$0] < logP[$1] }
        var q = [Double](repeating: 0, count: m)
        var running = 0.0  // ln 1
        for rank in stride(from: m, through: 1, by: -1) {
            let i = order[rank - 1]
            running = min(running, logP[i] + log(Double(m) / Double(rank)))
            q[i] = running
        }
        return q
    }

    /// −log10 of a p-value given as ln p.
    @inline(__always) public static func score(logP: Double) -> Double {
        logP == -.infinity ? 999 : -logP / log(10)
    }
}
