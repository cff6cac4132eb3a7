import NIOCore

/// The commonest body, `{"text": "…"}` with a text that needs no unescaping, read by a scan of
/// its bytes instead of the JSON decoder (the decoder, with the unknown-field check, was the
/// largest item of a request after classification and the HTTP stack once the answer was
/// written directly). Anything else — other fields, escapes, control characters, invalid UTF-8,
/// other JSON — gives nil, and the decoder reads the body with its exact errors.
enum SingleTextBody {
    static let open = Array("{".utf8), key = Array(#""text""#.utf8), colon = Array(":".utf8)
    static let quote = Array(#"""#.utf8), close = Array("}".utf8)

    static func text(in body: ByteBuffer) -> String? {
        let bytes = body.readableBytesView
        var i = bytes.startIndex
        let end = bytes.endIndex
        func skipSpace() {
            while i < end, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
        }
        func take(_ literal: [UInt8]) -> Bool {
            for c in literal {
                guard i < end, bytes[i] == c else { return false }
                i += 1
            }
            return true
        }
        skipSpace()
        guard take(Self.open) else { return nil }
        skipSpace()
        guard take(Self.key) else { return nil }
        skipSpace()
        guard take(Self.colon) else { return nil }
        skipSpace()
        guard take(Self.quote) else { return nil }
        let start = i
        while i < end, bytes[i] != UInt8(ascii: "\"") {
            if bytes[i] == UInt8(ascii: "\\") || bytes[i] < 0x20 { return nil }
            i += 1
        }
        guard i < end else { return nil }
        let stop = i
        i += 1
        skipSpace()
        guard take(Self.close) else { return nil }
        skipSpace()
        guard i == end else { return nil }
        return String(validating: bytes[start..<stop], as: UTF8.self)
    }
}
