import TousuText

/// One held-out training document, kept in the model so that calibration can be fitted again
/// whenever counts are added (`train --from`, `merge`): its feature occurrences and its label.
/// Calibration is a function of the counts and these samples only, so merge(A, B), merge(B, A),
/// training A on top of B and training on A+B all give the same calibration.
public struct CalibrationSample: Sendable, Equatable {
    /// FNV-1a hash of the document's text: the first sort key of the canonical order.
    public var key: UInt64
    public var label: String
    /// Feature occurrences in text order, as `FeatureExtractor` yields them.
    public var features: [UInt64]

    public init(key: UInt64, label: String, features: [UInt64]) {
        self.key = key
        self.label = label
        self.features = features
    }

    /// A canonical order (key, label, features), independent of the order documents came in.
    static func precedes(_ a: CalibrationSample, _ b: CalibrationSample) -> Bool {
        if a.key != b.key { return a.key < b.key }
        if a.label != b.label { return a.label < b.label }
        return a.features.lexicographicallyPrecedes(b.features)
    }
}

/// Which training documents are held out for calibration, and how they are collected.
enum HeldOut {
    /// One record in five (by a hash of its text) is held out for calibration.
    static func isHeldOut(_ text: String) -> Bool {
        FNV1a.hash(text.utf8) % 5 == 3
    }

    static func key(_ text: String) -> UInt64 { FNV1a.hash(text.utf8) }

    /// The feature occurrences of a text, in the order the extractor yields them.
    static func features(_ text: TokenizedText, extractor: FeatureExtractor) -> [UInt64] {
        var out: [UInt64] = []
        out.reserveCapacity(text.tokens.count + text.normalized.units.count)  // unigrams + bigrams at most
        extractor.forEachFeature(text) { out.append($0) }
        return out
    }
}

extension Calibration {
    /// The sector calibration of `counts` (which include the samples): temperature and length
    /// exponent fitted on the samples scored by the counts without them.
    static func fitted(
        counts: NaiveBayesCounts, samples: [CalibrationSample], parameters: NaiveBayesParameters, settings: Calibration
    ) -> Calibration {
        let ordered = samples.sorted(by: CalibrationSample.precedes)
        let indexed = ordered.compactMap { s in counts.labels.firstIndex(of: s.label).map { ($0, s) } }
        let rest = counts.subtracting(indexed.map { ([$0.0], $0.1.features) })
        let scorer = NaiveBayesScorer(counts: rest, parameters: parameters)
        let scored = indexed.map { label, s -> (scores: [Double], features: Int, label: Int) in
            let (scores, known) = scorer.score(features: s.features)
            return (scores, known, label)
        }
        return fit(scored, base: settings)
    }
}
