import FuzzSupport
import Foundation
import TousuBatch
import TousuClassifier

/// A fixed prediction: the fuzzer exercises reading, not classifying.
let prediction = Prediction(
    sector: "s", sectorName: "S", scores: ["s": 1], confidence: 1, natures: [], needsReview: false,
    keywords: [], topFeatures: [])

/// On tmpfs when there is one: a run per input writes three files.
let scratch = URL(fileURLWithPath: FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory())
    .appendingPathComponent("tousu-fuzz-\(getpid())")
let made: Void = { try? FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true) }()

/// libFuzzer's entry point: the first byte picks format and encoding, the rest is the input file.
/// Batch must finish without crashing and account for every record: read = written + rejected,
/// as many output lines as written records, as many reject lines as rejected records.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRecords(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let all = Array(UnsafeBufferPointer(start: data, count: size))  // libFuzzer's C ABI
    guard let selector = all.first else { return 0 }
    _ = made
    let formats: [InputFormat] = [.jsonl, .csv, .tsv, .auto]
    let encodings: [InputEncoding] = [.auto, .utf8, .gb18030, .utf16le]
    var options = BatchOptions()
    options.format = formats[Int(selector & 3)]
    options.encoding = encodings[Int(selector >> 2 & 3)]
    options.threads = 1
    options.chunkSize = Int(selector >> 4) + 1
    options.maxRecordBytes = 256
    options.maxTextLength = 64
    options.checkpoints = selector & 0x80 != 0  // a checkpoint per chunk costs a JSON file each
    let input = scratch.appendingPathComponent("in.dat").path
    let output = scratch.appendingPathComponent("out.jsonl").path
    let rejects = scratch.appendingPathComponent("rejects.jsonl").path
    _ = FileManager.default.createFile(atPath: input, contents: Data(all.dropFirst()))
    let pipeline = BatchPipeline(options: options) { _ in prediction }
    do {
        let summary = try pipeline.run(input: .file(input), output: .file(output), rejects: .file(rejects))
        precondition(summary.read == summary.written + summary.rejected, "read != written + rejected")
        let outLines = readAll(output)?.filter { $0 == 0x0A }.count ?? 0
        let rejectLines = readAll(rejects)?.filter { $0 == 0x0A }.count ?? 0
        precondition(outLines == summary.written, "output lines \(outLines) != written \(summary.written)")
        precondition(rejectLines == summary.rejected, "reject lines \(rejectLines) != rejected \(summary.rejected)")
        checkRejects(rejects, input: Array(all.dropFirst()))
    } catch is BatchError {
        // A bad header or option is a clean refusal of the whole run.
    } catch {
        preconditionFailure("unexpected error \(error)")
    }
    return 0
}

@_cdecl("FuzzRecords_main")
public func fuzzRecordsMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzRecords)
}

/// Every reject names its bytes exactly: `raw_base64` (or `raw` for UTF-8) equals the input's
/// `length` bytes at `offset`, and rejects come in input order without overlapping.
func checkRejects(_ path: String, input: [UInt8]) {
    guard let data = readAll(path) else { return }
    var end = 0
    for line in data.split(separator: 0x0A) {
        guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
            let offset = object["offset"] as? Int, let length = object["length"] as? Int
        else { preconditionFailure("unreadable reject line") }
        let raw: [UInt8]
        if let base64 = object["raw_base64"] as? String {
            raw = [UInt8](Data(base64Encoded: base64) ?? Data())
        } else {
            raw = Array(((object["raw"] as? String) ?? "").utf8)
        }
        precondition(offset >= end && offset + length <= input.count, "reject outside the input or out of order")
        precondition(Array(input[offset..<offset + length]) == raw, "reject raw bytes differ from the input")
        end = offset + length
    }
}

/// A file's bytes, read through FileHandle: `Data(contentsOf:)` of this Foundation leaks 4 KB a
/// call (LeakSanitizer: malloc in FoundationEssentials.readBytesFromFile), which over hundreds of
/// thousands of runs took the fuzzer past its 2 GB RSS limit.
func readAll(_ path: String) -> Data? {
    guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
    defer { try? handle.close() }
    return try? handle.readToEnd() ?? Data()
}
