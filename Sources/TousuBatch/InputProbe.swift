import Foundation

/// What a run knows about its input before the first record: encoding, format, the CSV header
/// and output columns, records already read while finding them, and the framer positioned on
/// the next record.
struct ProbedInput {
    var encoding: InputEncoding
    var format: InputFormat
    var header: [String] = []
    var columns: [String] = []
    var pending: [RawRecord] = []
    var framer: RecordFramer
}

enum InputProbe {
    /// A sample for encoding detection holds this many bytes of lines with non-ASCII bytes…
    static let sampleBytes = 1 << 16
    /// …or all that this many bytes of input hold.
    static let sampleLimit = 1 << 24

    static func makeFramer(
        _ source: ByteSource, _ encoding: InputEncoding, _ format: InputFormat, options: BatchOptions, line: Int,
        ordinal: Int
    ) -> RecordFramer {
        RecordFramer(
            source: source, width: TextDecoding.unitWidth(encoding), bigEndian: encoding == .utf16be,
            delimiter: format == .csv ? 0x2C : format == .tsv ? 0x09 : nil,
            maxRecordBytes: options.maxRecordBytes, line: line, ordinal: ordinal)
    }

    /// Continues where a checkpoint left off (the source positioned at its offset).
    static func resume(_ source: ByteSource, from c: Checkpoint, options: BatchOptions) -> ProbedInput {
        ProbedInput(
            encoding: c.encoding, format: c.format, header: c.header, columns: c.columns,
            framer: makeFramer(source, c.encoding, c.format, options: options, line: c.nextLine, ordinal: c.read))
    }

    /// Finds the encoding (BOM, or the file-level guess over a sample that reaches past an
    /// ASCII-only start), the format and the header; reads ahead to the first valid JSONL record
    /// when CSV output needs its keys as columns.
    static func probe(_ source: ByteSource, input: BatchInput, options opts: BatchOptions) throws -> ProbedInput {
        try source.fill(sampleBytes)
        var want = sampleBytes
        while !source.atEnd, source.available < sampleLimit,
            !TextDecoding.nonASCIISampleReached(source.buffer[source.start...], bytes: sampleBytes)
        {
            want = min(sampleLimit, want * 2)
            try source.fill(want)
        }
        let sample = source.buffer[source.start...]
        let bom = TextDecoding.byteOrderMark(sample)
        var encoding = opts.encoding
        if encoding == .auto {
            encoding = TextDecoding.detect(sample, complete: source.atEnd)
        } else if encoding == .utf16le || encoding == .utf16be, let (b, _) = bom, b == .utf16le || b == .utf16be {
            encoding = b  // the BOM knows the byte order
        }
        if let (b, length) = bom, b == encoding { source.consume(length) }
        let format = try resolveFormat(
            opts.format, input: input, sample: source.buffer[source.start...].prefix(sampleBytes), encoding: encoding,
            csvHeader: opts.csvHeader)
        if opts.csvHeader != nil && format == .jsonl {
            throw BatchError.badOption("a CSV header is given but the input is JSONL")
        }
        var probed = ProbedInput(
            encoding: encoding, format: format, framer: makeFramer(source, encoding, format, options: opts, line: 1, ordinal: 0))
        if format == .csv || format == .tsv {
            if let given = opts.csvHeader {
                probed.header = given
            } else if let first = try probed.framer.next() {
                guard !first.unterminated else { throw BatchError.badHeader("unterminated quoted field") }
                guard let text = TextDecoding.decode(first.bytes[...], as: encoding) else {
                    throw BatchError.badHeader("undecodable bytes (not valid \(encoding.rawValue))")
                }
                switch DelimitedFields.parse(text, delimiter: format == .csv ? 0x2C : 0x09) {
                case .success(let names): probed.header = names
                case .failure(let reason): throw BatchError.badHeader(reason.description)
                }
            }
            var names = Set<String>()
            for name in probed.header where !names.insert(name).inserted {
                throw BatchError.badHeader("the column name \"\(name)\" appears twice")
            }
            probed.framer.ordinal = 0
            probed.columns = opts.outputColumns(probed.header)
        } else if opts.outputFormat == .csv {
            // CSV output from JSONL: the columns are the keys of the first valid record.
            while probed.pending.count < opts.chunkSize, let r = try probed.framer.next() {
                probed.pending.append(r)
                if !r.unterminated, let text = TextDecoding.decode(r.bytes[...], as: encoding),
                    case .success(let fields) = JSONObjectParser.parse(text)
                {
                    probed.columns = opts.outputColumns(fields.map(\.name))
                    break
                }
            }
        }
        return probed
    }

    /// The input format: as given; for stdin JSONL (never guessed from a chunk) and CSV/TSV only
    /// with the header given; for a file from its extension, else from its first line.
    static func resolveFormat(
        _ format: InputFormat, input: BatchInput, sample: ArraySlice<UInt8>, encoding: InputEncoding,
        csvHeader: [String]? = nil
    ) throws -> InputFormat {
        if input == .standardInput {
            if format == .csv || format == .tsv, csvHeader == nil {
                throw BatchError.badOption(
                    "\(format.rawValue.uppercased()) on stdin needs its column names (--csv-header): a split of a stream has no header row")
            }
            return format == .auto ? .jsonl : format
        }
        if format != .auto { return format }
        if case .file(let path) = input {
            switch URL(fileURLWithPath: path).pathExtension.lowercased() {
            case "jsonl", "ndjson", "json": return .jsonl
            case "csv": return .csv
            case "tsv", "tab": return .tsv
            default: break
            }
        }
        let even = sample.prefix(sample.count & ~1)
        let text = TextDecoding.decodeLossily(TextDecoding.unitWidth(encoding) == 2 ? even : sample, as: encoding)
        let first = text.split(maxSplits: 1, whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }).first ?? ""
        if first.drop(while: { $0 == " " || $0 == "\t" }).first == "{" { return .jsonl }
        if first.contains("\t") && !first.contains(",") { return .tsv }
        return .csv
    }
}
