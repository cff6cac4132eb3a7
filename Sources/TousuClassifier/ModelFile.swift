import Foundation
import TousuText

/// The model file: self-contained, versioned and checksummed.
///
///     "TOUSUMDL"                      8 bytes, magic
///     version                         UInt32 little-endian (3; versions 1 and 2 are read too)
///     header length, header           UInt32 + JSON: taxonomy, lexicon, tokenizer settings,
///                                     feature and NB settings, calibration, labels, documents,
///                                     totals; the nature model's columns, documents, totals and
///                                     calibration (natures, coefficients, thresholds, and from
///                                     version 3 the primacy and decision rule, and when fitted the
///                                     primary-nature regression (`primaryCoefficients`; a file
///                                     without it decodes with none and its rule does not use it);
///                                     a version-2 file decides as version 2 did); the tousu
///                                     version that wrote it
///     rows, names                     the sector counts (see below)
///     samples                         (version ≥ 2) UInt32 count, then per sample: key UInt64,
///                                     label index UInt32, feature count UInt32, row index UInt32 × n
///     nature rows, names, samples     (version ≥ 2, when the header has a nature model) the nature
///                                     counts; per sample: key UInt64, nature count UInt8, nature
///                                     indices UInt8 × k, evidence Float32 × natures, feature count
///                                     UInt32, row index UInt32 × n
///     checksum                        UInt64, FNV-1a 64 of every byte before it
///
/// Counts: UInt32 rows, then per row feature UInt64 and counts Int32 × columns; then UInt32
/// length + UTF-8 feature names separated by NUL, in row order. Rows are sorted by feature hash
/// and samples by their canonical order, so the same counts always give the same file.
public enum ModelFile {
    public static let magic = Array("TOUSUMDL".utf8)
    public static let version: UInt32 = 3

    struct NatureHeader: Codable {
        var natures: [String]
        var columns: [String]
        var documents: [Int]
        var totals: [Int]
        var calibration: NatureCalibration
    }

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
        var natures: NatureHeader?
    }

    /// The file's bytes for a model.
    public static func encode(_ model: Model) throws -> [UInt8] {
        guard let samples = model.calibrationSamples else {
            throw ClassifierError.modelFile(path: "<model>", reason: "a model read from a format 1 file cannot be written as format \(version); retrain it")
        }
        if model.natures?.calibration.rule.isFormatTwo == true {
            throw ClassifierError.modelFile(
                path: "<model>", reason: "a nature model read from a format 2 file cannot be written as format \(version) unchanged; train on top of it (train --from refits its natures) or retrain it")
        }
        let counts = model.counts.canonical()
        let natureCounts = model.natures?.counts.canonical()
        let header = Header(
            taxonomy: model.taxonomy, lexicon: model.lexicon, tokenizer: model.tokenizer,
            features: model.features, parameters: model.parameters, calibration: model.calibration,
            labels: counts.labels, documents: counts.documents, totals: counts.totals, writtenBy: TousuVersion.string,
            natures: model.natures.map {
                NatureHeader(
                    natures: $0.natures, columns: natureCounts!.labels, documents: natureCounts!.documents,
                    totals: natureCounts!.totals, calibration: $0.calibration)
            })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = [UInt8](try encoder.encode(header))
        var out = magic
        out.reserveCapacity(json.count + counts.featureCount * (8 + 4 * counts.labels.count) + 64)
        append(&out, version)
        append(&out, UInt32(json.count))
        out += json
        let rowOf = appendCounts(&out, counts)
        append(&out, UInt32(samples.count))
        for sample in samples.sorted(by: CalibrationSample.precedes) {
            append(&out, sample.key)
            append(&out, UInt32(counts.labels.firstIndex(of: sample.label) ?? 0))
            try appendRows(&out, sample.features, rowOf)
        }
        if let natures = model.natures, let natureCounts {
            let natureRowOf = appendCounts(&out, natureCounts)
            append(&out, UInt32(natures.samples.count))
            for sample in natures.samples.sorted(by: NatureSample.precedes) {
                append(&out, sample.key)
                out.append(UInt8(sample.natures.count))
                for nature in sample.natures { out.append(UInt8(natures.natures.firstIndex(of: nature) ?? 0)) }
                for e in sample.evidence { append(&out, e.bitPattern) }
                try appendRows(&out, sample.features, natureRowOf)
            }
        }
        append(&out, checksum(out[...]))
        return out
    }

    /// Appends canonical counts; returns each feature's row.
    private static func appendCounts(_ out: inout [UInt8], _ counts: NaiveBayesCounts) -> [UInt64: UInt32] {
        append(&out, UInt32(counts.featureCount))
        let width = counts.labels.count
        var rowOf: [UInt64: UInt32] = [:]
        rowOf.reserveCapacity(counts.featureCount)
        for (row, feature) in counts.features.enumerated() {
            rowOf[feature] = UInt32(row)
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
        return rowOf
    }

    private static func appendRows(_ out: inout [UInt8], _ features: [UInt64], _ rowOf: [UInt64: UInt32]) throws {
        append(&out, UInt32(features.count))
        for feature in features {
            guard let row = rowOf[feature] else {
                throw ClassifierError.modelFile(path: "<model>", reason: "a calibration sample has a feature the counts lack")
            }
            append(&out, row)
        }
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
        guard (1...version).contains(fileVersion) else {
            throw fail("format version \(fileVersion); this tousu reads versions 1 to \(version) — retrain the model")
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
        guard header.documents.count == header.labels.count, header.totals.count == header.labels.count else {
            throw fail("inconsistent sizes")
        }
        guard !header.labels.isEmpty else { throw fail("the model has no sector labels; retrain it on labelled records") }
        let nb = try readCounts(&reader, labels: header.labels, documents: header.documents, totals: header.totals, fail: fail)
        var samples: [CalibrationSample]? = nil
        var natures: NatureModel? = nil
        if fileVersion >= 2 {
            guard let count = reader.uint32() else { throw fail("truncated samples") }
            var list: [CalibrationSample] = []
            for _ in 0..<count {
                guard let key = reader.uint64(), let label = reader.uint32(), Int(label) < header.labels.count else {
                    throw fail("truncated samples")
                }
                list.append(CalibrationSample(key: key, label: header.labels[Int(label)], features: try readRows(&reader, nb, fail: fail)))
            }
            samples = list
            if let n = header.natures {
                guard n.columns == NatureModel.columns(n.natures), n.documents.count == n.columns.count,
                      n.totals.count == n.columns.count, n.calibration.natures == n.natures,
                      n.calibration.rule.isFormatTwo == (fileVersion == 2) else { throw fail("inconsistent nature model") }
                let counts = try readCounts(&reader, labels: n.columns, documents: n.documents, totals: n.totals, fail: fail)
                guard let count = reader.uint32() else { throw fail("truncated nature samples") }
                var natureSamples: [NatureSample] = []
                for _ in 0..<count {
                    guard let key = reader.uint64(), let k = reader.take(1)?.first else { throw fail("truncated nature samples") }
                    guard let indices = reader.take(Int(k)), indices.allSatisfy({ Int($0) < n.natures.count }) else {
                        throw fail("truncated nature samples")
                    }
                    var evidence: [Float] = []
                    for _ in n.natures {
                        guard let bits = reader.uint32() else { throw fail("truncated nature samples") }
                        evidence.append(Float(bitPattern: bits))
                    }
                    natureSamples.append(NatureSample(
                        key: key, natures: indices.map { n.natures[Int($0)] }, evidence: evidence,
                        features: try readRows(&reader, counts, fail: fail)))
                }
                natures = NatureModel(natures: n.natures, counts: counts, calibration: n.calibration, samples: natureSamples)
            }
        }
        guard reader.position == bytes.count - 8 else { throw fail("inconsistent sizes") }
        return Model(
            taxonomy: header.taxonomy, lexicon: header.lexicon, tokenizer: header.tokenizer,
            features: header.features, parameters: header.parameters, calibration: header.calibration, counts: nb,
            calibrationSamples: samples, natures: natures)
    }

    private static func readCounts(
        _ reader: inout ByteReader, labels: [String], documents: [Int], totals: [Int], fail: (String) -> ClassifierError
    ) throws -> NaiveBayesCounts {
        let width = labels.count
        guard let rowCount = reader.uint32() else { throw fail("truncated rows") }
        // Each row takes 8 + 4 × labels bytes: a count the file cannot hold is damage, found
        // before anything is reserved for it (a bad count once asked for 25 GB).
        guard Int(rowCount) <= (reader.bytes.count - 8 - reader.position) / (8 + 4 * width) else { throw fail("truncated rows") }
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
        guard names.count == Int(rowCount) else { throw fail("inconsistent sizes") }
        return NaiveBayesCounts(labels: labels, documents: documents, totals: totals, features: features, names: names, counts: counts)
    }

    private static func readRows(_ reader: inout ByteReader, _ counts: NaiveBayesCounts, fail: (String) -> ClassifierError) throws -> [UInt64] {
        guard let n = reader.uint32(), Int(n) <= (reader.bytes.count - reader.position) / 4 else { throw fail("truncated samples") }
        var out: [UInt64] = []
        out.reserveCapacity(Int(n))
        for _ in 0..<n {
            guard let row = reader.uint32(), Int(row) < counts.featureCount else { throw fail("a calibration sample names a row the counts lack") }
            out.append(counts.features[Int(row)])
        }
        return out
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
