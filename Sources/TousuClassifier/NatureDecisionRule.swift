import Foundation

/// Which of the natures found comes first, and what is said when none is found. Fitted with the
/// rest of the nature calibration on the held-out documents: of a small grid, the rule that gives
/// them the best micro-F1 plus primary-nature accuracy.
///
/// The natures found are those (not "other") whose probability P(n) reaches their threshold, at
/// most `maximumNatures`, by falling P. The primary nature among them is the one with the highest
///
///     log P(n) + primacyWeight · log primacy[n] + multinomialWeight · log Q(n)
///
/// where primacy[n] is how often n comes first when present and Q the primary-nature multinomial.
/// When none is found, the most probable nature stands if its P is at least `floor`, otherwise
/// "other" (reported with probability 1 − that P). With `otherOverrides`, "other" alone is the
/// answer when P(other) reaches its threshold and exceeds the P of every nature found. "Other"
/// never stands beside another nature.
///
/// With `regressedPrimary`, the primary nature is instead the one with the highest R(n), the
/// calibration's primary-nature regression (`NatureCalibration.primaryCoefficients`), over every
/// nature: the nature of highest R joins the natures found when R reaches `admission` (so that
/// the primary nature can be said when its P falls short of its threshold), and is "other" alone
/// when it is "other" and nothing is found or R(other) reaches `admission`; otherwise the found
/// nature of highest R comes first.
public struct NatureDecisionRule: Sendable, Codable, Equatable {
    public var primacyWeight: Double
    public var multinomialWeight: Double
    public var floor: Double
    public var otherOverrides: Bool
    /// Order by the primary-nature regression (see above); false in files written before it.
    public var regressedPrimary: Bool
    /// With `regressedPrimary`: the R at which the nature of highest R is said though not found
    /// (1 or more: never; files written before the near-optimal fit may hold 2).
    public var admission: Double
    /// Decide as model format 2 did: the primary nature is the found one with the highest Q; when
    /// none is found, the multinomial's choice; "other" has no probability of its own.
    public var isFormatTwo: Bool

    public init(primacyWeight: Double = 0, multinomialWeight: Double = 1, floor: Double = 0.2, otherOverrides: Bool = false) {
        self.primacyWeight = primacyWeight
        self.multinomialWeight = multinomialWeight
        self.floor = floor
        self.otherOverrides = otherOverrides
        isFormatTwo = false
        regressedPrimary = false
        admission = 2
    }

    /// A rule that orders by the primary-nature regression.
    public static func regressed(admission: Double, floor: Double) -> NatureDecisionRule {
        var r = NatureDecisionRule(floor: floor)
        r.regressedPrimary = true
        r.admission = admission
        return r
    }

    enum CodingKeys: String, CodingKey {
        case primacyWeight, multinomialWeight, floor, otherOverrides, isFormatTwo, regressedPrimary, admission
    }

    /// Reads a stored rule; one written before the primary-nature regression does not use it.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        primacyWeight = try c.decode(Double.self, forKey: .primacyWeight)
        multinomialWeight = try c.decode(Double.self, forKey: .multinomialWeight)
        floor = try c.decode(Double.self, forKey: .floor)
        otherOverrides = try c.decode(Bool.self, forKey: .otherOverrides)
        isFormatTwo = try c.decode(Bool.self, forKey: .isFormatTwo)
        regressedPrimary = try c.decodeIfPresent(Bool.self, forKey: .regressedPrimary) ?? false
        admission = try c.decodeIfPresent(Double.self, forKey: .admission) ?? 2
    }

    /// The rule of a model-format-2 calibration.
    public static let formatTwo: NatureDecisionRule = {
        var r = NatureDecisionRule()
        r.isFormatTwo = true
        return r
    }()

    /// A nature chosen, by index among the calibration's natures, with its probability.
    struct Choice: Sendable, Equatable {
        var nature: Int
        var probability: Double

        init(_ nature: Int, _ probability: Double) {
            self.nature = nature
            self.probability = probability
        }
    }

    /// The natures for per-nature probabilities `p`, primary-nature probabilities `q` and
    /// primary-nature regression probabilities `r` (used by a `regressedPrimary` rule only).
    func choose(p: [Double], q: [Double], r: [Double] = [], calibration c: NatureCalibration) -> [Choice] {
        choose(p: p, q: q, r: r, calibration: c, other: c.otherIndex)
    }

    /// `choose(p:q:r:calibration:)` with the index of "other" already found.
    func choose(p: [Double], q: [Double], r: [Double] = [], calibration c: NatureCalibration, other: Int?) -> [Choice] {
        let found = Self.found(p, calibration: c, other: other)
        if regressedPrimary, r.count == p.count, !r.isEmpty {
            return regressedChoice(found, p: p, r: r, calibration: c, other: other)
        }
        if isFormatTwo {
            guard var first = found.first else {
                var best = 0
                for j in q.indices where q[j] > q[best] { best = j }
                return [Choice(best, best == other ? q[best] : p[best])]
            }
            for j in found where q[j] > q[first] { first = j }
            return Self.firstThenRest(first, found, p)
        }
        if let other, otherOverrides, p[other] >= c.threshold[other], found.allSatisfy({ p[other] > p[$0] }) {
            return [Choice(other, p[other])]
        }
        guard !found.isEmpty else { return fallback(p, calibration: c, other: other) }
        let first = primaryIndex(found, p: p, q: q, primacy: c.primacy)
        return Self.firstThenRest(first, found, p)
    }

    /// The `regressedPrimary` decision (see the type's documentation). The primary nature is
    /// reported with max(P, R): a nature is at least as likely present as primary.
    func regressedChoice(_ found: [Int], p: [Double], r: [Double], calibration c: NatureCalibration, other: Int?) -> [Choice] {
        var top = 0
        for j in r.indices where r[j] > r[top] { top = j }
        if top == other, found.isEmpty || r[top] >= admission { return [Choice(top, r[top])] }
        var set = found
        if top != other, r[top] >= admission, !set.contains(top) {
            if set.count >= max(c.maximumNatures, 1) { set.removeLast(set.count - max(c.maximumNatures, 1) + 1) }
            set.append(top)
        }
        guard !set.isEmpty else { return fallback(p, calibration: c, other: other) }
        var first = set[0]
        for j in set where r[j] > r[first] { first = j }
        var out = Self.firstThenRest(first, set, p)
        out[0].probability = max(p[first], r[first])
        return out
    }

    /// `first`, then the other natures of `found` in their order, with their probabilities.
    private static func firstThenRest(_ first: Int, _ found: [Int], _ p: [Double]) -> [Choice] {
        var out = [Choice]()
        out.reserveCapacity(found.count + 1)
        out.append(Choice(first, p[first]))
        for j in found where j != first { out.append(Choice(j, p[j])) }
        return out
    }

    /// Natures (not "other") reaching their threshold, by falling probability, at most the maximum.
    static func found(_ p: [Double], calibration c: NatureCalibration) -> [Int] {
        found(p, calibration: c, other: c.otherIndex)
    }

    /// `found(_:calibration:)` with the index of "other" already found: by insertion into one
    /// array (the order is strict — probability, then index — so any sort gives it).
    static func found(_ p: [Double], calibration c: NatureCalibration, other: Int?) -> [Int] {
        var found = [Int]()
        for j in c.natures.indices where j != other && p[j] >= c.threshold[j] {
            var k = found.count
            found.append(j)
            while k > 0, p[j] > p[found[k - 1]] {  // ties keep index order: j comes last among equals
                found[k] = found[k - 1]
                k -= 1
            }
            found[k] = j
        }
        if found.count > c.maximumNatures { found.removeLast(found.count - max(c.maximumNatures, 0)) }
        return found
    }

    /// When nothing reaches its threshold.
    func fallback(_ p: [Double], calibration c: NatureCalibration, other otherIndex: Int?) -> [Choice] {
        var best: Int? = nil
        for j in c.natures.indices where j != otherIndex {
            if best.map({ p[j] > p[$0] }) ?? true { best = j }
        }
        guard let other = otherIndex else { return best.map { [Choice($0, p[$0])] } ?? [] }
        if let best, p[best] >= floor { return [Choice(best, p[best])] }
        return [Choice(other, 1 - (best.map { p[$0] } ?? 0))]
    }

    func primaryIndex(_ found: [Int], p: [Double], q: [Double], primacy: [Double]) -> Int {
        func score(_ j: Int) -> Double {
            log(max(p[j], 1e-12)) + primacyWeight * log(primacy[j]) + multinomialWeight * log(max(q[j], 1e-12))
        }
        var first = found[0], best = score(first)
        for j in found.dropFirst() {
            let s = score(j)
            if s > best { first = j; best = s }
        }
        return first
    }

    static let weights: [Double] = [0, 0.5, 1, 2]
    static let floors: [Double] = [0, 0.1, 0.2, 0.3, 2]

    /// The rule of the grid (weights × weights × floors × overrides) with the best micro-F1 plus
    /// primary-nature accuracy on the scored samples (ties: the earliest in the grid), unless a
    /// `regressedPrimary` rule does better (`fitRegressed`: admission and floor then near-optimal
    /// means rather than grid points).
    static func fit(_ samples: [NatureCalibration.Sample], calibration c: NatureCalibration) -> NatureDecisionRule {
        let scored = Scored.of(samples, calibration: c)
        guard scored.count >= 20 else { return NatureDecisionRule() }
        let total = Double(scored.count)
        var best = NatureDecisionRule(), bestScore = -1.0
        for overrides in [false, true] {
            // Samples whose primary the weights decide (two or more found, no override), and
            // for each weight pair how many of them get it right.
            var contested: [(found: [Int], sample: Int)] = []
            for (i, s) in scored.enumerated() {
                let found = Self.found(s.p, calibration: c)
                var rule = NatureDecisionRule(otherOverrides: overrides)
                rule.floor = 0
                if found.count >= 2, rule.choose(p: s.p, q: s.q, calibration: c).count > 1 { contested.append((found, i)) }
            }
            var weighted: [(primacy: Double, multinomial: Double, right: Int)] = []
            for pw in weights {
                for mw in weights {
                    let rule = NatureDecisionRule(primacyWeight: pw, multinomialWeight: mw)
                    let right = contested.filter { rule.primaryIndex($0.found, p: scored[$0.sample].p, q: scored[$0.sample].q, primacy: c.primacy) == scored[$0.sample].first }.count
                    weighted.append((pw, mw, right))
                }
            }
            let contestedSet = Set(contested.map(\.sample))
            for floor in floors {
                let rule = NatureDecisionRule(floor: floor, otherOverrides: overrides)
                var tp = 0, fp = 0, fn = 0, rightElsewhere = 0
                for (i, s) in scored.enumerated() {
                    let chosen = rule.choose(p: s.p, q: s.q, calibration: c).map(\.nature)
                    let hit = chosen.filter { s.truth.contains($0) }.count
                    tp += hit
                    fp += chosen.count - hit
                    fn += s.truth.count - hit
                    if !contestedSet.contains(i), chosen.first == s.first { rightElsewhere += 1 }
                }
                let micro = Double(2 * tp) / Double(max(1, 2 * tp + fp + fn))
                for w in weighted {
                    let score = micro + Double(rightElsewhere + w.right) / total
                    if score > bestScore + 1e-12 {
                        bestScore = score
                        best = NatureDecisionRule(primacyWeight: w.primacy, multinomialWeight: w.multinomial, floor: floor, otherOverrides: overrides)
                    }
                }
            }
        }
        guard !c.primaryCoefficients.isEmpty else { return best }
        return fitRegressed(scored, calibration: c, incumbent: best, incumbentScore: bestScore)
    }

    /// A labelled sample with its P, Q and R under a calibration (they do not depend on the
    /// thresholds or the rule), the labelled natures as indices.
    struct Scored {
        var p: [Double]
        var q: [Double]
        var r: [Double]
        var truth: Set<Int>
        var first: Int

        static func of(_ samples: [NatureCalibration.Sample], calibration c: NatureCalibration) -> [Scored] {
            samples.compactMap { s -> Scored? in
                let truth = s.natures.compactMap { c.natures.firstIndex(of: $0) }
                guard let first = truth.first else { return nil }
                let q = c.primaryProbabilities(primary: s.primary, known: s.known, evidence: s.evidence)
                return Scored(
                    p: c.probabilities(binary: s.binary, known: s.known, evidence: s.evidence), q: q,
                    r: c.primaryRegression(binary: s.binary, known: s.known, evidence: s.evidence, q: q),
                    truth: Set(truth), first: first)
            }
        }
    }

    /// Micro-F1 plus primary-nature accuracy of the calibration's decisions on scored samples.
    static func objective(_ scored: [Scored], calibration c: NatureCalibration) -> Double {
        Tally(scored, calibration: c).objective
    }

    /// The counts of the calibration's decisions on scored samples that the objective is made of.
    struct Tally {
        var truePositives = 0, falsePositives = 0, falseNegatives = 0, rightPrimary = 0, documents = 0

        /// The counts of `rule`'s decisions (default: the calibration's own rule).
        init(_ scored: [Scored], calibration c: NatureCalibration, rule: NatureDecisionRule? = nil) {
            let other = c.otherIndex
            let rule = rule ?? c.rule
            documents = scored.count
            for s in scored {
                let chosen = rule.choose(p: s.p, q: s.q, r: s.r, calibration: c, other: other)
                var hit = 0
                for choice in chosen where s.truth.contains(choice.nature) { hit += 1 }
                truePositives += hit
                falsePositives += chosen.count - hit
                falseNegatives += s.truth.count - hit
                if chosen.first?.nature == s.first { rightPrimary += 1 }
            }
        }

        var microDenominator: Double { Double(max(1, 2 * truePositives + falsePositives + falseNegatives)) }

        /// Micro-F1 plus primary-nature accuracy.
        var objective: Double {
            Double(2 * truePositives) / microDenominator + Double(rightPrimary) / Double(max(documents, 1))
        }

        /// About how much one document's decision changes the objective: one label of micro-F1
        /// (2 / (2·TP + FP + FN)) and one primary nature.
        var oneDocument: Double { 2 / microDenominator + 1 / Double(max(documents, 1)) }
    }
}
