/// Why a record went to the rejects file instead of the output.
public enum RejectReason: Error, Sendable, Equatable, CustomStringConvertible {
    /// The bytes are not valid in the input's encoding (the file-level guess or the one given).
    case undecodableBytes(InputEncoding)
    case malformedJSON(String)
    case malformedCSV(String)
    case wrongFieldCount(expected: Int, found: Int)
    case missingTextField(String)
    /// The text field holds a JSON value that is not a string (null, a number, an array…).
    case textNotAString(field: String, type: String)
    /// A JSON object names the same key twice (which value was meant is unknowable).
    case duplicateKey(String)
    case emptyText
    case textOverLengthLimit
    case unterminatedQuote
    case classificationFailed(String)

    public var description: String {
        switch self {
        case .undecodableBytes(let encoding): "undecodable bytes: not valid \(encoding.rawValue)"
        case .malformedJSON(let why): "malformed JSON: \(why)"
        case .malformedCSV(let why): "malformed CSV: \(why)"
        case .wrongFieldCount(let expected, let found):
            "wrong number of fields: expected \(expected), found \(found)"
        case .missingTextField(let name): "missing text field \(name)"
        case .textNotAString(let field, let type): "text field \(field) is \(type), not a string"
        case .duplicateKey(let name): "duplicate key \(name)"
        case .emptyText: "empty text"
        case .textOverLengthLimit: "text over length limit"
        case .unterminatedQuote: "unterminated quoted field"
        case .classificationFailed(let why): "classification failed: \(why)"
        }
    }
}

/// A record that could not be classified: where it is, why, and its whole raw bytes.
public struct BatchReject: Error, Sendable, Equatable, CustomStringConvertible {
    /// 1-based ordinal of the record in the input.
    public var record: Int
    /// 1-based line of its first byte.
    public var line: Int
    /// Byte offset of its first byte in the input file.
    public var offset: Int
    /// Its length in bytes, without the line end.
    public var length: Int
    public var reason: RejectReason
    /// The record's bytes as they stand in the input (`length` of them).
    public var bytes: [UInt8]
    /// The input's encoding.
    public var encoding: InputEncoding

    public init(
        record: Int, line: Int, offset: Int, length: Int, reason: RejectReason, bytes: [UInt8], encoding: InputEncoding
    ) {
        self.record = record
        self.line = line
        self.offset = offset
        self.length = length
        self.reason = reason
        self.bytes = bytes
        self.encoding = encoding
    }

    /// The raw bytes are the text itself: UTF-8 input and valid UTF-8. (A U+FEFF in it is written
    /// `\ufeff`, which every JSON reader keeps; see `RecordWriter.appendJSONString`.)
    public var rawIsExact: Bool {
        (encoding == .utf8 || encoding == .auto) && String(validating: bytes, as: UTF8.self) != nil
    }

    /// The record as text: exact when `rawIsExact`, else decoded lossily for reading.
    public var raw: String { TextDecoding.decodeLossily(bytes[...], as: encoding) }

    public var description: String {
        "record \(record) (line \(line), byte \(offset)): \(reason)"
    }
}

/// A failure of a whole batch run (a failing record is a `BatchReject` instead).
public enum BatchError: Error, Sendable, Equatable, CustomStringConvertible {
    case cannotOpen(path: String, reason: String)
    case readFailed(path: String, reason: String)
    case writeFailed(path: String, reason: String)
    /// The CSV/TSV header row is missing or unreadable.
    case badHeader(String)
    case resumeUnavailable(String)
    case badCheckpoint(path: String, reason: String)
    /// The checkpoint belongs to another input or other options.
    case checkpointMismatch(path: String, reason: String)
    case badOption(String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason): "cannot open \(path): \(reason)"
        case .readFailed(let path, let reason): "cannot read \(path): \(reason)"
        case .writeFailed(let path, let reason): "cannot write \(path): \(reason)"
        case .badHeader(let why): "bad header row: \(why)"
        case .resumeUnavailable(let why): "cannot resume: \(why)"
        case .badCheckpoint(let path, let reason): "bad checkpoint \(path): \(reason)"
        case .checkpointMismatch(let path, let reason):
            "checkpoint \(path) does not match this run: \(reason)"
        case .badOption(let why): why
        }
    }
}
