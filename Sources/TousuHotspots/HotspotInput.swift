import Foundation
import Synchronization
import TousuBatch
import TousuClassifier
import TousuText

/// Reads the records of a hotspot run: any input `tousu batch` reads (JSONL, CSV, TSV; UTF-8,
/// GB18030, UTF-16), fields mapped by the same `RecordMapping`. A record that carries a sector
/// (batch's output, `ClassifiedSchema`) keeps its tags; one without gets `defaultSector` when set,
/// else it is classified by the model the `classifier` provider loads (on first need only). Each
/// record is then completed by `analyze` (its terms, …) on the pipeline's worker threads. Records the pipeline rejects (no text, broken
/// lines) are counted as malformed, records without a usable date as undated: nothing is dropped
/// without being counted.
public struct HotspotInput: Sendable {
    /// How the input is read (format, encoding, field mapping, threads); checkpoints are off.
    public var options: BatchOptions
    /// Sector of records without one, instead of classifying them.
    public var defaultSector: String?
    /// Completes a record on a worker thread (e.g. its terms when it carries none).
    public var analyze: @Sendable (inout ClassifiedRecord) throws -> Void
    /// Loads the classifier for records without a sector; called at most once.
    public var classifier: @Sendable () throws -> Classifier

    public init(
        options: BatchOptions, defaultSector: String? = nil,
        analyze: @escaping @Sendable (inout ClassifiedRecord) throws -> Void,
        classifier: @escaping @Sendable () throws -> Classifier
    ) {
        self.options = options
        self.options.checkpoints = false
        self.options.resume = false
        self.defaultSector = defaultSector
        self.analyze = analyze
        self.classifier = classifier
    }

    /// Records completed by `analyzer`: terms, and the merchant, region and closure signals their
    /// text names (those of `parts`). The text stage runs once the records are read, once per
    /// distinct text (`RecordAnalyzer.analyze(_:parts:)` on the array); a record whose text it
    /// cannot analyze is left out and counted as malformed.
    public init(
        options: BatchOptions, defaultSector: String? = nil, analyzer: RecordAnalyzer, parts: RecordAnalyzer.Parts = .all,
        classifier: @escaping @Sendable () throws -> Classifier
    ) {
        self.init(options: options, defaultSector: defaultSector, analyze: { _ in }, classifier: classifier)
        textStage = (analyzer, parts)
    }

    /// Whether a JSONL file may be read line by line (`readLines`); off, the pipeline reads every
    /// input (tests compare the two).
    var readsLines = true

    /// The text stage run over all records after reading (the `analyzer` initializer).
    var textStage: (analyzer: RecordAnalyzer, parts: RecordAnalyzer.Parts)?

    /// What reading found.
    public struct Result: Sendable {
        public var records: [ClassifiedRecord]
        public var summary: RecordReader.Summary
        /// Records classified here (they had no sector and no default sector applied).
        public var classified = 0
    }

    /// Reads `input`; batch's classified output goes to `classified` and the rejects to `rejects`.
    /// A JSONL file read for its records only goes line by line (`readLines`, the same records and
    /// counts); any other input, or one that reader hands back, through the batch pipeline.
    public func read(input: BatchInput, classified: BatchOutput = .discard, rejects: BatchOutput = .discard) throws -> Result {
        let model = OnceClassifier(load: classifier)
        var read: Gathered
        if let path = lineReadable(input: input, classified: classified, rejects: rejects),
            let lines = try readLines(path: path, model: model)
        {
            read = lines
        } else {
            read = try readThroughPipeline(input: input, classified: classified, rejects: rejects, model: model)
        }
        if let error = model.failure { throw error }
        var result = Result(records: [], summary: RecordReader.Summary())
        result.summary.lines = read.read
        result.summary.malformed = read.rejected
        var records = read.records
        read.records = []
        let (lines, here) = (read.lines, read.here)
        var failed = Set<Int>()
        if let (analyzer, parts) = textStage {
            failed = Set(analyzer.analyze(&records, parts: parts).map(\.index))
            result.summary.malformed += failed.count
        }
        for i in records.indices where !failed.contains(i) {
            if here[i] { result.classified += 1 }
            result.summary.note(records[i], line: lines[i])
        }
        if !failed.isEmpty { records = records.indices.filter { !failed.contains($0) }.map { records[$0] } }
        result.records = records
        return result
    }

    /// What reading gave before the text stage: the records kept, in input order, with their line
    /// and whether each was classified here; records read and rejected.
    struct Gathered {
        var records: [ClassifiedRecord] = []
        var lines: [Int] = []
        var here: [Bool] = []
        var read = 0
        var rejected = 0
    }

    /// The records through the batch pipeline (`ClassifiedStream`).
    private func readThroughPipeline(
        input: BatchInput, classified: BatchOutput, rejects: BatchOutput, model: OnceClassifier
    ) throws -> Gathered {
        // Scores and keywords of previous tags only go to the classified output.
        let fullTags = classified != .discard
        let stream = ClassifiedStream<(ClassifiedRecord, Bool, Int)>(options: options) { [self] record in
            let (prediction, item, classifiedHere) = try self.item(for: record, model: model, fullTags: fullTags)
            return (prediction, (item, classifiedHere, record.line))
        }
        var run = try stream.run(input: input, output: classified, rejects: rejects)
        var read = Gathered(read: run.summary.read, rejected: run.summary.rejected)
        read.records.reserveCapacity(run.items.count)
        read.lines.reserveCapacity(run.items.count)
        read.here.reserveCapacity(run.items.count)
        // Moved out one by one (reversed, then popped), not copied.
        run.items.reverse()
        while let (record, classifiedHere, line) = run.items.popLast() {
            read.records.append(record)
            read.lines.append(line)
            read.here.append(classifiedHere)
        }
        run.items = []  // popLast keeps the buffer
        return read
    }

    /// One record as read: its previous tags, else the default sector, else the model's
    /// prediction (then `classifiedHere`); completed by `analyze`. A thrown error rejects it.
    func item(
        for record: BatchRecord, model: OnceClassifier, fullTags: Bool
    ) throws -> (prediction: Prediction, item: ClassifiedRecord, classifiedHere: Bool) {
        var prediction: Prediction
        var classifiedHere = false
        if let previous = ClassifiedSchema.previousTags(record, scoresAndKeywords: fullTags) {
            prediction = previous
        } else if let defaultSector {
            prediction = Prediction(
                sector: defaultSector, sectorName: defaultSector, scores: [:], confidence: 0, natures: ["other"],
                needsReview: true, keywords: [], topFeatures: [])
        } else {
            prediction = try model.get().classify(record.text)
            classifiedHere = true
        }
        var item = ClassifiedRecord(
            id: record.id ?? "line-\(record.line)", date: record.date.flatMap { Day(parsing: $0) },
            sector: prediction.sector, natures: prediction.natures, merchant: record.merchant,
            region: record.region, text: record.text, tokens: Self.terms(of: record))
        try analyze(&item)
        return (prediction, item, classifiedHere)
    }

    /// Terms a record already carries (`ClassifiedSchema.terms`, a JSON array of strings).
    static func terms(of record: BatchRecord) -> [String]? {
        guard let field = record.fields.first(where: { $0.isNamed(ClassifiedSchema.terms) }), field.isJSON,
            let list = try? JSONSerialization.jsonObject(with: Data(field.value.utf8)) as? [Any]
        else { return nil }
        return list.compactMap { $0 as? String }
    }
}

/// The classifier for records without a sector, loaded by the first worker that needs it (the
/// others wait); a load failure is kept so that the run fails with it instead of rejecting every
/// record.
final class OnceClassifier: Sendable {
    private let load: @Sendable () throws -> Classifier
    private let state = Mutex<Result<Classifier, any Error>?>(nil)

    init(load: @escaping @Sendable () throws -> Classifier) { self.load = load }

    func get() throws -> Classifier {
        let result = state.withLock { state in
            if let state { return state }
            let loaded = Result { try load() }
            state = loaded
            return loaded
        }
        return try result.get()
    }

    /// The load error, if loading was tried and failed.
    var failure: (any Error)? {
        state.withLock { state in
            if case .failure(let error)? = state { return error }
            return nil
        }
    }
}
