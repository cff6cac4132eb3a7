import TousuText

/// Finds an input's encoding and turns record bytes into text.
public enum TextDecoding {
    /// The byte-order mark at the start of `bytes`: its encoding and length.
    public static func byteOrderMark(_ bytes: ArraySlice<UInt8>) -> (InputEncoding, Int)? {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return (.utf8, 3) }
        if bytes.starts(with: [0xFF, 0xFE]) { return (.utf16le, 2) }
        if bytes.starts(with: [0xFE, 0xFF]) { return (.utf16be, 2) }
        if bytes.starts(with: [0x84, 0x31, 0x95, 0x33]) { return (.gb18030, 4) }
        return nil
    }

    /// The encoding of an input that starts with `sample` (its first 64 KB, or all of it when
    /// `complete`): a BOM, else valid UTF-8, else ICU's detector, else GB18030.
    public static func detect(_ sample: ArraySlice<UInt8>, complete: Bool) -> InputEncoding {
        if let (encoding, _) = byteOrderMark(sample) { return encoding }
        if isUTF8(sample, complete: complete) { return .utf8 }
        if let (name, confidence) = ICU.detectCharset(sample), confidence >= 10 {
            switch name.uppercased() {
            case "UTF-16LE": return .utf16le
            case "UTF-16BE": return .utf16be
            case "UTF-8": return .utf8
            default: break
            }
        }
        return .gb18030
    }

    /// Valid UTF-8, allowing a sequence cut off at the end of an incomplete sample.
    static func isUTF8(_ bytes: ArraySlice<UInt8>, complete: Bool) -> Bool {
        if String(validating: bytes, as: UTF8.self) != nil { return true }
        if complete { return false }
        // Drop a trailing incomplete sequence (at most 3 bytes) and try again.
        var end = bytes.endIndex
        var dropped = 0
        while end > bytes.startIndex, dropped < 3, bytes[end - 1] & 0xC0 == 0x80 {
            end -= 1
            dropped += 1
        }
        if end > bytes.startIndex, bytes[end - 1] >= 0xC0 { end -= 1 } else { return false }
        return String(validating: bytes[bytes.startIndex..<end], as: UTF8.self) != nil
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
