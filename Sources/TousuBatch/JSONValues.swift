/// The few JSON value shapes that previous tags carry (`ClassifiedSchema.previousTags`), read
/// without Foundation: an array of strings (natures, keywords) and an object of numbers (sector
/// scores). JSONSerialization was most of the time of reading a million classified records.
/// Each reader returns nil for anything else (other element types, broken JSON), and the caller
/// then falls back to JSONSerialization, so unusual values read as before.
enum JSONValues {
    /// `["a", "b"]` → ["a", "b"]; nil unless an array whose elements are all strings.
    static func strings(_ json: String) -> [String]? {
        var out: [String] = []
        let whole = elements(of: json, open: UInt8(ascii: "["), "'['", close: UInt8(ascii: "]")) { c throws(JSONObjectParser.Failure) in
            guard c.i < c.b.count, c.b[c.i] == UInt8(ascii: "\"") else { return false }
            out.append(try c.string())
            return true
        }
        return whole ? out : nil
    }

    /// `{"a": 0.5, "b": 1}` → ["a": 0.5, "b": 1]; nil unless an object whose values are all
    /// numbers and whose keys are distinct.
    static func numbers(_ json: String) -> [String: Double]? {
        var out: [String: Double] = [:]
        let whole = elements(of: json, open: UInt8(ascii: "{"), "'{'", close: UInt8(ascii: "}")) { c throws(JSONObjectParser.Failure) in
            guard c.i < c.b.count, c.b[c.i] == UInt8(ascii: "\"") else { return false }
            let key = try c.string()
            c.ws()
            try c.expect(UInt8(ascii: ":"), "':'")
            c.ws()
            guard let value = number(&c), out.updateValue(value, forKey: key) == nil else { return false }
            return true
        }
        return whole ? out : nil
    }

    /// Walks `open element, element, … close` (with whitespace anywhere) over the whole of
    /// `json`, `element` reading one at the cursor; false when the text is not exactly that or an
    /// element says no.
    private static func elements(
        of json: String, open: UInt8, _ opening: String, close: UInt8,
        _ element: (inout JSONObjectParser.Cursor) throws(JSONObjectParser.Failure) -> Bool
    ) -> Bool {
        var c = JSONObjectParser.Cursor(b: Array(json.utf8))
        do throws(JSONObjectParser.Failure) {
            c.ws()
            try c.expect(open, opening)
            c.ws()
            if c.i < c.b.count, c.b[c.i] == close {
                c.i += 1
            } else {
                while true {
                    c.ws()
                    guard try element(&c) else { return false }
                    c.ws()
                    guard c.i < c.b.count else { return false }
                    if c.b[c.i] == UInt8(ascii: ",") { c.i += 1; continue }
                    if c.b[c.i] == close { c.i += 1; break }
                    return false
                }
            }
            c.ws()
            return c.i == c.b.count
        } catch {
            return false
        }
    }

    /// A JSON number on its own (`0.9869`, `-1e-3`); nil for anything else.
    static func number(_ json: String) -> Double? {
        var c = JSONObjectParser.Cursor(b: Array(json.utf8))
        c.ws()
        guard let value = number(&c) else { return nil }
        c.ws()
        return c.i == c.b.count ? value : nil
    }

    /// The number at the cursor, which moves past it; nil when there is none.
    private static func number(_ c: inout JSONObjectParser.Cursor) -> Double? {
        let from = c.i
        guard c.i < c.b.count, c.b[c.i] == UInt8(ascii: "-") || (c.b[c.i] >= 0x30 && c.b[c.i] <= 0x39) else { return nil }
        do throws(JSONObjectParser.Failure) { try c.number() } catch { return nil }
        return Double(String(decoding: c.b[from..<c.i], as: UTF8.self))
    }
}
