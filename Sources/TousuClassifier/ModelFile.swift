import Foundation
import TousuText

/// The model file: self-contained, versioned and checksummed.
///
///     "TOUSUMDL"                      8 bytes, magic
///     version                         UInt32 little-endian (1)
///     header length, header           UInt32 + JSON: taxonomy, lexicon, tokenizer settings,
///                                     feature and NB settings, calibration, labels, documents, totals,
///                                     the tousu version that wrote it
///     rows                            UInt32, then per row: feature UInt64, counts Int32 × labels
///     names length, names             UInt32 + UTF-8 feature names separated by NUL, in row order
///     checksum                        UInt64, FNV-1a 64 of every byte before it
///
/// Rows are sorted by feature hash, so the same counts always give the same file.
public enum ModelFile {
    public static let magic = Array("TOUSUMDL".utf8)
    public static let version: UInt32 = 1

    struct Header: Codable {
        var taxonomy: Taxonomy
        var lexicon: Lexicon
        var tokenizer: TokenizerSettings
        var features: FeatureOptions
        var parameters: NaiveBayesParameters
        var calibration: Calibration
        var labels: [String]
        var documents: [Int]
        var totals: [Int]
        /// The tousu version that wrote the file (absent in files of earlier versions).
        var writtenBy: String?
    }

    /// The file's bytes for a model.
    public static func encode(_ model: Model) throws -> [UInt8] {
        let counts = model.counts.canonical()
        let header = Header(
            taxonomy: model.taxonomy, lexicon: model.lexicon, tokenizer: model.tokenizer,
            features: model.features, parameters: model.parameters, calibration: model.calibration,
            labels: counts.labels, documents: counts.documents, totals: counts.totals, writtenBy: TousuVersion.string)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = [UInt8](try encoder.encode(header))
        var out = magic
        out.reserveCapacity(json.count + counts.featureCount * (8 + 4 * counts.labels.count) + 64)
        append(&out, version)
        append(&out, UInt32(json.count))
        out += json
        append(&out, UInt32(counts.featureCount))
        let width = counts.labels.count
        for (row, feature) in counts.features.enumerated() {
            append(&out, feature)
            for l in 0..<width { append(&out, UInt32(bitPattern: counts.counts[row * width + l])) }
        }
        var names: [UInt8] = []
        for (i, name) in counts.names.enumerated() {
            if i > 0 { names.append(0) }
            names += name.utf8
        }
        append(&out, UInt32(names.count))
        out += names
        append(&out, checksum(out[...]))
        return out
    }

    /// Writes a model atomically.
    public static func write(_ model: Model, to url: URL) throws {
        let bytes = try encode(model)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url, options: .atomic)
        } catch {
            throw ClassifierError.modelFile(path: url.path, reason: "cannot write: \(error.localizedDescription)")
        }
    }

    /// Reads and checks a model file.
    public static func read(_ url: URL) throws -> Model {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw ClassifierError.modelFile(path: url.path, reason: "cannot read: \(error.localizedDescription)")
        }
        return try decode([UInt8](data), path: url.path)
    }

    /// Decodes a model from bytes; any damage is a `ClassifierError.modelFile`.
    public static func decode(_ bytes: [UInt8], path: String = "<bytes>") throws -> Model {
        func fail(_ reason: String) -> ClassifierError { .modelFile(path: path, reason: reason) }
        guard bytes.count >= magic.count + 4, Array(bytes[0..<magic.count]) == magic else {
            throw fail("not a tousu model (bad magic)")
        }
        var reader = ByteReader(bytes: bytes, position: magic.count)
        let fileVersion = try reader.uint32() ?? { throw fail("truncated") }()
        guard fileVersion == version else {
            throw fail("format version \(fileVersion); this tousu reads version \(version) — retrain the model")
        }
        guard bytes.count >= magic.count + 4 + 8 + 8 else { throw fail("truncated") }
        let stored = ByteReader(bytes: bytes, position: bytes.count - 8).uint64Unchecked()
        guard checksum(bytes[0..<(bytes.count - 8)]) == stored else {
            throw fail("checksum mismatch: the file is damaged or truncated")
        }
        guard let headerLength = reader.uint32(), let json = reader.take(Int(headerLength)) else { throw fail("truncated header") }
        let header: Header
        do { header = try JSONDecoder().decode(Header.self, from: Data(json)) } catch {
            throw fail("unreadable header: \(error)")
        }
        let width = header.labels.count
        guard let rowCount = reader.uint32() else { throw fail("truncated rows") }
        // Each row takes 8 + 4 × labels bytes: a count the file cannot hold is damage, found
        // before anything is reserved for it (a bad count once asked for 25 GB).
        guard Int(rowCount) <= (bytes.count - 8 - reader.position) / (8 + 4 * width) else { throw fail("truncated rows") }
        var features = [UInt64]()
        var counts = [Int32]()
        features.reserveCapacity(Int(rowCount))
        counts.reserveCapacity(Int(rowCount) * width)
        for _ in 0..<rowCount {
            guard let feature = reader.uint64() else { throw fail("truncated rows") }
            features.append(feature)
            for _ in 0..<width {
                guard let c = reader.uint32() else { throw fail("truncated rows") }
                counts.append(Int32(bitPattern: c))
            }
        }
        guard let namesLength = reader.uint32(), let nameBytes = reader.take(Int(namesLength)) else {
            throw fail("truncated names")
        }
        var names = nameBytes.split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        if rowCount == 0 { names = [] }
        guard names.count == Int(rowCount), reader.position == bytes.count - 8 else { throw fail("inconsistent sizes") }
        let nb = NaiveBayesCounts(
            labels: header.labels, documents: header.documents, totals: header.totals, features: features,
            names: names, counts: counts)
        return Model(
            taxonomy: header.taxonomy, lexicon: header.lexicon, tokenizer: header.tokenizer,
            features: header.features, parameters: header.parameters, calibration: header.calibration, counts: nb)
    }

    static func checksum(_ bytes: ArraySlice<UInt8>) -> UInt64 { FNV1a.hash(bytes) }

    private static func append(_ out: inout [UInt8], _ v: UInt32) {
        for i in 0..<4 { out.append(UInt8(truncatingIfNeeded: v >> (8 * UInt32(i)))) }
    }

    private static func append(_ out: inout [UInt8], _ v: UInt64) {
        for i in 0..<8 { out.append(UInt8(truncatingIfNeeded: v >> (8 * UInt64(i)))) }
    }
}

/// Little-endian reads from a byte array; nil past the end.
struct ByteReader {
    let bytes: [UInt8]
    var position: Int

    mutating func uint32() -> UInt32? {
        guard position + 4 <= bytes.count else { return nil }
        var v: UInt32 = 0
        for i in 0..<4 { v |= UInt32(bytes[position + i]) << (8 * UInt32(i)) }
        position += 4
        return v
    }

    mutating func uint64() -> UInt64? {
        guard position + 8 <= bytes.count else { return nil }
        let v = uint64Unchecked()
        position += 8
        return v
    }

    func uint64Unchecked() -> UInt64 {
        var v: UInt64 = 0
        for i in 0..<8 { v |= UInt64(bytes[position + i]) << (8 * UInt64(i)) }
        return v
    }

    mutating func take(_ n: Int) -> ArraySlice<UInt8>? {
        guard n >= 0, position + n <= bytes.count else { return nil }
        defer { position += n }
        return bytes[position..<(position + n)]
    }
}
