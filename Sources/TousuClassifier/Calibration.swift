import Foundation

/// How naive-Bayes scores and lexicon evidence become probabilities:
///
///     logit(s) = (score(s) − max score) / (temperature · n^lengthExponent) + lexiconWeight · L(s)
///     P(s) = exp(logit(s)) / Σ exp(logit)
///
/// where n is the number of known features in the text and L(s) the lexicon evidence for sector s
/// (the sum of the weights of the distinct phrases found, capped at `lexiconCap`). Naive Bayes
/// treats features as independent, so its raw posteriors are far too sure and grow with text
/// length; the temperature and length exponent are fitted on held-out training data to minimise
/// log-loss. A strong phrase (weight 3) multiplies a sector's odds by e^(3·lexiconWeight).
public struct Calibration: Sendable, Codable, Equatable {
    public var temperature: Double
    public var lengthExponent: Double
    public var lexiconWeight: Double
    public var lexiconCap: Double

    public init(temperature: Double = 1, lengthExponent: Double = 0, lexiconWeight: Double = 1, lexiconCap: Double = 6) {
        self.temperature = temperature
        self.lengthExponent = lengthExponent
        self.lexiconWeight = lexiconWeight
        self.lexiconCap = lexiconCap
    }

    /// Probabilities from raw scores, the feature count and per-label lexicon evidence.
    public func probabilities(scores: [Double], features: Int, lexicon: [Double]?) -> [Double] {
        // One array, filled in place: logits, then their exponentials, then the probabilities.
        let top = scores.max() ?? 0
        let scale = temperature * pow(Double(max(features, 1)), lengthExponent)
        var out = [Double](repeating: 0, count: scores.count)
        for i in out.indices {
            var logit = (scores[i] - top) / scale
            if let lexicon { logit += lexiconWeight * min(lexicon[i], lexiconCap) }
            out[i] = logit
        }
        let m = out.max() ?? 0
        var z = 0.0
        for i in out.indices {
            out[i] = exp(out[i] - m)
            z += out[i]
        }
        for i in out.indices { out[i] /= z }
        return out
    }

    /// Fits temperature and length exponent to held-out (scores, features, true label) triples,
    /// keeping `base`'s lexicon weight and cap. `lexicon` (one evidence vector per sample) makes
    /// the fit include the lexicon evidence the probabilities will include. With fewer than 20
    /// samples the result is the neutral temperature 1 and exponent 0: a function of the samples
    /// and the settings only, so that merged and retrained models get the same calibration.
    public static func fit(
        _ samples: [(scores: [Double], features: Int, label: Int)], base: Calibration, lexicon: [[Double]]? = nil
    ) -> Calibration {
        guard samples.count >= 20 else {
            var neutral = base
            neutral.temperature = 1
            neutral.lengthExponent = 0
            return neutral
        }
        func loss(_ c: Calibration) -> Double {
            var total = 0.0
            for (i, s) in samples.enumerated() {
                let p = c.probabilities(scores: s.scores, features: s.features, lexicon: lexicon?[i])
                total -= log(max(p[s.label], 1e-12))
            }
            return total / Double(samples.count)
        }
        var best = base
        var bestLoss = Double.infinity
        for exponent in [0.0, 0.25, 0.5, 0.75, 1.0] {
            // Golden-section search of log(temperature) in [-5, 6].
            var lo = -5.0, hi = 6.0
            let g = (sqrt(5.0) - 1) / 2
            func at(_ x: Double) -> Double {
                var c = base
                c.temperature = exp(x)
                c.lengthExponent = exponent
                return loss(c)
            }
            var x1 = hi - g * (hi - lo), x2 = lo + g * (hi - lo)
            var f1 = at(x1), f2 = at(x2)
            for _ in 0..<40 {
                if f1 < f2 { hi = x2; x2 = x1; f2 = f1; x1 = hi - g * (hi - lo); f1 = at(x1) }
                else { lo = x1; x1 = x2; f1 = f2; x2 = lo + g * (hi - lo); f2 = at(x2) }
            }
            let x = (lo + hi) / 2
            let l = at(x)
            if l < bestLoss {
                bestLoss = l
                best = base
                best.temperature = exp(x)
                best.lengthExponent = exponent
            }
        }
        return best
    }
}
