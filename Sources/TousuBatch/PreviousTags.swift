import Foundation
import TousuClassifier

extension ClassifiedSchema {
    /// The tags a record already carries from an earlier classification (batch's output read
    /// again), or nil when it has no sector. Such fields pass through renamed (see
    /// `renamedInputPrefix`), so they are read under either name. Natures and keywords may be JSON
    /// arrays or `|`-separated (CSV output); missing scores, confidence and flags are empty. The
    /// usual shapes (arrays of strings, an object of numbers, a number, a boolean) are read by
    /// `JSONValues`; anything else goes through JSONSerialization as before.
    /// With `scoresAndKeywords` false the sector scores and keywords are left empty (a reader
    /// that writes no classified output needs neither; the confidence is still read).
    public static func previousTags(_ record: BatchRecord, scoresAndKeywords: Bool = true) -> Prediction? {
        func field(_ name: String) -> BatchField? {
            let renamed = renamed(name)
            return record.fields.first { $0.isNamed(renamed) } ?? record.fields.first { $0.isNamed(name) }
        }
        func json(_ name: String) -> Any? {
            guard let f = field(name) else { return nil }
            guard f.isJSON || f.value.hasPrefix("[") || f.value.hasPrefix("{") else { return f.value }
            return try? JSONSerialization.jsonObject(with: Data(f.value.utf8), options: [.fragmentsAllowed])
        }
        func list(_ name: String) -> [String] {
            if let f = field(name), f.isJSON || f.value.hasPrefix("["), let items = JSONValues.strings(f.value) { return items }
            return switch json(name) {
            case let items as [Any]: items.compactMap { $0 as? String }
            case let text as String: text.split { $0 == "|" || $0 == "," }.map { String($0) }
            default: []
            }
        }
        guard let sectorField = field(sector), !sectorField.isJSON, !sectorField.value.isEmpty else { return nil }
        let scoresField = scoresAndKeywords ? field(sectorScores) : nil
        let scores: [String: Double] = scoresField.flatMap { $0.isJSON || $0.value.hasPrefix("{") ? JSONValues.numbers($0.value) : nil }
            ?? (scoresAndKeywords ? (json(sectorScores) as? [String: Any])?.compactMapValues { ($0 as? NSNumber)?.doubleValue } : nil) ?? [:]
        let confidenceField = field(confidence)
        let confidenceValue = confidenceField.flatMap { $0.isJSON ? JSONValues.number($0.value) : nil }
            ?? (json(confidence) as? NSNumber)?.doubleValue ?? (json(confidence) as? String).flatMap(Double.init)
        let reviewField = field(needsReview)
        let review: Bool = reviewField.flatMap { $0.isJSON && ($0.value == "true" || $0.value == "false") ? $0.value == "true" : nil }
            ?? (json(needsReview) as? Bool) ?? (reviewField?.value == "true")
        let natureList = list(natures)
        return Prediction(
            sector: sectorField.value, sectorName: field(sectorName)?.value ?? sectorField.value, scores: scores,
            confidence: confidenceValue ?? scores[sectorField.value] ?? 0,
            natures: natureList.isEmpty ? ["other"] : natureList, needsReview: review,
            keywords: (scoresAndKeywords ? list(keywords) : []).map { KeywordHit(phrase: $0, label: "", weight: 0, start: 0, end: 0, original: $0) },
            topFeatures: [])
    }

    /// A field's name as it passes through (`renamedInputPrefix` + name); those of the tags, the
    /// canonical fields and the engine marker made once, not for every record.
    static func renamed(_ name: String) -> String { renamedNames[name] ?? renamedInputPrefix + name }

    private static let renamedNames = Dictionary(
        (tagFields + canonicalFields + mentionFields + [engineMarker]).map { ($0, renamedInputPrefix + $0) },
        uniquingKeysWith: { a, _ in a })
}
