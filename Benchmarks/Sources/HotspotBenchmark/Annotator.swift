import Foundation
import TousuClassifier
import TousuHotspots
import TousuText

/// Classifies texts with the sector model and extracts their hotspot terms, once per distinct
/// text (streams reuse the same real texts many times).
final class Annotator: @unchecked Sendable {
    struct Annotation: Sendable {
        var sector: String
        var natures: [String]
        var tokens: [String]
    }

    let classifier: Classifier
    let extractor: TermExtractor
    private var cache: [String: Annotation] = [:]
    private let lock = NSLock()

    init(classifier: Classifier, extractor: TermExtractor) {
        self.classifier = classifier
        self.extractor = extractor
    }

    func annotate(_ text: String) throws -> Annotation {
        lock.lock()
        if let hit = cache[text] {
            lock.unlock()
            return hit
        }
        lock.unlock()
        let p = try classifier.classify(text)
        let a = Annotation(sector: p.sector, natures: p.natures, tokens: try extractor.terms(text))
        lock.lock()
        cache[text] = a
        lock.unlock()
        return a
    }

    /// Annotates many texts on all cores (fills the cache).
    func prepare(_ texts: [String]) throws {
        _ = try parallelMap(Array(Set(texts))) { try self.annotate($0) }
    }

    /// The classified records of a simulated stream.
    func records(_ stream: [SimRecord], start: Day) throws -> [ClassifiedRecord] {
        try prepare(stream.map(\.text))
        return try stream.enumerated().map { i, r in
            let a = try annotate(r.text)
            return ClassifiedRecord(
                id: "\(r.injected ? "b" : "r")\(i)", date: start + r.day, sector: a.sector, natures: a.natures,
                merchant: r.merchant, region: r.region, text: r.text, tokens: a.tokens)
        }
    }
}
