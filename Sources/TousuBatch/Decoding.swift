import TousuText

/// Finds an input's encoding and turns record bytes into text.
public enum TextDecoding {
    /// The UTF-8 byte-order mark (U+FEFF encoded).
    public static let utf8BOM: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// The byte-order mark at the start of `bytes`: its encoding and length.
    public static func byteOrderMark(_ bytes: ArraySlice<UInt8>) -> (InputEncoding, Int)? {
        if bytes.starts(with: utf8BOM) { return (.utf8, 3) }
        if bytes.starts(with: [0xFF, 0xFE]) { return (.utf16le, 2) }
        if bytes.starts(with: [0xFE, 0xFF]) { return (.utf16be, 2) }
        if bytes.starts(with: [0x84, 0x31, 0x95, 0x33]) { return (.gb18030, 4) }
        return nil
    }

    /// The encoding of an input that starts with `sample` (or all of it when `complete`): a BOM;
    /// else UTF-16 when ICU's detector says so for text full of NUL bytes; else a vote of the
    /// sample's lines that hold non-ASCII bytes: UTF-8 unless most of them are not valid UTF-8
    /// (then GB18030, the encoding of Chinese legacy exports). One bad line cannot overturn a
    /// UTF-8 file: it is rejected on its own. The sample should reach past any ASCII-only start
    /// (see `nonASCIISampleReached`).
    public static func detect(_ sample: ArraySlice<UInt8>, complete: Bool) -> InputEncoding {
        if let (encoding, _) = byteOrderMark(sample) { return encoding }
        let nuls = sample.reduce(0) { $0 + ($1 == 0 ? 1 : 0) }
        if nuls * 8 >= sample.count, nuls > 0, let (name, confidence) = ICU.detectCharset(sample), confidence >= 10 {
            switch name.uppercased() {
            case "UTF-16LE": return .utf16le
            case "UTF-16BE": return .utf16be
            default: break
            }
        }
        let votes = lineVotes(sample, complete: complete)
        return votes.invalid > votes.valid ? .gb18030 : .utf8
    }

    /// Lines of `sample` (split at CR and LF) with non-ASCII bytes: how many are valid UTF-8 and
    /// how many are not. A last line cut off by the end of an incomplete sample does not vote.
    static func lineVotes(_ sample: ArraySlice<UInt8>, complete: Bool) -> (valid: Int, invalid: Int) {
        var valid = 0, invalid = 0
        var start = sample.startIndex
        var nonASCII = false
        var i = sample.startIndex
        while i <= sample.endIndex {
            let atEnd = i == sample.endIndex
            if atEnd || sample[i] == 0x0A || sample[i] == 0x0D {
                if nonASCII && (!atEnd || complete) {
                    if String(validating: sample[start..<i], as: UTF8.self) != nil { valid += 1 } else { invalid += 1 }
                }
                start = i + 1
                nonASCII = false
            } else if sample[i] >= 0x80 {
                nonASCII = true
            }
            i += 1
        }
        return (valid, invalid)
    }

    /// Whether `sample` holds at least `bytes` bytes of lines with non-ASCII bytes (enough to
    /// detect an encoding; an ASCII-only start says nothing about the rest of the file).
    static func nonASCIISampleReached(_ sample: ArraySlice<UInt8>, bytes: Int) -> Bool {
        var total = 0
        var start = sample.startIndex
        var nonASCII = false
        for i in sample.indices {
            let b = sample[i]
            if b == 0x0A || b == 0x0D {
                if nonASCII { total += i - start }
                if total >= bytes { return true }
                start = i + 1
                nonASCII = false
            } else if b >= 0x80 || b == 0 {
                nonASCII = true
            }
        }
        return false
    }

    static func charset(_ encoding: InputEncoding) -> ICUCharset {
        switch encoding {
        case .auto, .utf8: .utf8
        case .gb18030: .gb18030
        case .utf16le: .utf16LE
        case .utf16be: .utf16BE
        }
    }

    /// Code unit width in bytes (the framer splits records on ASCII-valued code units).
    static func unitWidth(_ encoding: InputEncoding) -> Int {
        encoding == .utf16le || encoding == .utf16be ? 2 : 1
    }

    /// `bytes` as text; nil when they are not valid in `encoding`.
    public static func decode(_ bytes: ArraySlice<UInt8>, as encoding: InputEncoding) -> String? {
        switch encoding {
        case .auto, .utf8:
            return String(validating: bytes, as: UTF8.self)
        default:
            guard let utf8 = try? ICU.convert(bytes, from: charset(encoding), to: .utf8) else {
                return nil
            }
            return String(decoding: utf8, as: UTF8.self)
        }
    }

    /// Whether `bytes` are valid UTF-8 (what `decode` checks for UTF-8 input, without making the
    /// string).
    public static func isValidUTF8(_ bytes: [UInt8]) -> Bool {
        (try? UTF8Span(validating: bytes.span)) != nil
    }

    /// `bytes` as text with undecodable sequences replaced (for the rejects file).
    public static func decodeLossily(_ bytes: ArraySlice<UInt8>, as encoding: InputEncoding) -> String {
        switch encoding {
        case .auto, .utf8:
            return String(decoding: bytes, as: UTF8.self)
        default:
            let utf8 = (try? ICU.convert(bytes, from: charset(encoding), to: .utf8, strict: false)) ?? []
            return String(decoding: utf8, as: UTF8.self)
        }
    }
}
