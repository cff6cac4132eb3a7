/// Parses one JSON object into its fields in order. String values are decoded; other values
/// (numbers, booleans, null, objects, arrays) are checked and kept as their JSON text.
enum JSONObjectParser {
    struct Failure: Error {
        var message: String
        var at: Int
    }

    static func parse(_ text: String) -> Result<[BatchField], RejectReason> {
        parse(bytes: Array(text.utf8))
    }

    /// `parse` of a line's UTF-8 bytes (valid UTF-8: string values are made from them as they are).
    static func parse(bytes: [UInt8]) -> Result<[BatchField], RejectReason> {
        var p = Cursor(b: bytes)
        do throws(Failure) {
            let fields = try p.topObject()
            if let name = duplicateName(fields) { return .failure(.duplicateKey(name)) }
            return .success(fields)
        } catch {
            return .failure(.malformedJSON("\(error.message) at column \(error.at + 1)"))
        }
    }

    /// The first key that appears twice. RFC 8259 leaves an object with duplicate keys to each
    /// parser (first wins, last wins, error): tousu rejects it rather than guess which was meant.
    static func duplicateName(_ fields: [BatchField]) -> String? {
        if fields.count <= 16 {
            for i in fields.indices.dropFirst() where fields[..<i].contains(where: { $0.name == fields[i].name }) {
                return fields[i].name
            }
            return nil
        }
        var names = Set<String>()
        for field in fields where !names.insert(field.name).inserted { return field.name }
        return nil
    }

    struct Cursor {
        let b: [UInt8]
        var i = 0

        mutating func ws() {
            while i < b.count, b[i] == 0x20 || b[i] == 0x09 || b[i] == 0x0D || b[i] == 0x0A { i += 1 }
        }

        func fail(_ message: String) -> Failure { Failure(message: message, at: i) }

        mutating func expect(_ c: UInt8, _ what: String) throws(Failure) {
            guard i < b.count, b[i] == c else { throw fail("expected \(what)") }
            i += 1
        }

        mutating func topObject() throws(Failure) -> [BatchField] {
            // A BOM that starts a line: exports joined with `cat`, each file with its own BOM.
            if b.starts(with: TextDecoding.utf8BOM) { i = TextDecoding.utf8BOM.count }
            ws()
            guard i < b.count, b[i] == UInt8(ascii: "{") else { throw fail("not a JSON object") }
            i += 1
            var fields: [BatchField] = []
            fields.reserveCapacity(8)
            ws()
            if i < b.count, b[i] == UInt8(ascii: "}") {
                i += 1
            } else {
                while true {
                    ws()
                    guard i < b.count, b[i] == UInt8(ascii: "\"") else { throw fail("expected a key") }
                    let name = try string()
                    ws()
                    try expect(UInt8(ascii: ":"), "':'")
                    ws()
                    guard i < b.count else { throw fail("expected a value") }
                    if b[i] == UInt8(ascii: "\"") {
                        fields.append(BatchField(name: name, value: try string()))
                    } else {
                        let from = i
                        try value(depth: 0)
                        fields.append(
                            BatchField(
                                name: name, value: String(decoding: b[from..<i], as: UTF8.self),
                                isJSON: true))
                    }
                    ws()
                    guard i < b.count else { throw fail("unexpected end, expected ',' or '}'") }
                    if b[i] == UInt8(ascii: ",") { i += 1; continue }
                    if b[i] == UInt8(ascii: "}") { i += 1; break }
                    throw fail("expected ',' or '}'")
                }
            }
            ws()
            if i < b.count { throw fail("unexpected text after the object") }
            return fields
        }

        /// Any JSON value, checked and skipped.
        mutating func value(depth: Int) throws(Failure) {
            guard depth < 256 else { throw fail("nesting too deep") }
            guard i < b.count else { throw fail("expected a value") }
            switch b[i] {
            case UInt8(ascii: "\""): _ = try string()
            case UInt8(ascii: "{"):
                i += 1
                ws()
                if i < b.count, b[i] == UInt8(ascii: "}") { i += 1; return }
                while true {
                    ws()
                    guard i < b.count, b[i] == UInt8(ascii: "\"") else { throw fail("expected a key") }
                    _ = try string()
                    ws()
                    try expect(UInt8(ascii: ":"), "':'")
                    ws()
                    try value(depth: depth + 1)
                    ws()
                    guard i < b.count else { throw fail("unexpected end, expected ',' or '}'") }
                    if b[i] == UInt8(ascii: ",") { i += 1; continue }
                    if b[i] == UInt8(ascii: "}") { i += 1; return }
                    throw fail("expected ',' or '}'")
                }
            case UInt8(ascii: "["):
                i += 1
                ws()
                if i < b.count, b[i] == UInt8(ascii: "]") { i += 1; return }
                while true {
                    ws()
                    try value(depth: depth + 1)
                    ws()
                    guard i < b.count else { throw fail("unexpected end, expected ',' or ']'") }
                    if b[i] == UInt8(ascii: ",") { i += 1; continue }
                    if b[i] == UInt8(ascii: "]") { i += 1; return }
                    throw fail("expected ',' or ']'")
                }
            case UInt8(ascii: "t"): try literal("true")
            case UInt8(ascii: "f"): try literal("false")
            case UInt8(ascii: "n"): try literal("null")
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try number()
            default: throw fail("unexpected character")
            }
        }

        mutating func literal(_ word: String) throws(Failure) {
            let n = word.utf8.count
            guard i + n <= b.count else { throw fail("unexpected end") }
            for (k, c) in word.utf8.enumerated() where b[i + k] != c { throw fail("unexpected character") }
            i += n
        }

        mutating func number() throws(Failure) {
            func digits(_ c: inout Cursor) -> Int {
                let s = c.i
                while c.i < c.b.count, c.b[c.i] >= 0x30, c.b[c.i] <= 0x39 { c.i += 1 }
                return c.i - s
            }
            if b[i] == UInt8(ascii: "-") { i += 1 }
            if i < b.count, b[i] == UInt8(ascii: "0") {
                i += 1
            } else if digits(&self) == 0 {
                throw fail("bad number")
            }
            if i < b.count, b[i] == UInt8(ascii: ".") {
                i += 1
                if digits(&self) == 0 { throw fail("bad number") }
            }
            if i < b.count, b[i] | 0x20 == UInt8(ascii: "e") {
                i += 1
                if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i += 1 }
                if digits(&self) == 0 { throw fail("bad number") }
            }
        }

        /// A string at `i` (on its opening quote), decoded.
        mutating func string() throws(Failure) -> String {
            i += 1
            let from = i
            // Fast path: no escapes.
            while i < b.count {
                let c = b[i]
                if c == UInt8(ascii: "\"") {
                    defer { i += 1 }
                    return String(decoding: b[from..<i], as: UTF8.self)
                }
                if c == UInt8(ascii: "\\") { break }
                if c < 0x20 { throw fail("control character in string") }
                i += 1
            }
            var out = Array(b[from..<i])
            while i < b.count {
                let c = b[i]
                if c == UInt8(ascii: "\"") {
                    i += 1
                    return String(decoding: out, as: UTF8.self)
                }
                if c < 0x20 { throw fail("control character in string") }
                if c != UInt8(ascii: "\\") {
                    out.append(c)
                    i += 1
                    continue
                }
                i += 1
                guard i < b.count else { break }
                let e = b[i]
                i += 1
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if scalar >= 0xD800 && scalar < 0xDC00, i + 1 < b.count, b[i] == UInt8(ascii: "\\"),
                        b[i + 1] == UInt8(ascii: "u")
                    {
                        let save = i
                        i += 2
                        let low = try hex4()
                        if low >= 0xDC00 && low < 0xE000 {
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        } else {
                            i = save
                        }
                    }
                    let s = Unicode.Scalar(scalar) ?? "\u{FFFD}"
                    out.append(contentsOf: String(Character(s)).utf8)
                default:
                    i -= 1
                    throw fail("bad escape")
                }
            }
            throw fail("unterminated string")
        }

        mutating func hex4() throws(Failure) -> UInt32 {
            guard i + 4 <= b.count else { throw fail("bad \\u escape") }
            var v: UInt32 = 0
            for _ in 0..<4 {
                let c = b[i]
                let d: UInt8
                switch c {
                case 0x30...0x39: d = c - 0x30
                case 0x41...0x46: d = c - 0x41 + 10
                case 0x61...0x66: d = c - 0x61 + 10
                default: throw fail("bad \\u escape")
                }
                v = v << 4 | UInt32(d)
                i += 1
            }
            return v
        }
    }
}

/// Splits one CSV/TSV record (RFC 4180: quoted fields, doubled quotes, embedded newlines).
enum DelimitedFields {
    static func parse(_ text: String, delimiter: UInt8) -> Result<[String], RejectReason> {
        let b = Array(text.utf8)
        var fields: [String] = []
        var i = 0
        let n = b.count
        let quote = UInt8(ascii: "\"")
        while true {
            if i < n, b[i] == quote {
                i += 1
                var field: [UInt8] = []
                var closed = false
                while i < n {
                    if b[i] == quote {
                        if i + 1 < n, b[i + 1] == quote {
                            field.append(quote)
                            i += 2
                            continue
                        }
                        i += 1
                        closed = true
                        break
                    }
                    field.append(b[i])
                    i += 1
                }
                if !closed { return .failure(.unterminatedQuote) }
                fields.append(String(decoding: field, as: UTF8.self))
                if i == n { break }
                if b[i] == delimiter {
                    i += 1
                    continue
                }
                return .failure(.malformedCSV("text after closing quote in field \(fields.count)"))
            } else {
                let s = i
                while i < n, b[i] != delimiter { i += 1 }
                fields.append(String(decoding: b[s..<i], as: UTF8.self))
                if i == n { break }
                i += 1
            }
        }
        return .success(fields)
    }
}
