import Foundation
import TousuText

/// Classification of models of at most 8 sectors, 16 natures and 64 lexicon labels (the bundled
/// model has 5, 10 and 15) on fixed-size values instead of arrays: the per-label scores, evidence
/// and probabilities live in `Lanes` (an inline array; SIMD vectors only where the arithmetic is
/// lane-wise, as reading one lane of a vector by a variable index spills the whole vector), so a
/// complaint costs no allocation beyond its prediction's.
/// The arithmetic is that of the general path — `Calibration.probabilities`,
/// `NatureCalibration.probabilities`, `NatureDecisionRule.choose` — operation for operation and in
/// the same order, lane by lane, so the predictions are identical.
/// Per-label values of the fixed-width path (lanes beyond the labels: 0).
typealias Lanes = InlineArray<16, Double>

extension Classifier {
    /// Classifies with `joint`, when `isFixedWidth`.
    func classifyFixed(_ text: TokenizedText, joint: JointScorer) -> Prediction {
        let labels = scorer.labels
        let width = joint.width
        let sums = joint.sums(text, extractor: extractor)
        let known = sums.sectorKnown
        let matches = matcher.matches(in: text.normalized.units)

        // Lexicon evidence: each distinct (label, phrase) once, as in `classify`.
        var evidence = Lanes(repeating: 0)
        var natureEvidence = Lanes(repeating: 0)
        var strong: UInt64 = 0  // bit: lexicon label with a strong phrase found
        for k in matches.indices {
            let match = matches[k]
            let key = match.key
            var seen = false
            for j in 0..<k where matches[j].key == key {
                seen = true
                break
            }
            if seen { continue }
            let label = Int(match.labelIndex)
            if match.kind == .sector {
                let i = sectorOfLexiconLabel[label]
                if i >= 0 { evidence[i] += match.weight }
                if match.weight >= Lexicon.strongWeight { strong |= 1 << UInt64(label) }
            } else {
                let i = natureOfLexiconLabel[label]
                if i >= 0 { natureEvidence[i] += match.weight }
            }
        }
        var scores = Lanes(repeating: 0)
        for l in 0..<8 { scores[l] = sums.sector[l] }  // a fixed count: unrolled, each lane read directly
        var probabilities = model.calibration.probabilities(lanes: scores, count: width, features: known, lexicon: evidence)
        var noEvidence = known == 0
        for l in 0..<width where evidence[l] != 0 { noEvidence = false }
        if noEvidence, let other = otherLabel {
            // No evidence at all: "other", flagged for review.
            probabilities = Lanes(repeating: 0)
            probabilities[other] = 1
        }
        var best = 0
        for i in 0..<width where probabilities[i] > probabilities[best] { best = i }

        let confidence = probabilities[best]
        let sectorLabel = lexiconLabelOfSector[best]
        let conflicting = strong != 0 && (sectorLabel < 0 || strong & (1 << UInt64(sectorLabel)) == 0)
        let needsReview = confidence < reviewThreshold || conflicting || (known == 0 && matches.isEmpty)
        let anyEvidence = known > 0 || !matches.isEmpty

        let natureScores = natures(fixed: sums, evidence: natureEvidence, anyEvidence: anyEvidence, text: text)

        var sectorScores = [LabelScore]()
        sectorScores.reserveCapacity(width)
        for i in labelOrder { sectorScores.append(LabelScore(label: labels[i], probability: (probabilities[i] * 10000).rounded() / 10000)) }
        var top: [FeatureWeight] = []
        if labels.count > 1 && explanationLimit > 0 {
            var second = best == 0 ? min(1, labels.count - 1) : 0
            for i in 0..<width where i != best && probabilities[i] > probabilities[second] { second = i }
            top = scorer.topFeatures(text, extractor: extractor, label: best, other: second, limit: explanationLimit)
        }
        var natureList = [String]()
        natureList.reserveCapacity(natureScores.count)
        for n in natureScores { natureList.append(n.nature) }
        return Prediction(
            sector: labels[best], sectorName: sectorNames[best], sectorScores: sectorScores,
            confidence: (confidence * 10000).rounded() / 10000, natures: natureList, needsReview: needsReview,
            keywords: keywordHits(text, matches), topFeatures: top, natureScores: natureScores)
    }
}

extension Classifier {
    /// The natures of a text, primary first, from its nature sums and lexicon evidence.
    @inline(never)  // a stage of Benchmarks/callgrind.sh
    private func natures(fixed sums: JointScorer.Sums, evidence: Lanes, anyEvidence: Bool, text: TokenizedText) -> [NatureScore] {
        guard let natureScorer, let decider = natureDecider, anyEvidence else {
            var all = [Double](repeating: 0, count: natureIds.count)
            for j in all.indices { all[j] = evidence[j] }
            return lexiconNatures(all)
        }
        var binarySums = InlineArray<16, Float>(repeating: 0), primarySums = binarySums
        for j in 0..<16 {  // a fixed count: unrolled, each lane read directly
            binarySums[j] = sums.binary[j]
            primarySums[j] = sums.primary[j]
        }
        var binary = Lanes(repeating: 0), primary = Lanes(repeating: 0)
        for j in 0..<decider.count {
            binary[j] = natureScorer.binaryPrior[j] + Double(binarySums[j])
            primary[j] = natureScorer.primaryPrior[j] + Double(primarySums[j])
        }
        let chosen = decider.choose(binary: binary, primary: primary, known: sums.natureKnown, evidence: evidence)
        let features = explanationLimit > 0 ? HeldOut.features(text, extractor: extractor) : []
        var out = [NatureScore]()
        out.reserveCapacity(chosen.count)
        for k in 0..<chosen.count {
            let nature = chosen.natures[k]
            let top = explanationLimit > 0 && natureIds[nature] != "other"
                ? natureScorer.topFeatures(features, nature: nature, limit: explanationLimit) : []
            out.append(NatureScore(
                nature: natureIds[nature], probability: (chosen.probabilities[k] * 10000).rounded() / 10000, topFeatures: top))
        }
        return out
    }
}

extension Calibration {
    /// `probabilities(scores:features:lexicon:)` over the first `count` lanes (the others: 0).
    func probabilities(lanes scores: Lanes, count: Int, features: Int, lexicon: Lanes) -> Lanes {
        var top = scores[0]  // as `Sequence.max()`: the first, replaced by each greater one
        for i in 1..<max(count, 1) where top < scores[i] { top = scores[i] }
        let scale = temperature * pow(Double(max(features, 1)), lengthExponent)
        var out = Lanes(repeating: 0)
        for i in 0..<count {
            var logit = (scores[i] - top) / scale
            logit += lexiconWeight * min(lexicon[i], lexiconCap)
            out[i] = logit
        }
        var m = out[0]
        for i in 1..<max(count, 1) where m < out[i] { m = out[i] }
        var z = 0.0
        for i in 0..<count {
            out[i] = exp(out[i] - m)
            z += out[i]
        }
        for i in 0..<count { out[i] /= z }
        return out
    }
}

/// `NatureCalibration.choices` for at most 16 natures, on vectors: the same decision.
struct FixedNatureDecider: Sendable {
    /// The natures chosen, primary first (`count` of them).
    struct Chosen {
        var count = 0
        var natures = InlineArray<16, Int>(repeating: 0)
        var probabilities = InlineArray<16, Double>(repeating: 0)

        mutating func append(_ nature: Int, _ probability: Double) {
            natures[count] = nature
            probabilities[count] = probability
            count += 1
        }
    }

    let count: Int
    /// Column k: the coefficient of input k of every nature (lane j: nature j), 2n + 1 columns.
    private let columns: [SIMD16<Double>]
    /// Column k: the primary-nature regression's coefficient of input k of every nature, 3n + 1
    /// columns (empty: none).
    private let primaryColumns: [SIMD16<Double>]
    private let threshold: Lanes
    private let logPrimacy: Lanes
    private let other: Int?
    private let rule: NatureDecisionRule
    private let primary: Calibration
    private let lexiconCap: Double
    private let maximumNatures: Int

    /// Nil when the calibration has more than 16 natures or coefficients of another shape.
    init?(_ c: NatureCalibration) {
        let n = c.natures.count
        guard n >= 1, n <= 16, c.coefficients.count == n, c.coefficients.allSatisfy({ $0.count == 2 * n + 1 }),
              c.threshold.count == n, c.primacy.count == n, c.maximumNatures >= 1,
              c.primaryCoefficients.isEmpty || c.primaryCoefficients.count == n
                && c.primaryCoefficients.allSatisfy({ $0.count == 3 * n + 1 }) else { return nil }
        count = n
        var columns = [SIMD16<Double>](repeating: .zero, count: 2 * n + 1)
        for j in 0..<n {
            for k in 0..<(2 * n + 1) { columns[k][j] = c.coefficients[j][k] }
        }
        self.columns = columns
        var primaryColumns = [SIMD16<Double>](repeating: .zero, count: c.primaryCoefficients.isEmpty ? 0 : 3 * n + 1)
        for (j, w) in c.primaryCoefficients.enumerated() {
            for k in w.indices { primaryColumns[k][j] = w[k] }
        }
        self.primaryColumns = primaryColumns
        var threshold = Lanes(repeating: 0), logPrimacy = Lanes(repeating: 0)
        for j in 0..<n {
            threshold[j] = c.threshold[j]
            logPrimacy[j] = log(c.primacy[j])
        }
        self.threshold = threshold
        self.logPrimacy = logPrimacy
        other = c.otherIndex
        rule = c.rule
        primary = c.primary
        lexiconCap = c.lexiconCap
        maximumNatures = c.maximumNatures
    }

    /// The natures of nature scores (priors added), the known-feature count and lexicon evidence.
    func choose(binary: Lanes, primary scores: Lanes, known: Int, evidence: Lanes) -> Chosen {
        let n = count
        let p = probabilities(binary: binary, known: known, evidence: evidence)
        let q = primary.probabilities(lanes: scores, count: n, features: known, lexicon: evidence)
        let found = self.found(p)
        var out = Chosen()
        if rule.isFormatTwo {
            guard found.count > 0 else {
                var best = 0
                for j in 0..<n where q[j] > q[best] { best = j }
                out.append(best, best == other ? q[best] : p[best])
                return out
            }
            var first = found.natures[0]
            for k in 0..<found.count where q[found.natures[k]] > q[first] { first = found.natures[k] }
            return firstThenRest(first, found, p)
        }
        if rule.regressedPrimary, !primaryColumns.isEmpty {
            return regressedChoice(found, p: p, r: primaryRegression(binary: binary, known: known, evidence: evidence, q: q))
        }
        if let other, rule.otherOverrides, p[other] >= threshold[other] {
            var above = true
            for k in 0..<found.count where !(p[other] > p[found.natures[k]]) { above = false }
            if above {
                out.append(other, p[other])
                return out
            }
        }
        guard found.count > 0 else { return fallback(p) }
        // `NatureDecisionRule.primaryIndex`
        func score(_ j: Int) -> Double {
            log(max(p[j], 1e-12)) + rule.primacyWeight * logPrimacy[j] + rule.multinomialWeight * log(max(q[j], 1e-12))
        }
        var first = found.natures[0], best = score(first)
        for k in 1..<max(found.count, 1) {
            let j = found.natures[k]
            let s = score(j)
            if s > best {
                first = j
                best = s
            }
        }
        return firstThenRest(first, found, p)
    }

    /// P(n) as `NatureCalibration.probabilities` computes it: each lane's sum takes the inputs in
    /// the same order (lane-wise products and sums are those of each lane).
    private func probabilities(binary: Lanes, known: Int, evidence: Lanes) -> Lanes {
        let sums = Self.lanes(stacked(columns, binary: binary, known: known, evidence: evidence))
        var out = Lanes(repeating: 0)
        for j in 0..<count {
            if j == other && rule.isFormatTwo { continue }
            out[j] = 1 / (1 + exp(-sums[j]))
        }
        return out
    }

    /// R(n) as `NatureCalibration.primaryRegression` computes it, inputs in the same order.
    private func primaryRegression(binary: Lanes, known: Int, evidence: Lanes, q: Lanes) -> Lanes {
        let n = count
        var z = stacked(primaryColumns, binary: binary, known: known, evidence: evidence)
        for k in 0..<n { z += primaryColumns[2 * n + 1 + k] * SIMD16(repeating: log(max(q[k], 1e-12))) }
        let sums = Self.lanes(z)
        var out = Lanes(repeating: 0)
        for j in 0..<n { out[j] = 1 / (1 + exp(-sums[j])) }
        return out
    }

    /// Σ_k columns[k] · input k over the stacked inputs (scaled log-odds, capped evidence, 1),
    /// lane j the sum of nature j, the inputs taken in order.
    private func stacked(_ columns: [SIMD16<Double>], binary: Lanes, known: Int, evidence: Lanes) -> SIMD16<Double> {
        let n = count
        let scale = 1 / Double(max(known, 1)).squareRoot()
        var z = SIMD16<Double>.zero
        for k in 0..<n { z += columns[k] * SIMD16(repeating: binary[k] * scale) }
        for k in 0..<n { z += columns[n + k] * SIMD16(repeating: min(evidence[k], lexiconCap)) }
        z += columns[2 * n] * SIMD16(repeating: 1)
        return z
    }

    private static func lanes(_ z: SIMD16<Double>) -> Lanes {
        var sums = Lanes(repeating: 0)
        for j in 0..<16 { sums[j] = z[j] }  // a fixed count: unrolled, each lane read directly
        return sums
    }

    /// `NatureDecisionRule.regressedChoice`.
    private func regressedChoice(_ found: Chosen, p: Lanes, r: Lanes) -> Chosen {
        let n = count
        var top = 0
        for j in 0..<n where r[j] > r[top] { top = j }
        if top == other, found.count == 0 || r[top] >= rule.admission {
            var out = Chosen()
            out.append(top, r[top])
            return out
        }
        var set = found
        if top != other, r[top] >= rule.admission {
            var present = false
            for k in 0..<set.count where set.natures[k] == top { present = true }
            if !present {
                set.count = min(set.count, maximumNatures - 1)
                set.append(top, p[top])
            }
        }
        guard set.count > 0 else { return fallback(p) }
        var first = set.natures[0]
        for k in 0..<set.count where r[set.natures[k]] > r[first] { first = set.natures[k] }
        var out = firstThenRest(first, set, p)
        out.probabilities[0] = max(p[first], r[first])
        return out
    }

    /// `NatureDecisionRule.found`: natures (not "other") reaching their threshold, by falling
    /// probability (ties: by index), at most `maximumNatures`.
    private func found(_ p: Lanes) -> Chosen {
        var found = Chosen()
        for j in 0..<count where j != other && p[j] >= threshold[j] {
            var k = found.count
            found.count += 1
            while k > 0, p[j] > p[found.natures[k - 1]] {
                found.natures[k] = found.natures[k - 1]
                k -= 1
            }
            found.natures[k] = j
        }
        found.count = min(found.count, maximumNatures)
        return found
    }

    private func firstThenRest(_ first: Int, _ found: Chosen, _ p: Lanes) -> Chosen {
        var out = Chosen()
        out.append(first, p[first])
        for k in 0..<found.count where found.natures[k] != first { out.append(found.natures[k], p[found.natures[k]]) }
        return out
    }

    /// `NatureDecisionRule.fallback`: when nothing reaches its threshold.
    private func fallback(_ p: Lanes) -> Chosen {
        var out = Chosen()
        var best: Int? = nil
        for j in 0..<count where j != other {
            if best.map({ p[j] > p[$0] }) ?? true { best = j }
        }
        guard let other else {
            if let best { out.append(best, p[best]) }
            return out
        }
        if let best, p[best] >= rule.floor {
            out.append(best, p[best])
            return out
        }
        out.append(other, 1 - (best.map { p[$0] } ?? 0))
        return out
    }
}
