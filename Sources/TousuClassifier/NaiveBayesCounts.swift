import TousuText

/// Raw naive-Bayes counts: documents per label, and occurrences of each feature per label.
/// Counts are additive: training on A then B, on A+B, and merging the counts of A with those
/// of B give equal values (`==` compares counts, whatever the order features were first seen in).
public struct NaiveBayesCounts: Sendable {
    /// Label ids in the order they were added: a new model's come from `Trainer.labelOrder` (the
    /// taxonomy's sectors present, then other labels sorted); `labelIndex` appends a new label.
    public private(set) var labels: [String]
    /// Documents seen per label.
    public private(set) var documents: [Int]
    /// Feature occurrences per label.
    public private(set) var totals: [Int]
    /// Feature hash of each row.
    public private(set) var features: [UInt64]
    /// Name of each row's feature (for explanations).
    public private(set) var names: [String]
    /// Row-major counts: row r, label l at r * labels.count + l.
    public private(set) var counts: [Int32]
    /// Row of each feature hash.
    public private(set) var rows: [UInt64: Int]

    public init(labels: [String]) {
        self.labels = labels
        documents = Array(repeating: 0, count: labels.count)
        totals = Array(repeating: 0, count: labels.count)
        features = []
        names = []
        counts = []
        rows = [:]
    }

    /// Rebuilds counts from stored arrays (model loading).
    init(labels: [String], documents: [Int], totals: [Int], features: [UInt64], names: [String], counts: [Int32]) {
        self.labels = labels
        self.documents = documents
        self.totals = totals
        self.features = features
        self.names = names
        self.counts = counts
        var rows: [UInt64: Int] = [:]
        rows.reserveCapacity(features.count)
        for (row, feature) in features.enumerated() { rows[feature] = row }
        self.rows = rows
    }

    public var featureCount: Int { features.count }
    public var documentCount: Int { documents.reduce(0, +) }

    /// The index of a label, appending it when new.
    public mutating func labelIndex(_ label: String) -> Int {
        if let i = labels.firstIndex(of: label) { return i }
        let old = labels
        labels.append(label)
        restride(from: old)
        return labels.count - 1
    }

    /// Re-lays counts out for a new label list that extends the old one.
    private mutating func restride(from old: [String]) {
        let oldWidth = old.count, width = labels.count
        var newCounts = [Int32](repeating: 0, count: features.count * width)
        for row in 0..<features.count {
            for l in 0..<oldWidth { newCounts[row * width + l] = counts[row * oldWidth + l] }
        }
        counts = newCounts
        documents += Array(repeating: 0, count: width - oldWidth)
        totals += Array(repeating: 0, count: width - oldWidth)
    }

    /// Adds one document's features under a label.
    public mutating func add(label: Int, text: TokenizedText, extractor: FeatureExtractor) {
        add(labels: [label], text: text, extractor: extractor)
    }

    /// Adds one document's features under each of several labels (a multi-label document), in
    /// one pass over its features.
    public mutating func add(labels targets: [Int], text: TokenizedText, extractor: FeatureExtractor) {
        for l in targets { documents[l] += 1 }
        let width = labels.count
        extractor.forEachFeature(text) { feature, source in
            let row = row(for: feature, name: { source.name(in: text) })
            for l in targets {
                counts[row * width + l] += 1
                totals[l] += 1
            }
        }
    }

    /// These counts without some of the documents they hold (each given by its labels and its
    /// feature occurrences), and without the rows that leaves empty: the counts as they were
    /// before those documents were added. Calibration is fitted on held-out documents scored by
    /// the counts of the others.
    func subtracting(_ removed: [(labels: [Int], features: [UInt64])]) -> NaiveBayesCounts {
        var documents = documents, totals = totals, counts = counts
        let width = labels.count
        for doc in removed {
            for l in doc.labels { documents[l] -= 1 }
            for feature in doc.features {
                guard let row = rows[feature] else { continue }
                for l in doc.labels {
                    counts[row * width + l] -= 1
                    totals[l] -= 1
                }
            }
        }
        var keptFeatures: [UInt64] = [], keptNames: [String] = [], keptCounts: [Int32] = []
        keptFeatures.reserveCapacity(features.count)
        keptCounts.reserveCapacity(counts.count)
        for row in 0..<features.count {
            let slice = counts[(row * width)..<((row + 1) * width)]
            guard slice.contains(where: { $0 != 0 }) else { continue }
            keptFeatures.append(features[row])
            keptNames.append(names[row])
            keptCounts.append(contentsOf: slice)
        }
        return NaiveBayesCounts(
            labels: labels, documents: documents, totals: totals, features: keptFeatures, names: keptNames,
            counts: keptCounts)
    }

    /// The row of a feature, if the counts have it.
    func rowIndex(_ feature: UInt64) -> Int? { rows[feature] }

    /// Adds all counts of another set (labels matched by id).
    public mutating func merge(_ other: NaiveBayesCounts) {
        let map = other.labels.map { labelIndex($0) }
        let width = labels.count, otherWidth = other.labels.count
        for (l, target) in map.enumerated() {
            documents[target] += other.documents[l]
            totals[target] += other.totals[l]
        }
        for (otherRow, feature) in other.features.enumerated() {
            let row = row(for: feature, name: { other.names[otherRow] })
            for (l, target) in map.enumerated() {
                counts[row * width + target] += other.counts[otherRow * otherWidth + l]
            }
        }
    }

    /// The row of a feature, added (with zero counts) when new.
    private mutating func row(for feature: UInt64, name: () -> String) -> Int {
        if let r = rows[feature] { return r }
        let row = features.count
        rows[feature] = row
        features.append(feature)
        names.append(name())
        counts.append(contentsOf: repeatElement(0, count: labels.count))
        return row
    }

    /// The same counts with rows sorted by feature hash (a canonical layout for files).
    public func canonical() -> NaiveBayesCounts {
        let order = features.indices.sorted { features[$0] < features[$1] }
        let width = labels.count
        var newCounts: [Int32] = []
        newCounts.reserveCapacity(counts.count)
        for row in order { newCounts.append(contentsOf: counts[(row * width)..<((row + 1) * width)]) }
        return NaiveBayesCounts(
            labels: labels, documents: documents, totals: totals, features: order.map { features[$0] },
            names: order.map { names[$0] }, counts: newCounts)
    }
}

extension NaiveBayesCounts: Equatable {
    /// Equal when they hold the same counts for the same labels and features.
    public static func == (a: NaiveBayesCounts, b: NaiveBayesCounts) -> Bool {
        guard Set(a.labels) == Set(b.labels), a.features.count == b.features.count else { return false }
        for label in a.labels {
            let i = a.labels.firstIndex(of: label)!, j = b.labels.firstIndex(of: label)!
            if a.documents[i] != b.documents[j] || a.totals[i] != b.totals[j] { return false }
        }
        let mapping = a.labels.map { b.labels.firstIndex(of: $0)! }
        for (row, feature) in a.features.enumerated() {
            guard let other = b.rows[feature] else { return false }
            for (l, m) in mapping.enumerated()
            where a.counts[row * a.labels.count + l] != b.counts[other * b.labels.count + m] {
                return false
            }
        }
        return true
    }
}
