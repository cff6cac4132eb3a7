import ArgumentParser
import TousuBatch

/// How a record file is read and classified: shared by batch and hotspots.
struct ReadingOptions: ParsableArguments {
    @Option(help: "Input format: auto (from the extension or the first line; stdin is JSONL), jsonl, csv or tsv.")
    var inputFormat: InputFormat = .auto

    @Option(help: "Input encoding: auto (BOM, else a vote of the lines with non-ASCII bytes: UTF-8 or GB18030), utf-8, gb18030, utf-16 (a BOM gives the byte order; default little-endian), utf-16le, utf-16be.")
    var encoding: InputEncoding = .auto

    @Option(parsing: .unconditional, help: "Classification threads, at least 1 (default: all cores).")
    var threads: Int?

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1, not \(threads)") }
    }

    /// Batch options with these settings and the field mapping.
    func options(fields: RecordFieldOptions) -> BatchOptions {
        var options = BatchOptions()
        options.format = inputFormat
        options.encoding = encoding
        options.mapping = fields.mapping
        if let threads { options.threads = threads }
        return options
    }
}
