import TousuText

/// The fields a hotspot or report run takes from one line of batch's classified JSONL output,
/// read straight from the line's bytes: no field list, no strings for the fields it skips (scores,
/// keywords, …). Only a *plain* line is read this way — one that the batch pipeline, with the
/// default `RecordMapping` and no text mentions, would accept and read to exactly these values:
/// valid UTF-8 starting with `{`, no control bytes and no backslash anywhere (no escapes), no
/// key twice, no key starting with `input_` (renamed tags), a string `text` and no other default
/// text field, no `tokens` (terms), string `id`/`date`/`merchant`/`region` when present, a non-empty string
/// `sector`, `natures` absent or an array of strings, a text that is not all whitespace and not
/// longer than the limit. Any other line gives nil: read it through `BatchOptions.jsonLineRecord`
/// (the pipeline's own reading), which accepts or rejects it as the pipeline does.
public struct ClassifiedLine: Sendable, Equatable {
    /// The `id` field as written (nil when absent: the caller numbers the record by its line).
    public var id: String?
    /// The date as written; nil when absent or empty.
    public var date: String?
    /// The `text` field: not all whitespace, at most the length limit in UTF-8 bytes.
    public var text: String
    /// nil when absent or empty.
    public var merchant: String?
    /// nil when absent or empty.
    public var region: String?
    /// The sector batch gave the record (non-empty).
    public var sector: String
    /// As `ClassifiedSchema.previousTags` gives them: ["other"] when none.
    public var natures: [String]

    /// The fields of a plain line (see the type), or nil.
    public init?(plain bytes: [UInt8], maxTextLength: Int) {
        guard bytes.first == UInt8(ascii: "{"), Self.hasNoControlOrEscape(bytes), TextDecoding.isValidUTF8(bytes) else {
            return nil
        }
        var scan = PlainScan(b: bytes)
        guard let found = scan.object(), let text = found.text, let sector = found.sector, !sector.isEmpty else { return nil }
        if text.isBlank { return nil }
        if text.utf8.count > maxTextLength { return nil }
        self.id = found.id
        self.date = found.date.flatMap { $0.isEmpty ? nil : $0 }
        self.text = text
        self.merchant = found.merchant.flatMap { $0.isEmpty ? nil : $0 }
        self.region = found.region.flatMap { $0.isEmpty ? nil : $0 }
        self.sector = sector
        self.natures = found.natures.isEmpty ? ["other"] : found.natures
    }

    /// No byte below 0x20 (control characters: rejected inside strings; CR, LF and tab belong to
    /// the framer's and the full parser's cases) and no backslash.
    private static func hasNoControlOrEscape(_ bytes: [UInt8]) -> Bool {
        let span = bytes.span
        for k in span.indices {
            let c = span[k]
            if c < 0x20 || c == UInt8(ascii: "\\") { return false }
        }
        return true
    }
}

/// The scan of a plain line's object (no escapes, no control bytes: checked before).
private struct PlainScan {
    let b: [UInt8]
    var i = 0

    struct Found {
        var id: String?
        var date: String?
        var text: String?
        var merchant: String?
        var region: String?
        var sector: String?
        var natures: [String] = []
    }

    /// The keys a line is read for, and those that make it not plain.
    enum Key {
        case id, date, text, merchant, region, sector, natures, otherText, notPlain, skipped
    }

    static let names: [([UInt8], Key)] = {
        let read: [(String, Key)] = [
            (ClassifiedSchema.id, .id), (ClassifiedSchema.date, .date), (ClassifiedSchema.text, .text),
            (ClassifiedSchema.merchant, .merchant), (ClassifiedSchema.region, .region), (ClassifiedSchema.sector, .sector),
            (ClassifiedSchema.natures, .natures), (ClassifiedSchema.terms, .notPlain),
        ]
        let otherTexts: [(String, Key)] = RecordMapping.defaultTextFields.filter { $0 != ClassifiedSchema.text }.map { ($0, .otherText) }
        return (read + otherTexts).map { name, key in (Array(name.utf8), key) }
    }()

    static let renamedPrefix = Array(ClassifiedSchema.renamedInputPrefix.utf8)

    mutating func ws() { while i < b.count, b[i] == 0x20 { i += 1 } }

    /// The bytes of the string at `i` (on its opening quote), without the quotes.
    mutating func stringRange() -> Range<Int>? {
        guard i < b.count, b[i] == UInt8(ascii: "\"") else { return nil }
        let from = i + 1
        var k = from
        while k < b.count, b[k] != UInt8(ascii: "\"") { k += 1 }
        guard k < b.count else { return nil }
        i = k + 1
        return from..<k
    }

    mutating func string() -> String? {
        stringRange().map { String(decoding: b[$0], as: UTF8.self) }
    }

    func key(_ r: Range<Int>) -> Key {
        let name = b[r]
        if name.starts(with: Self.renamedPrefix) { return .notPlain }
        for (known, key) in Self.names where known.count == name.count && name.elementsEqual(known) { return key }
        return .skipped
    }

    /// `["a", "b"]`: the strings; nil for anything else.
    mutating func strings() -> [String]? {
        guard i < b.count, b[i] == UInt8(ascii: "[") else { return nil }
        i += 1
        ws()
        var out: [String] = []
        if i < b.count, b[i] == UInt8(ascii: "]") {
            i += 1
            return out
        }
        while true {
            ws()
            guard let s = string() else { return nil }
            out.append(s)
            ws()
            guard i < b.count else { return nil }
            if b[i] == UInt8(ascii: ",") { i += 1; continue }
            if b[i] == UInt8(ascii: "]") { i += 1; return out }
            return nil
        }
    }

    /// A value that is not read: a string skipped, anything else checked by the full parser.
    mutating func skip() -> Bool {
        guard i < b.count else { return false }
        if b[i] == UInt8(ascii: "\"") { return stringRange() != nil }
        var c = JSONObjectParser.Cursor(b: b, i: i)
        do throws(JSONObjectParser.Failure) { try c.value(depth: 0) } catch { return false }
        i = c.i
        return true
    }

    /// The fields of the object from `{` to the end of the line (`{}` has no text: not plain).
    mutating func object() -> Found? {
        var found = Found()
        // Room for the keys of a line of batch's output at once (growing the list was several
        // allocations a line).
        var keys: [Range<Int>] = []
        keys.reserveCapacity(16)
        i = 1
        while true {
            ws()
            guard let name = stringRange() else { return nil }
            // No key twice (the pipeline rejects such a line).
            for k in keys where k.count == name.count && b[k].elementsEqual(b[name]) { return nil }
            keys.append(name)
            ws()
            guard i < b.count, b[i] == UInt8(ascii: ":") else { return nil }
            i += 1
            ws()
            switch key(name) {
            case .notPlain, .otherText: return nil
            case .skipped: guard skip() else { return nil }
            case .natures: guard let list = strings() else { return nil }; found.natures = list
            case .id: guard let s = string() else { return nil }; found.id = s
            case .date: guard let s = string() else { return nil }; found.date = s
            case .text: guard let s = string() else { return nil }; found.text = s
            case .merchant: guard let s = string() else { return nil }; found.merchant = s
            case .region: guard let s = string() else { return nil }; found.region = s
            case .sector: guard let s = string() else { return nil }; found.sector = s
            }
            ws()
            guard i < b.count else { return nil }
            if b[i] == UInt8(ascii: ",") { i += 1; continue }
            if b[i] == UInt8(ascii: "}") { i += 1; break }
            return nil
        }
        ws()
        return i == b.count ? found : nil
    }
}
