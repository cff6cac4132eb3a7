// The segmenter's limit for `tousu batch`: bare ICU word breaking (through the same shim, the
// UTF-16 conversion included, as the tokenizer does it) over the texts of a JSONL backlog, timed
// alone. Benchmarks/batch.sh runs it on the backlog it gives `tousu batch`, in the same run, and
// divides: tousu's records/s over these records/s is the share of the limit reached (equal to the
// ratio of MB/s over the same input bytes).
//
// Usage: ICUBaseline BACKLOG.jsonl [--field text] [--repeat 1]
// Prints one JSON line: records, bytes (the whole input file), text_bytes, seconds (fastest pass),
// records_per_s, mb_per_s (input bytes / seconds, comparable with tousu's MB/s) and text_mb_per_s.
import BenchSupport
import Foundation
import TousuText

let args = CommandLine.arguments
guard args.count >= 2 else {
    FileHandle.standardError.write(Data("usage: ICUBaseline BACKLOG.jsonl [--field text] [--repeat 1]\n".utf8))
    exit(2)
}
let path = args[1]
let field = args.firstIndex(of: "--field").flatMap { $0 + 1 < args.count ? args[$0 + 1] : nil } ?? "text"
let repeats = args.firstIndex(of: "--repeat").flatMap { $0 + 1 < args.count ? Int(args[$0 + 1]) : nil } ?? 1

// Load the texts (not timed).
let data = try Data(contentsOf: URL(fileURLWithPath: path))
var texts: [String] = []
var textBytes = 0
for line in data.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
    guard let object = try? JSONSerialization.jsonObject(with: line) as? [String: Any] else { continue }
    let text = object[field] as? String ?? ""
    texts.append(text)
    textBytes += text.utf8.count
}
_ = try ICU.wordBreaks(Array("预热".utf16))  // opens the thread's break iterator

var sink = 0
let seconds = try Bench.best(of: max(1, repeats)) {
    for text in texts { sink &+= try ICU.wordBreaks(Array(text.utf16)).ends.count }
}
func r(_ x: Double, _ digits: Int) -> String { Bench.f(x, digits) }
print(
    "{\"tool\":\"bare ICU word breaks\",\"records\":\(texts.count),\"bytes\":\(data.count),\"text_bytes\":\(textBytes),"
        + "\"seconds\":\(r(seconds, 3)),\"records_per_s\":\(r(Double(texts.count) / seconds, 1)),"
        + "\"mb_per_s\":\(r(Double(data.count) / 1e6 / seconds, 3)),\"text_mb_per_s\":\(r(Double(textBytes) / 1e6 / seconds, 3)),"
        + "\"segments\":\(sink)}")
