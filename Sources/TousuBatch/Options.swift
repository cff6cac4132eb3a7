import Foundation
import TousuClassifier
import TousuMentions

/// The character encoding of a batch input.
public enum InputEncoding: String, Sendable, CaseIterable, Codable {
    /// A byte-order mark if there is one; else a file-level guess from the first 64 KB of lines
    /// with non-ASCII bytes (read past an ASCII-only start): UTF-8 unless most such lines are not
    /// valid UTF-8, then GB18030 (Chinese legacy exports); UTF-16 without a BOM by ICU's detector.
    /// Each record is then decoded with that guess, and one that does not decode is rejected.
    case auto
    case utf8 = "utf-8"
    case gb18030
    case utf16le = "utf-16le"
    case utf16be = "utf-16be"
}

/// The layout of a batch input.
public enum InputFormat: String, Sendable, CaseIterable, Codable {
    /// From the file extension (.jsonl/.ndjson/.json, .csv, .tsv/.tab), else from the first line:
    /// `{` → JSONL, tabs and no commas → TSV, else CSV. Standard input is never guessed: it is
    /// JSONL (a chunk of a split stream says nothing reliable about the format).
    case auto
    /// One JSON object per line.
    case jsonl
    /// RFC 4180 CSV with a header row.
    case csv
    /// Like CSV with tabs between fields.
    case tsv
}

/// The layout of a batch output.
public enum OutputFormat: String, Sendable, CaseIterable, Codable {
    case jsonl
    case csv
}

/// Which input fields hold the complaint text and its metadata. The record keeps all its input
/// fields; the mapped values are added under the canonical names of `ClassifiedSchema` (id, text,
/// date, merchant, region) — see `RecordMapping.outputFields`.
public struct RecordMapping: Sendable, Equatable, Codable {
    /// Field names whose values, joined with "\n", form the text. Empty: the first of
    /// `defaultTextFields` present in the record.
    public var textFields: [String]
    public var idField: String
    public var dateField: String
    /// Fields whose values, joined with `joiner`, form the merchant (e.g. brand + model).
    public var merchantFields: [String]
    /// Fields whose values, joined with `joiner`, form the region.
    public var regionFields: [String]
    /// Between joined merchant or region values.
    public var joiner: String

    /// Text field names tried in order when `textFields` is empty.
    public static let defaultTextFields = LabelledCorpus.defaultTextFields

    public init(
        textFields: [String] = [], idField: String = "id", dateField: String = "date",
        merchantFields: [String] = ["merchant"], regionFields: [String] = ["region"], joiner: String = ""
    ) {
        self.textFields = textFields
        self.idField = idField
        self.dateField = dateField
        self.merchantFields = merchantFields
        self.regionFields = regionFields
        self.joiner = joiner
    }
}

/// How a batch run reads, validates, writes and checkpoints.
public struct BatchOptions: Sendable {
    public var format: InputFormat = .auto
    public var encoding: InputEncoding = .auto
    public var mapping = RecordMapping()
    /// The CSV/TSV column names when the input has no header row (required for CSV/TSV on stdin,
    /// where a split of a larger file has none). nil: the first row is the header.
    public var csvHeader: [String]?
    public var outputFormat: OutputFormat = .jsonl
    /// CSV output starts with a UTF-8 BOM and uses CRLF, so that Excel opens Chinese text correctly.
    public var excel = false
    /// Classification workers; default all cores.
    public var threads = ProcessInfo.processInfo.activeProcessorCount
    /// Records per chunk: the unit of parallel work, ordered writing and checkpoints.
    public var chunkSize = 2048
    /// Texts longer than this many characters (Unicode scalars) are rejected.
    public var maxTextLength = 100_000
    /// A quoted CSV field that runs on for more than this many bytes is taken as unterminated.
    public var maxRecordBytes = 1 << 20
    /// More rejects than this make the run report failure (it still finishes). nil: no limit.
    public var maxRejects: Int?
    /// Continue from the checkpoint next to the output (starts afresh when there is none).
    public var resume = false
    /// Write a checkpoint after each chunk (only possible when input and output are files).
    public var checkpoints = true
    /// When set, a record without a merchant or region field gets the one its text names, and
    /// the output says where each came from (`ClassifiedSchema.mentionFields`).
    public var mentions: TextMentionFinder?
    /// Identifies the classifier (e.g. the model file's fingerprint); part of the checkpoint's
    /// options fingerprint, so that a resumed run refuses a different model.
    public var classifierIdentity = ""
    /// Stop after this many chunks, leaving the checkpoint, as if the run were killed (for tests).
    public var chunkLimit: Int?

    public init() {}

    /// The options that change the output bytes, as a stable string (for the checkpoint).
    var fingerprint: String {
        let m = mapping
        return ([
            format.rawValue, encoding.rawValue, m.textFields.joined(separator: "\u{1F}"), m.idField,
            m.dateField, m.merchantFields.joined(separator: "\u{1F}"), m.regionFields.joined(separator: "\u{1F}"),
            m.joiner, outputFormat.rawValue,
            String(excel), String(maxTextLength), String(maxRecordBytes), classifierIdentity,
            csvHeader?.joined(separator: "\u{1F}") ?? "-",
        ] + (mentions == nil ? [] : ["mentions"])).joined(separator: "\u{1E}")
    }
}
