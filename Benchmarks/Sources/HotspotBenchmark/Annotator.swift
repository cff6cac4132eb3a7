import Foundation
import Synchronization
import TousuClassifier
import TousuHotspots
import TousuText

/// Classifies texts with the sector model and runs the text stage (terms; merchant, region and
/// closure signals named in the text), once per distinct text (streams reuse the same real
/// texts many times).
final class Annotator: Sendable {
    struct Annotation: Sendable {
        var sector: String
        var natures: [String]
        var analysed: ClassifiedRecord
    }

    let classifier: Classifier
    let analyzer: RecordAnalyzer
    private let cache = Mutex<[String: Annotation]>([:])

    init(classifier: Classifier, analyzer: RecordAnalyzer) {
        self.classifier = classifier
        self.analyzer = analyzer
    }

    func annotate(_ text: String) throws -> Annotation {
        if let hit = cache.withLock({ $0[text] }) { return hit }
        let p = try classifier.classify(text)
        var r = ClassifiedRecord(id: "", date: nil, sector: p.sector, natures: p.natures, text: text)
        try analyzer.analyze(&r)
        let a = Annotation(sector: p.sector, natures: p.natures, analysed: r)
        cache.withLock { $0[text] = a }
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
            var out = a.analysed
            out.id = "\(r.injected ? "b" : "r")\(i)"
            out.date = start + r.day
            // Fields when the simulated record has them, else what the text names.
            if let m = r.merchant { out.merchant = m; out.merchantSource = .field }
            if let g = r.region { out.region = g; out.regionSource = .field }
            return out
        }
    }
}
