import Foundation
import TousuMentions
import TousuBatch
import TousuText

/// Reads classified JSONL (the batch output: input fields passed through + sector, natures, …).
/// Lines that are not JSON objects are counted as malformed; records without a usable date are
/// kept (date nil) and counted, so the report can say how many were left out of the windows.
public struct RecordReader: Sendable {
    /// Which JSON fields hold what. A merchant or region may be several fields joined
    /// (e.g. ["brand", "model"] for the car stream).
    public struct Fields: Sendable, Equatable {
        public var id = ClassifiedSchema.id
        public var date = ClassifiedSchema.date
        public var sector = ClassifiedSchema.sector
        public var natures = ClassifiedSchema.natures
        public var merchant: [String] = [ClassifiedSchema.merchant]
        public var region: [String] = [ClassifiedSchema.region]
        public var text = ClassifiedSchema.text
        /// Optional field with the record's terms (array of strings).
        public var tokens = ClassifiedSchema.terms
        /// Between joined merchant or region fields.
        public var joiner = ""

        public init() {}
    }

    /// What reading found besides the records.
    public struct Summary: Sendable, Codable, Equatable {
        /// Non-empty lines read.
        public var lines = 0
        /// Records without a usable date.
        public var undated = 0
        /// Lines that were not JSON objects.
        public var malformed = 0
        /// Records without a sector that got the default sector.
        public var defaultedSector = 0
        /// Line numbers of the first undated and malformed lines (at most 20 each).
        public var undatedLines: [Int] = []
        public var malformedLines: [Int] = []

        public init() {}
    }

    public var fields: Fields
    /// Sector for records that have none (e.g. unclassified raw records of a one-sector stream);
    /// nil: such records get "other".
    public var defaultSector: String?

    public init(fields: Fields = Fields(), defaultSector: String? = nil) {
        self.fields = fields
        self.defaultSector = defaultSector
    }

    /// Reads all records of a JSONL file.
    public func read(path: String) throws(HotspotError) -> (records: [ClassifiedRecord], summary: Summary) {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw .cannotOpen(path: path) }
        defer { try? handle.close() }
        return read(handle: handle)
    }

    /// Reads all records from an open handle (lines are parsed on all cores, a chunk at a time).
    public func read(handle: FileHandle) -> (records: [ClassifiedRecord], summary: Summary) {
        var reader = LineReader(handle: handle)
        var records: [ClassifiedRecord] = []
        var summary = Summary()
        var chunk: [(line: Int, data: Data)] = []
        func flush() {
            let reader = self
            let parsed = (try? parallelMap(chunk) { item -> (ClassifiedRecord?, Summary) in
                var local = Summary()
                return (reader.parse(item.data, line: item.line, summary: &local), local)
            }) ?? []
            for ((record, local), item) in zip(parsed, chunk) {
                summary.defaultedSector += local.defaultedSector
                guard let record else {
                    summary.noteMalformed(line: item.line)
                    continue
                }
                summary.note(record, line: item.line)
                records.append(record)
            }
            chunk.removeAll(keepingCapacity: true)
        }
        while let line = reader.next() {
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            summary.lines += 1
            chunk.append((reader.lineNumber, Data(line)))
            if chunk.count == 16_384 { flush() }
        }
        flush()
        return (records, summary)
    }

    /// One record from one JSON object; nil if the line is not a JSON object.
    public func parse(_ data: Data, line: Int, summary: inout Summary) -> ClassifiedRecord? {
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else { return nil }
        func string(_ key: String) -> String? {
            switch object[key] {
            case let s as String: return s.isEmpty ? nil : s
            case let n as NSNumber: return n.stringValue
            default: return nil
            }
        }
        var natures: [String] = []
        switch object[fields.natures] {
        case let list as [Any]: natures = list.compactMap { $0 as? String }
        case let s as String: natures = s.split(separator: ",").map { String($0) }
        default: if let s = string("nature") { natures = [s] }
        }
        var sector = string(fields.sector)
        if sector == nil {
            summary.defaultedSector += 1
            sector = defaultSector ?? "other"
        }
        return record(
            line: line, value: string, sector: sector!, natures: natures,
            tokens: (object[fields.tokens] as? [Any])?.compactMap { $0 as? String })
    }

    /// One record from its fields, looked up by name (`value` returns nil for a missing or empty
    /// field), with the sector and natures given (from the record itself, or from classifying it
    /// on the fly). The id defaults to `line-N`, the text to "".
    public func record(
        line: Int, value: (String) -> String?, sector: String, natures: [String], tokens: [String]? = nil
    ) -> ClassifiedRecord {
        func joined(_ keys: [String]) -> String? {
            let parts = keys.compactMap(value)
            return parts.isEmpty ? nil : parts.joined(separator: fields.joiner)
        }
        return ClassifiedRecord(
            id: value(fields.id) ?? "line-\(line)",
            date: value(fields.date).flatMap { Day(parsing: $0) },
            sector: sector,
            natures: natures,
            merchant: joined(fields.merchant),
            region: joined(fields.region),
            text: value(fields.text) ?? "",
            tokens: tokens,
            merchantSource: value("merchant_source").flatMap(MentionSource.init(rawValue:)),
            regionSource: value("region_source").flatMap(MentionSource.init(rawValue:)))
    }
}

extension RecordReader.Summary {
    /// Counts a record read (an undated one with its line number).
    public mutating func note(_ record: ClassifiedRecord, line: Int) {
        guard record.date == nil else { return }
        undated += 1
        if undatedLines.count < 20 { undatedLines.append(line) }
    }

    /// Counts a line that is not a record.
    public mutating func noteMalformed(line: Int) {
        malformed += 1
        if malformedLines.count < 20 { malformedLines.append(line) }
    }
}
