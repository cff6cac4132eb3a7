import Foundation
import TousuBatch
import TousuClassifier
import TousuHotspots

/// Raw (unclassified) records for `tousu hotspots --model`: the batch pipeline reads them (JSONL,
/// CSV or TSV in any encoding it knows, the text fields as in `tousu batch`) and classifies them
/// on all cores; each record is then mapped by the same `RecordReader` field mapping as classified
/// input, with the prediction's sector and natures, and its terms extracted on the same thread.
/// Records the pipeline rejects (no text, broken JSON or CSV) are counted as malformed lines, and
/// records without a usable date as undated: nothing is dropped without being counted.
struct RawRecords {
    var reader: RecordReader
    var textFields: [String] = []
    var threads = ProcessInfo.processInfo.activeProcessorCount

    struct Result {
        var records: [ClassifiedRecord]
        var summary: RecordReader.Summary
    }

    /// Classifies the records of `path`; writes batch's classified JSONL to `classified` and the
    /// rejects to `rejects` when given.
    func read(
        path: String, classifier: Classifier, analyzer: RecordAnalyzer, classified: String?, rejects: String?
    ) throws -> Result {
        var options = BatchOptions()
        options.mapping = RecordMapping(textFields: textFields, idField: reader.fields.id)
        options.threads = threads
        options.checkpoints = false
        let collected = Collected()
        let reader = self.reader
        let pipeline = BatchPipeline(options: options) { record in
            let prediction = try classifier.classify(record.text)
            var r = reader.record(
                line: record.line, value: { Self.value(record, $0) }, sector: prediction.sector,
                natures: prediction.natures)
            r.text = record.text
            try analyzer.analyze(&r)
            collected.add(record.ordinal, line: record.line, r)
            return prediction
        }
        let summary = try pipeline.run(
            input: .file(path), output: .file(classified ?? "/dev/null"),
            rejects: rejects.map { .file($0) } ?? .discard)
        var result = Result(records: [], summary: RecordReader.Summary())
        result.summary.lines = summary.read
        result.summary.malformed = summary.rejected
        for (_, line, record) in collected.sorted() {
            result.summary.note(record, line: line)
            result.records.append(record)
        }
        return result
    }

    /// A field's value as the record reader sees it: nil when absent, empty or JSON null.
    static func value(_ record: BatchRecord, _ name: String) -> String? {
        guard let field = record.fields.first(where: { $0.name == name }), !field.value.isEmpty else { return nil }
        return field.isJSON && field.value == "null" ? nil : field.value
    }

    /// Records from the pipeline's worker threads, put back in input order at the end.
    final class Collected: @unchecked Sendable {
        private let lock = NSLock()
        private var items: [(Int, Int, ClassifiedRecord)] = []

        func add(_ ordinal: Int, line: Int, _ record: ClassifiedRecord) {
            lock.lock()
            items.append((ordinal, line, record))
            lock.unlock()
        }

        func sorted() -> [(Int, Int, ClassifiedRecord)] {
            lock.lock()
            defer { lock.unlock() }
            return items.sorted { $0.0 < $1.0 }
        }
    }
}
