import Foundation
import TousuText

/// Smoothing and variant of naive Bayes.
public struct NaiveBayesParameters: Sendable, Codable, Equatable {
    /// Additive (Lidstone) smoothing.
    public var alpha: Double
    /// Complement naive Bayes (Rennie et al. 2003): estimates each label from the other labels'
    /// counts; steadier when labels are unbalanced.
    public var complement: Bool
    /// Equal priors for all labels (the corpus's label mix is not the mix of real complaints);
    /// false: priors from document counts.
    public var uniformPrior: Bool
    /// Weight each feature by how unevenly it spreads over the labels (see `LabelSpread`): words
    /// every label uses count for little, words one label owns count fully, so the many weak
    /// words of a long text no longer drown its one decisive word.
    public var spreadWeighting: Bool

    public init(alpha: Double = 0.3, complement: Bool = false, uniformPrior: Bool = true, spreadWeighting: Bool = false) {
        self.alpha = alpha
        self.complement = complement
        self.uniformPrior = uniformPrior
        self.spreadWeighting = spreadWeighting
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        alpha = try c.decode(Double.self, forKey: .alpha)
        complement = try c.decode(Bool.self, forKey: .complement)
        uniformPrior = try c.decode(Bool.self, forKey: .uniformPrior)
        // Model files written before the option existed do not weight.
        spreadWeighting = try c.decodeIfPresent(Bool.self, forKey: .spreadWeighting) ?? false
    }
}

/// Log-probabilities derived from counts, laid out for fast scoring. Features never seen in
/// training are ignored.
public struct NaiveBayesScorer: Sendable {
    public let labels: [String]
    let width: Int
    private let rows: FeatureRows
    /// Row-major: score = logPrior[l] + Σ count(f) · weights[row(f) * width + l].
    let weights: [Float]
    let logPrior: [Double]
    private let names: [String]

    public init(counts: NaiveBayesCounts, parameters: NaiveBayesParameters) {
        labels = counts.labels
        let width = counts.labels.count
        self.width = width
        names = counts.names
        let vocabulary = Double(max(counts.featureCount, 1))
        let alpha = parameters.alpha
        rows = FeatureRows(counts.features, count: counts.featureCount)
        let allTotal = Double(counts.totals.reduce(0, +))
        var weights = [Float](repeating: 0, count: counts.featureCount * width)
        let raw = counts.counts
        if parameters.complement {
            let denominators = (0..<width).map { log(allTotal - Double(counts.totals[$0]) + alpha * vocabulary) }
            for row in 0..<counts.featureCount {
                var rowSum = 0.0
                for l in 0..<width { rowSum += Double(raw[row * width + l]) }
                for l in 0..<width {
                    let rest = rowSum - Double(raw[row * width + l])
                    weights[row * width + l] = Float(-(log(rest + alpha) - denominators[l]))
                }
            }
        } else {
            let denominators = (0..<width).map { log(Double(counts.totals[$0]) + alpha * vocabulary) }
            for row in 0..<counts.featureCount {
                for l in 0..<width {
                    weights[row * width + l] = Float(log(Double(raw[row * width + l]) + alpha) - denominators[l])
                }
            }
        }
        if parameters.spreadWeighting {
            for row in 0..<counts.featureCount {
                let w = Float(LabelSpread.weight(row: raw[(row * width)..<((row + 1) * width)], totals: counts.totals, vocabulary: vocabulary))
                for l in 0..<width { weights[row * width + l] *= w }
            }
        }
        self.weights = weights
        let documents = Double(max(counts.documentCount, 1))
        logPrior = (0..<width).map { l in
            parameters.uniformPrior ? -log(Double(width)) : log(max(Double(counts.documents[l]), 0.5) / documents)
        }
    }

    /// Log joint scores per label and the number of known features in the text.
    public func score(_ text: TokenizedText, extractor: FeatureExtractor) -> (scores: [Double], features: Int) {
        var scores = logPrior
        var known = 0
        extractor.forEachFeature(text) { feature in
            guard let row = rows[feature] else { return }
            known += 1
            let base = Int(row) * width
            for l in 0..<width { scores[l] += Double(weights[base + l]) }
        }
        return (scores, known)
    }

    /// Log joint scores of a list of feature occurrences (as `FeatureExtractor` yields them).
    public func score(features: [UInt64]) -> (scores: [Double], features: Int) {
        var scores = logPrior
        var known = 0
        for feature in features {
            guard let row = rows[feature] else { continue }
            known += 1
            let base = Int(row) * width
            for l in 0..<width { scores[l] += Double(weights[base + l]) }
        }
        return (scores, known)
    }

    /// The features of a text that most favour `label` over `other`, with their summed weight.
    public func topFeatures(
        _ text: TokenizedText, extractor: FeatureExtractor, label: Int, other: Int, limit: Int = 5
    ) -> [FeatureWeight] {
        var sums: [Int32: Double] = [:]
        extractor.forEachFeature(text) { feature in
            guard let row = rows[feature] else { return }
            let base = Int(row) * width
            sums[row, default: 0] += Double(weights[base + label] - weights[base + other])
        }
        return sums.filter { $0.value > 0 }.sorted { $0.value > $1.value || $0.value == $1.value && names[Int($0.key)] < names[Int($1.key)] }
            .prefix(limit).map { FeatureWeight(feature: names[Int($0.key)], weight: ($0.value * 1000).rounded() / 1000) }
    }
}
