import CICUShim

/// An ICU call that failed, with ICU's own name for the status.
public struct ICUError: Error, CustomStringConvertible, Sendable {
    /// What tousu was doing.
    public let operation: String
    /// ICU's status code (> 0).
    public let status: Int32
    public var description: String {
        "ICU \(operation) failed: \(String(cString: tousu_status_name(status)))"
    }
}

/// Thin, safe wrappers over the C shim. This file is the only Swift code that handles the shim's
/// pointers; everything else in tousu sees arrays.
public enum ICU {
    /// The libicu version tousu runs against, e.g. "72.1".
    public static var version: String {
        var buffer = [CChar](repeating: 0, count: 32)
        tousu_icu_version(&buffer, Int32(buffer.count))
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Word segments of UTF-16 text: each segment's end offset and ICU rule status.
    @inline(never)  // a stage of Benchmarks/callgrind.sh
    public static func wordBreaks(_ units: [UInt16]) throws -> (ends: [Int32], statuses: [Int32]) {
        let n = units.count
        if n == 0 { return ([], []) }
        var count: Int32 = 0
        var status: Int32 = 0
        var statuses = [Int32](repeating: 0, count: n)
        let ends = [Int32](unsafeUninitializedCapacity: n) { endsBuffer, initialized in
            statuses.withUnsafeMutableBufferPointer { statusBuffer in
                units.withUnsafeBufferPointer { text in
                    status = tousu_word_breaks(
                        text.baseAddress, Int32(n), endsBuffer.baseAddress,
                        statusBuffer.baseAddress, Int32(n), &count)
                }
            }
            initialized = tousu_failed(status) != 0 ? 0 : Int(count)
        }
        if tousu_failed(status) != 0 { throw ICUError(operation: "word break", status: status) }
        statuses.removeLast(n - Int(count))
        return (ends, statuses)
    }

    /// NFKC_Casefold of UTF-16 text.
    public static func nfkcCasefold(_ units: [UInt16]) throws -> [UInt16] {
        if units.isEmpty { return [] }
        var capacity = units.count * 4 + 8
        while true {
            var needed: Int32 = 0
            var status: Int32 = 0
            let out = [UInt16](unsafeUninitializedCapacity: capacity) { buffer, initialized in
                units.withUnsafeBufferPointer { source in
                    status = tousu_nfkc_casefold(
                        source.baseAddress, Int32(units.count), buffer.baseAddress,
                        Int32(capacity), &needed)
                }
                initialized = tousu_failed(status) != 0 ? 0 : Int(needed)
            }
            if status == 15 /* U_BUFFER_OVERFLOW_ERROR */ { capacity = Int(needed) + 1; continue }
            if tousu_failed(status) != 0 { throw ICUError(operation: "NFKC_Casefold", status: status) }
            return out
        }
    }

    /// Whether NFKC_Casefold can split text before code point `c`.
    public static func hasNormalizationBoundaryBefore(_ c: UInt32) -> Bool {
        tousu_nfkc_casefold_boundary_before(c) != 0
    }

    /// ICU's general category number of `c` (15 = control, 16 = format, ...).
    public static func category(_ c: UInt32) -> Int32 { tousu_char_category(c) }

    /// Traditional → Simplified Chinese with ICU's "Traditional-Simplified" transliterator.
    public static func traditionalToSimplified(_ units: [UInt16]) throws -> [UInt16] {
        try transliterate(units, operation: "Traditional-Simplified", tousu_traditional_to_simplified)
    }

    /// The rules of ICU's "Traditional-Simplified" transliterator ("lhs > rhs;" lines).
    public static func traditionalToSimplifiedRules() throws -> String {
        var capacity = 1 << 16
        while true {
            var length: Int32 = 0
            var status: Int32 = 0
            let buffer = [UInt16](unsafeUninitializedCapacity: capacity) { buffer, initialized in
                status = tousu_traditional_to_simplified_rules(buffer.baseAddress, Int32(capacity), &length)
                initialized = tousu_failed(status) != 0 ? 0 : min(Int(length), capacity)
            }
            if status == 15 /* U_BUFFER_OVERFLOW_ERROR */ { capacity = Int(length) + 1; continue }
            if tousu_failed(status) != 0 { throw ICUError(operation: "Traditional-Simplified rules", status: status) }
            return String(decoding: buffer, as: UTF16.self)
        }
    }

    /// Simplified → Traditional Chinese with ICU's "Simplified-Traditional" transliterator.
    public static func simplifiedToTraditional(_ units: [UInt16]) throws -> [UInt16] {
        try transliterate(units, operation: "Simplified-Traditional", tousu_simplified_to_traditional)
    }

    private static func transliterate(
        _ units: [UInt16], operation: String,
        _ function: (UnsafeMutablePointer<UInt16>?, Int32, Int32, UnsafeMutablePointer<Int32>?) -> Int32
    ) throws -> [UInt16] {
        if units.isEmpty { return [] }
        var capacity = units.count * 2 + 16
        while true {
            var buffer = units
            buffer.append(contentsOf: repeatElement(0, count: capacity - units.count))
            var length: Int32 = 0
            let status = buffer.withUnsafeMutableBufferPointer {
                function($0.baseAddress, Int32(units.count), Int32(capacity), &length)
            }
            if status == 15 /* U_BUFFER_OVERFLOW_ERROR */ { capacity *= 2; continue }
            if tousu_failed(status) != 0 { throw ICUError(operation: operation, status: status) }
            buffer.removeLast(capacity - Int(length))
            return buffer
        }
    }
}

/// Character sets ICU converts between for tousu (batch input and test data).
public enum ICUCharset: Int32, Sendable, CaseIterable {
    case utf8 = 0, gb18030 = 1, utf16LE = 2, utf16BE = 3
}

extension ICU {
    /// Converts `bytes` from one charset to another with ICU (ucnv), the whole buffer at once.
    /// With `strict`, an illegal, truncated or unassigned sequence throws; otherwise it is
    /// substituted (U+FFFD or the target's substitution character).
    public static func convert(
        _ bytes: ArraySlice<UInt8>, from: ICUCharset, to: ICUCharset, strict: Bool = true
    ) throws -> [UInt8] {
        if bytes.isEmpty { return [] }
        var capacity = bytes.count * 2 + 16
        while true {
            var written: Int32 = 0
            var status: Int32 = 0
            let out = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, initialized in
                bytes.withUnsafeBufferPointer { source in
                    status = tousu_convert(
                        to.rawValue, from.rawValue, source.baseAddress, Int32(source.count),
                        buffer.baseAddress, Int32(capacity), &written, strict ? 1 : 0)
                }
                initialized = tousu_failed(status) != 0 ? 0 : Int(written)
            }
            if status == 15 /* U_BUFFER_OVERFLOW_ERROR */ { capacity *= 2; continue }
            if tousu_failed(status) != 0 { throw ICUError(operation: "conversion", status: status) }
            return out
        }
    }

    /// Converts `bytes` from one charset to another with ICU (see the slice version).
    public static func convert(
        _ bytes: [UInt8], from: ICUCharset, to: ICUCharset, strict: Bool = true
    ) throws -> [UInt8] {
        try convert(bytes[...], from: from, to: to, strict: strict)
    }

    /// ICU's charset detector (ucsdet) on a sample: the best match's name (e.g. "GB18030",
    /// "UTF-16LE", "ISO-8859-1") and confidence 0...100; nil when nothing matches.
    public static func detectCharset(_ sample: ArraySlice<UInt8>) -> (name: String, confidence: Int)? {
        if sample.isEmpty { return nil }
        var name = [CChar](repeating: 0, count: 64)
        var confidence: Int32 = 0
        let status = sample.withUnsafeBufferPointer { source in
            tousu_detect_charset(
                source.baseAddress, Int32(source.count), &name, Int32(name.count), &confidence)
        }
        if tousu_failed(status) != 0 { return nil }
        let found = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return found.isEmpty ? nil : (found, Int(confidence))
    }
}
