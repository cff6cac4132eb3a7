import Foundation
import TousuBatch
import TousuText

extension HotspotInput {
    /// The path of an input that `readLines` may read: a JSONL file (by option or extension),
    /// UTF-8 or detected, the default field mapping, no text mentions, nothing written. nil: the
    /// batch pipeline reads it.
    func lineReadable(input: BatchInput, classified: BatchOutput, rejects: BatchOutput) -> String? {
        guard readsLines, case .file(let path) = input, classified == .discard, rejects == .discard else { return nil }
        guard options.encoding == .utf8 || options.encoding == .auto, options.mentions == nil,
            options.mapping == RecordMapping(), options.threads >= 1
        else { return nil }
        switch options.format {
        case .jsonl: return path
        case .auto:
            let ext = URL(fileURLWithPath: path).pathExtension.lowercased()
            return ["jsonl", "ndjson", "json"].contains(ext) ? path : nil
        case .csv, .tsv: return nil
        }
    }

    /// The records of a JSONL file, read a block at a time, its lines parsed on all cores: a plain
    /// line of batch's classified output (`ClassifiedLine`) straight from its bytes, any other
    /// through the pipeline's own reading of a line (`BatchOptions.jsonLineRecord`) and `item`, so
    /// that every record, reject and count is the pipeline's. nil — read it through the pipeline —
    /// when the file cannot be opened or read here, starts with a byte-order mark, or has a line
    /// that is not valid UTF-8 or holds a CR or NUL byte (encoding detection and CR line ends are
    /// the pipeline's to decide).
    func readLines(path: String, model: OnceClassifier) throws -> Gathered? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        var gathered = Gathered()
        var lines = LineSplitter()
        var first = true
        while true {
            let block: [UInt8]
            do { block = try handle.read(upToCount: Self.blockBytes).map { [UInt8]($0) } ?? [] } catch { return nil }
            if first {
                first = false
                if block.starts(with: TextDecoding.utf8BOM) { return nil }
            }
            let atEnd = block.isEmpty
            guard gather(lines.split(block, atEnd: atEnd), into: &gathered, model: model) else { return nil }
            if atEnd { break }
        }
        return gathered
    }

    /// Bytes read at a time.
    static let blockBytes = 1 << 23

    /// Parses `lines` on all cores and appends their records in order; false when one of them
    /// sends the file back to the pipeline.
    private func gather(_ lines: [SplitLine], into gathered: inout Gathered, model: OnceClassifier) -> Bool {
        let perTask = 2048
        let tasks = stride(from: 0, to: lines.count, by: perTask).map { lines[$0..<min($0 + perTask, lines.count)] }
        let parsed = (try? parallelMap(tasks) { [self] task in task.map { self.outcome(of: $0, model: model) } }) ?? []
        gathered.read += lines.count
        for task in parsed {
            for (outcome, line) in task {
                switch outcome {
                case .record(let record, let here):
                    gathered.records.append(record)
                    gathered.lines.append(line)
                    gathered.here.append(here)
                case .rejected: gathered.rejected += 1
                case .pipeline: return false
                }
            }
        }
        return true
    }

    /// What one line gives.
    private enum LineOutcome: Sendable {
        case record(ClassifiedRecord, classifiedHere: Bool)
        case rejected
        /// The file is the pipeline's to read.
        case pipeline
    }

    private func outcome(of line: SplitLine, model: OnceClassifier) -> (LineOutcome, Int) {
        if let plain = ClassifiedLine(plain: line.bytes, maxTextLength: options.maxTextLength) {
            var item = ClassifiedRecord(
                id: plain.id ?? "line-\(line.line)", date: plain.date.flatMap { Day(parsing: $0) }, sector: plain.sector,
                natures: plain.natures, merchant: plain.merchant, region: plain.region, text: plain.text, tokens: nil)
            do { try analyze(&item) } catch { return (.rejected, line.line) }
            return (.record(item, classifiedHere: false), line.line)
        }
        if line.bytes.contains(0x0D) || line.bytes.contains(0) || !TextDecoding.isValidUTF8(line.bytes) {
            return (.pipeline, line.line)
        }
        switch options.jsonLineRecord(line.bytes, ordinal: line.ordinal, line: line.line, offset: line.offset) {
        case .failure: return (.rejected, line.line)
        case .success(let record):
            guard let made = try? item(for: record, model: model, fullTags: false) else { return (.rejected, line.line) }
            return (.record(made.item, classifiedHere: made.classifiedHere), line.line)
        }
    }
}
