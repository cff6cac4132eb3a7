import Foundation
import TousuClassifier

/// Renders output records and rejects as bytes (deterministically: a resumed run must produce the
/// same bytes as an uninterrupted one).
public struct RecordWriter: Sendable {
    public let format: OutputFormat
    /// CSV columns passed through from the input.
    public let columns: [String]
    public let excel: Bool

    /// Columns added after the input's.
    public static let predictionColumns = ClassifiedSchema.tagFields

    /// `"name":` and `,"name":` of each tag, as bytes.
    static let keys = ClassifiedSchema.tagFields.enumerated().map { k, name in
        var out: [UInt8] = k == 0 ? [] : [UInt8(ascii: ",")]
        appendJSONString(name, to: &out)
        out.append(UInt8(ascii: ":"))
        return out
    }

    public init(format: OutputFormat, columns: [String], excel: Bool) {
        self.format = format
        self.columns = columns
        self.excel = excel
    }

    var lineEnd: [UInt8] { excel && format == .csv ? [0x0D, 0x0A] : [0x0A] }

    /// What starts a new output file: for CSV a BOM (with `excel`) and the header row.
    public func preamble() -> [UInt8] {
        guard format == .csv else { return [] }
        var out: [UInt8] = excel ? TextDecoding.utf8BOM : []
        for (k, name) in (columns + Self.predictionColumns).enumerated() {
            if k > 0 { out.append(UInt8(ascii: ",")) }
            Self.appendCSV(name, to: &out)
        }
        out += lineEnd
        return out
    }

    /// One output line for a classified record.
    @inline(never)  // a stage of Benchmarks/callgrind.sh
    public func render(_ record: BatchRecord, _ p: Prediction, into out: inout [UInt8]) {
        switch format {
        case .jsonl:
            out.append(UInt8(ascii: "{"))
            for field in record.fields {
                Self.appendJSONString(field.name, to: &out)
                out.append(UInt8(ascii: ":"))
                if field.isJSON { out += field.value.utf8 } else { Self.appendJSONString(field.value, to: &out) }
                out.append(UInt8(ascii: ","))
            }
            out += Self.keys[0]
            Self.appendJSONString(p.sector, to: &out)
            out += Self.keys[1]
            Self.appendJSONString(p.sectorName, to: &out)
            out += Self.keys[2]
            Self.appendScores(p.sectorScores, to: &out)
            out += Self.keys[3]
            Self.appendJSONArray(p.natures, to: &out)
            out += Self.keys[4]
            out += Self.number(p.confidence).utf8
            out += Self.keys[5]
            out += (p.needsReview ? "true" : "false").utf8
            out += Self.keys[6]
            Self.appendUniquePhrases(p.keywords, to: &out)
            out += "}\n".utf8
        case .csv:
            for name in columns {
                Self.appendCSV(record.fields.first { $0.name == name }?.value ?? "", to: &out)
                out.append(UInt8(ascii: ","))
            }
            var scores: [UInt8] = []
            Self.appendScores(p.sectorScores, to: &scores)
            let values = [
                p.sector, p.sectorName, String(decoding: scores, as: UTF8.self),
                p.natures.joined(separator: ClassifiedSchema.listSeparator), Self.number(p.confidence),
                p.needsReview ? "true" : "false", Self.uniquePhrases(p.keywords).joined(separator: ClassifiedSchema.listSeparator),
            ]
            for (k, v) in values.enumerated() {
                if k > 0 { out.append(UInt8(ascii: ",")) }
                Self.appendCSV(v, to: &out)
            }
            out += lineEnd
        }
    }

    /// One line of the rejects file (JSONL): record, line, offset, length, reason and the whole
    /// raw record — `raw` is its text, exact for valid UTF-8 input; otherwise `raw` is a lossy
    /// decoding for reading and `raw_base64` holds the exact bytes.
    public static func renderReject(_ reject: BatchReject, into out: inout [UInt8]) {
        out += #"{"record":"#.utf8
        out += String(reject.record).utf8
        out += #","line":"#.utf8
        out += String(reject.line).utf8
        out += #","offset":"#.utf8
        out += String(reject.offset).utf8
        out += #","length":"#.utf8
        out += String(reject.length).utf8
        out += #","reason":"#.utf8
        appendJSONString(reject.reason.description, to: &out)
        out += #","raw":"#.utf8
        appendJSONString(reject.raw, to: &out)
        if !reject.rawIsExact {
            out += #","raw_base64":""#.utf8
            out += Data(reject.bytes).base64EncodedString().utf8
            out.append(UInt8(ascii: "\""))
        }
        out += "}\n".utf8
    }

    /// The hits' phrases, each once, in order (a handful per record: a linear scan over the bytes
    /// costs less than hashing Strings).
    static func uniquePhrases(_ hits: [KeywordHit]) -> [String] {
        var phrases: [String] = []
        for hit in hits where !phrases.contains(where: {
            $0.utf8.count == hit.phrase.utf8.count && $0.utf8.elementsEqual(hit.phrase.utf8)
        }) {
            phrases.append(hit.phrase)
        }
        return phrases
    }

    /// The JSON array of `uniquePhrases(hits)`, written without building it.
    static func appendUniquePhrases(_ hits: [KeywordHit], to out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        var written = false
        for k in hits.indices {
            let phrase = hits[k].phrase
            var seen = false
            for j in 0..<k where sameBytes(hits[j].phrase, phrase) {
                seen = true
                break
            }
            if seen { continue }
            if written { out.append(UInt8(ascii: ",")) }
            appendJSONString(phrase, to: &out)
            written = true
        }
        out.append(UInt8(ascii: "]"))
    }

    /// Whether two strings have the same UTF-8 bytes.
    @inline(__always) static func sameBytes(_ a: String, _ b: String) -> Bool {
        let x = a.utf8.span, y = b.utf8.span
        guard x.count == y.count else { return false }
        for k in 0..<x.count where x[k] != y[k] { return false }
        return true
    }

    /// Scores rounded to 4 decimals, keys in the order of `Prediction.sectorScores` (by their
    /// UTF-8 bytes, i.e. by code points).
    static func appendScores(_ scores: [LabelScore], to out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        for (k, score) in scores.enumerated() {
            if k > 0 { out.append(UInt8(ascii: ",")) }
            appendJSONString(score.label, to: &out)
            out.append(UInt8(ascii: ":"))
            appendNumber(score.probability, to: &out)
        }
        out.append(UInt8(ascii: "}"))
    }

    static func number(_ x: Double) -> String {
        var out: [UInt8] = []
        appendNumber(x, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `x` rounded to 4 decimals, written as Swift's `String(Double)` writes the rounded value
    /// ("0", "0.25", "1.0", "0.0001"), without building a String for the usual 0 ≤ x < 10^9.
    static func appendNumber(_ x: Double, to out: inout [UInt8]) {
        guard x.isFinite else {
            out += "null".utf8
            return
        }
        let r = (x * 10_000).rounded() / 10_000
        if r == 0 {
            out.append(UInt8(ascii: "0"))
            return
        }
        guard r > 0, r < 1e9 else {
            out += String(r).utf8
            return
        }
        // r is the double nearest to k / 10^4; its shortest form is that decimal.
        let k = Int((x * 10_000).rounded())
        appendDigits(k / 10_000, to: &out)
        out.append(UInt8(ascii: "."))
        var fraction = k % 10_000
        if fraction == 0 {
            out.append(UInt8(ascii: "0"))
            return
        }
        var divisor = 1_000
        while fraction > 0 {
            out.append(UInt8(ascii: "0") + UInt8(fraction / divisor))
            fraction %= divisor
            divisor /= 10
        }
    }

    static func appendDigits(_ n: Int, to out: inout [UInt8]) {
        if n >= 10 { appendDigits(n / 10, to: &out) }
        out.append(UInt8(ascii: "0") + UInt8(n % 10))
    }

    static func appendJSONArray(_ items: [String], to out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        for (k, item) in items.enumerated() {
            if k > 0 { out.append(UInt8(ascii: ",")) }
            appendJSONString(item, to: &out)
        }
        out.append(UInt8(ascii: "]"))
    }

    static let hexDigits = Array("0123456789abcdef".utf8)

    /// A JSON string literal; non-ASCII stays as UTF-8, except U+FEFF, written `\ufeff`: Foundation's
    /// JSONSerialization drops a raw U+FEFF that starts a string or follows an escape (`"\"<BOM>x"`
    /// reads back as `"x`), so a record's text or a reject's raw would not read back whole. Runs of
    /// bytes that need no escape are copied at once.
    public static func appendJSONString(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        let bytes = s.utf8.span
        // Most strings need no escape: one pass without an early exit (which the optimizer can
        // vectorize) finds out, then the bytes are copied at once. 0xEF may start a U+FEFF.
        var special: UInt8 = 0
        for k in 0..<bytes.count {
            let c = bytes[k]
            special |= (c < 0x20 ? 1 : 0) | (c == UInt8(ascii: "\"") ? 1 : 0) | (c == UInt8(ascii: "\\") ? 1 : 0) | (c == 0xEF ? 1 : 0)
        }
        if special == 0 {
            out += s.utf8
            out.append(UInt8(ascii: "\""))
            return
        }
        var start = 0
        var i = 0
        while i < bytes.count {
            let c = bytes[i]
            if c < 0x20 || c == UInt8(ascii: "\"") || c == UInt8(ascii: "\\") {
                append(bytes, start..<i, to: &out)
                appendEscaped(c, to: &out)
                start = i + 1
            } else if c == 0xEF, i + 2 < bytes.count, bytes[i + 1] == 0xBB, bytes[i + 2] == 0xBF {
                append(bytes, start..<i, to: &out)
                out += #"\ufeff"#.utf8
                i += 2
                start = i + 1
            }
            i += 1
        }
        append(bytes, start..<bytes.count, to: &out)
        out.append(UInt8(ascii: "\""))
    }

    /// Appends `bytes[range]`, reserving room once.
    @inline(__always)
    private static func append(_ bytes: Span<UInt8>, _ range: Range<Int>, to out: inout [UInt8]) {
        out.append(addingCapacity: range.count) { tail in
            for k in range { tail.append(bytes[k]) }
        }
    }

    private static func appendEscaped(_ c: UInt8, to out: inout [UInt8]) {
        switch c {
        case UInt8(ascii: "\""): out += [0x5C, 0x22]
        case UInt8(ascii: "\\"): out += [0x5C, 0x5C]
        case 0x0A: out += [0x5C, UInt8(ascii: "n")]
        case 0x0D: out += [0x5C, UInt8(ascii: "r")]
        case 0x09: out += [0x5C, UInt8(ascii: "t")]
        default: out += [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hexDigits[Int(c >> 4)], hexDigits[Int(c & 15)]]
        }
    }

    /// A CSV field, quoted when it holds a comma, quote, CR or LF.
    static func appendCSV(_ s: String, to out: inout [UInt8]) {
        let needsQuotes = s.utf8.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
        if !needsQuotes {
            out += s.utf8
            return
        }
        out.append(0x22)
        for c in s.utf8 {
            if c == 0x22 { out.append(0x22) }
            out.append(c)
        }
        out.append(0x22)
    }
}
