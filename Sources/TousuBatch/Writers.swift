import TousuClassifier

/// Renders output records and rejects as bytes (deterministically: a resumed run must produce the
/// same bytes as an uninterrupted one).
public struct RecordWriter: Sendable {
    public let format: OutputFormat
    /// CSV columns passed through from the input.
    public let columns: [String]
    public let excel: Bool

    /// Columns added after the input's.
    public static let predictionColumns = [
        "sector", "sector_name", "sector_scores", "natures", "confidence", "needs_review", "keywords",
    ]

    public init(format: OutputFormat, columns: [String], excel: Bool) {
        self.format = format
        self.columns = columns
        self.excel = excel
    }

    var lineEnd: [UInt8] { excel && format == .csv ? [0x0D, 0x0A] : [0x0A] }

    /// What starts a new output file: for CSV a BOM (with `excel`) and the header row.
    public func preamble() -> [UInt8] {
        guard format == .csv else { return [] }
        var out: [UInt8] = excel ? [0xEF, 0xBB, 0xBF] : []
        for (k, name) in (columns + Self.predictionColumns).enumerated() {
            if k > 0 { out.append(UInt8(ascii: ",")) }
            Self.appendCSV(name, to: &out)
        }
        out += lineEnd
        return out
    }

    /// One output line for a classified record.
    public func render(_ record: BatchRecord, _ p: Prediction, into out: inout [UInt8]) {
        let keywords = Self.uniquePhrases(p.keywords)
        switch format {
        case .jsonl:
            out.append(UInt8(ascii: "{"))
            for field in record.fields {
                Self.appendJSONString(field.name, to: &out)
                out.append(UInt8(ascii: ":"))
                if field.isJSON { out += field.value.utf8 } else { Self.appendJSONString(field.value, to: &out) }
                out.append(UInt8(ascii: ","))
            }
            out += #""sector":"#.utf8
            Self.appendJSONString(p.sector, to: &out)
            out += #","sector_name":"#.utf8
            Self.appendJSONString(p.sectorName, to: &out)
            out += #","sector_scores":"#.utf8
            Self.appendScores(p.scores, to: &out)
            out += #","natures":"#.utf8
            Self.appendJSONArray(p.natures, to: &out)
            out += #","confidence":"#.utf8
            out += Self.number(p.confidence).utf8
            out += #","needs_review":"#.utf8
            out += (p.needsReview ? "true" : "false").utf8
            out += #","keywords":"#.utf8
            Self.appendJSONArray(keywords, to: &out)
            out += "}\n".utf8
        case .csv:
            for name in columns {
                Self.appendCSV(record.fields.first { $0.name == name }?.value ?? "", to: &out)
                out.append(UInt8(ascii: ","))
            }
            var scores: [UInt8] = []
            Self.appendScores(p.scores, to: &scores)
            let values = [
                p.sector, p.sectorName, String(decoding: scores, as: UTF8.self),
                p.natures.joined(separator: "|"), Self.number(p.confidence), p.needsReview ? "true" : "false",
                keywords.joined(separator: "|"),
            ]
            for (k, v) in values.enumerated() {
                if k > 0 { out.append(UInt8(ascii: ",")) }
                Self.appendCSV(v, to: &out)
            }
            out += lineEnd
        }
    }

    /// One line of the rejects file (JSONL): record, line, offset, reason, raw (≤ 1,000 characters).
    public static func renderReject(_ reject: BatchReject, into out: inout [UInt8]) {
        out += #"{"record":"#.utf8
        out += String(reject.record).utf8
        out += #","line":"#.utf8
        out += String(reject.line).utf8
        out += #","offset":"#.utf8
        out += String(reject.offset).utf8
        out += #","reason":"#.utf8
        appendJSONString(reject.reason.description, to: &out)
        out += #","raw":"#.utf8
        appendJSONString(String(reject.raw.prefix(1000)), to: &out)
        out += "}\n".utf8
    }

    static func uniquePhrases(_ hits: [KeywordHit]) -> [String] {
        var seen = Set<String>()
        return hits.compactMap { seen.insert($0.phrase).inserted ? $0.phrase : nil }
    }

    /// Scores rounded to 4 decimals, keys sorted.
    static func appendScores(_ scores: [String: Double], to out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        for (k, key) in scores.keys.sorted().enumerated() {
            if k > 0 { out.append(UInt8(ascii: ",")) }
            appendJSONString(key, to: &out)
            out.append(UInt8(ascii: ":"))
            out += number(scores[key]!).utf8
        }
        out.append(UInt8(ascii: "}"))
    }

    static func number(_ x: Double) -> String {
        guard x.isFinite else { return "null" }
        let r = (x * 10_000).rounded() / 10_000
        return r == 0 ? "0" : String(r)
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

    /// A JSON string literal; non-ASCII stays as UTF-8.
    public static func appendJSONString(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for c in s.utf8 {
            switch c {
            case UInt8(ascii: "\""): out += [0x5C, 0x22]
            case UInt8(ascii: "\\"): out += [0x5C, 0x5C]
            case 0x0A: out += [0x5C, UInt8(ascii: "n")]
            case 0x0D: out += [0x5C, UInt8(ascii: "r")]
            case 0x09: out += [0x5C, UInt8(ascii: "t")]
            case 0..<0x20:
                out += [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hexDigits[Int(c >> 4)], hexDigits[Int(c & 15)]]
            default: out.append(c)
            }
        }
        out.append(UInt8(ascii: "\""))
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
