import Foundation
import TousuText

/// Whether a merchant candidate counts, from its evidence's features (`MerchantEvidence.features`,
/// computed by `MerchantFinder`): a candidate with a feature that says "not a name" (a quantity,
/// a verb phrase) never counts; one with none of the judged features (a walked-back name before
/// a weak, everyday type word: 店, 酒店, 超市) always counts; a judged one counts when the
/// weighted sum of its features reaches the threshold. Weights, threshold and both feature sets
/// are data (`lexicons/mentions/confidence.tsv`, written by `fit_confidence.py`).
public struct MerchantConfidence: Sendable, Equatable {
    /// Weight of each feature by name; features without a weight count 0.
    public var weights: [String: Double]
    /// Added to every candidate's score.
    public var bias: Double
    /// Lowest score kept.
    public var threshold: Double
    /// Features that reject a candidate whatever its score.
    public var rejecting: Set<String>
    /// Features that make a candidate judged by its score; empty: every candidate is judged.
    public var judging: Set<String>

    public init(weights: [String: Double], bias: Double = 0, threshold: Double = 0, rejecting: Set<String> = [], judging: Set<String> = []) {
        self.weights = weights
        self.bias = bias
        self.threshold = threshold
        self.rejecting = rejecting
        self.judging = judging
    }

    /// Keeps every candidate (no weights, threshold −∞).
    public static let acceptAll = MerchantConfidence(weights: [:], bias: 0, threshold: -.infinity)

    /// The candidate's score (summed in feature-name order: the same bits in every run, though a
    /// dictionary's order changes from process to process).
    public func score(_ e: MerchantEvidence) -> Double {
        var s = bias
        for f in e.features.keys.sorted() { s += (weights[f] ?? 0) * (e.features[f] ?? 0) }
        return s
    }

    /// Whether the candidate counts: not rejected, and unjudged or scoring at least the threshold.
    public func accepts(_ e: MerchantEvidence) -> Bool {
        if e.features.keys.contains(where: rejecting.contains) { return false }
        if !judging.isEmpty && !e.features.keys.contains(where: judging.contains) { return true }
        return threshold == -.infinity || score(e) >= threshold
    }

    /// Reads `feature<TAB>weight` lines; the reserved names `bias` and `threshold` set those, and
    /// `reject<TAB>feature` and `judge<TAB>feature` lines the two feature sets.
    public static func read(_ url: URL) throws -> MerchantConfidence {
        var c = MerchantConfidence(weights: [:])
        for (i, line) in try PhraseFile.lines(url).enumerated() {
            let text = line.trimmingCharacters(in: .whitespaces)
            if text.isEmpty || text.hasPrefix("#") { continue }
            let parts = text.split(separator: "\t").map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2 else {
                throw MentionError.badData(path: url.path, line: i + 1, reason: "expected two fields")
            }
            switch (parts[0], Double(parts[1])) {
            case ("reject", _): c.rejecting.insert(parts[1])
            case ("judge", _): c.judging.insert(parts[1])
            case ("bias", let v?): c.bias = v
            case ("threshold", let v?): c.threshold = v
            case (let feature, let v?): c.weights[feature] = v
            case (_, nil): throw MentionError.badData(path: url.path, line: i + 1, reason: "weight is not a number")
            }
        }
        return c
    }
}
