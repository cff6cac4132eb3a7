import Foundation
import Testing

extension EndToEnd {
/// Bad options, missing inputs, directories given as files, unwritable outputs and bad data: each
/// is refused with "tousu: error: …" and its sysexits status, never a crash or a Foundation dump.
@Suite struct ExitStatusTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var arguments: [String]
        var status: Int32
        var message: String
        var testDescription: String { arguments.joined(separator: " ") }
    }

    static let cases: [Case] = [
        // 66: no input (a directory, a missing file or model).
        Case(arguments: ["tokenize", "--input", "corpora"], status: 66, message: "is a directory"),
        Case(arguments: ["classify", "--input", "corpora"], status: 66, message: "is a directory"),
        Case(arguments: ["train", "corpora", "-o", "x.tousu"], status: 66, message: "is a directory"),
        Case(arguments: ["eval", "--folds", "2", "corpora"], status: 66, message: "is a directory"),
        Case(arguments: ["batch", "--input", "corpora", "-o", "x.jsonl"], status: 66, message: "is a directory"),
        Case(arguments: ["hotspots", "--input", "corpora"], status: 66, message: "is a directory"),
        Case(arguments: ["merge", "corpora", "corpora", "-o", "x.tousu"], status: 66, message: "is a directory"),
        Case(arguments: ["classify", "--model", "missing.tousu", "x"], status: 66, message: "missing.tousu"),
        Case(arguments: ["batch", "--input", "missing.jsonl", "-o", "x.jsonl"], status: 66, message: "missing.jsonl"),
        // 64: usage (numbers out of range, unknown lexicon directory, options that do not fit).
        Case(arguments: ["train", "--alpha", "0", "corpora/sectors/dev.jsonl", "-o", "x"], status: 64, message: "--alpha"),
        Case(arguments: ["train", "--alpha", "nan", "corpora/sectors/dev.jsonl", "-o", "x"], status: 64, message: "--alpha"),
        Case(arguments: ["train", "--alpha", "1e308", "corpora/sectors/dev.jsonl", "-o", "x"], status: 64, message: "--alpha"),
        Case(arguments: ["train", "--lexicon-weight", "-1", "corpora/sectors/dev.jsonl", "-o", "x"], status: 64, message: "--lexicon-weight"),
        Case(arguments: ["eval", "--folds", "1", "corpora/sectors/dev.jsonl"], status: 64, message: "--folds must be at least 2"),
        Case(arguments: ["eval", "--folds", "100000", "corpora/sectors/dev.jsonl"], status: 64, message: "more than the 1224 records"),
        Case(arguments: ["batch", "--threads", "-1", "--input", "x", "-o", "y"], status: 64, message: "--threads must be at least 1, not -1"),
        Case(arguments: ["batch", "--threads", "0", "--input", "x", "-o", "y"], status: 64, message: "--threads must be at least 1"),
        Case(arguments: ["batch", "--max-rejects", "-5", "--input", "x", "-o", "y"], status: 64, message: "--max-rejects"),
        Case(arguments: ["hotspots", "--fdr", "2", "--input", "x"], status: 64, message: "--fdr must be between 0 and 1"),
        Case(arguments: ["hotspots", "--fdr", "0", "--input", "x"], status: 64, message: "--fdr"),
        Case(arguments: ["hotspots", "--top", "0", "--input", "x"], status: 64, message: "--top must be at least 1"),
        Case(arguments: ["hotspots", "--min-count", "0", "--input", "x"], status: 64, message: "--min-count"),
        Case(arguments: ["hotspots", "--as-of", "yesterday", "--input", "x"], status: 64, message: "not a date"),
        Case(arguments: ["tokenize", "--lexicons", "/nonexistent", "x"], status: 64, message: "--lexicons /nonexistent"),
        Case(arguments: ["batch", "--input", "x"], status: 64, message: "Missing expected argument"),
        Case(arguments: ["batch", "--text-field", ",", "--input", "x", "-o", "y"], status: 64, message: "--text-field"),
        // An empty text (an unset shell variable): refused as batch and the service refuse it.
        Case(arguments: ["classify", ""], status: 64, message: "the text is empty"),
        Case(arguments: ["classify", " \u{3000}\t"], status: 64, message: "the text is empty"),
        // 73: output that cannot be created.
        Case(arguments: ["tokenize", "-o", "corpora/README.md/out.txt", "x"], status: 73, message: "corpora/README.md/out.txt"),
        Case(arguments: ["train", "corpora/sectors/dev.jsonl", "-o", "corpora/README.md/x.tousu"], status: 73, message: "x.tousu"),
        Case(arguments: ["tokenize", "-o", "corpora", "x"], status: 73, message: "is a directory"),
        // 65: bad data.
        Case(arguments: ["train", "corpora/README.md", "-o", "x.tousu"], status: 65, message: "not a JSON object"),
        Case(arguments: ["classify", "--model", "corpora/README.md", "x"], status: 65, message: "corpora/README.md"),
        // An empty corpus: no sector to learn (it once wrote a model whose first classify crashed).
        Case(arguments: ["train", "/dev/null", "-o", "x.tousu"], status: 65, message: "no record with a sector label"),
        Case(arguments: ["eval", "/dev/null"], status: 65, message: "no labelled record to evaluate on"),
    ]

    @Test(arguments: cases)
    func refusedWithStatusAndMessage(_ c: Case) throws {
        let me = try Newcomer()
        defer { me.remove() }
        let result = try me.run(c.arguments)
        #expect(result.status == c.status, "\(result.err)")
        #expect(result.err.hasPrefix("tousu: error: "), "\(result.err)")
        #expect(result.err.contains(c.message), "\(result.err)")
        #expect(!result.err.contains("Domain=") && !result.err.contains("Fatal error"), "\(result.err)")
        #expect(!FileManager.default.fileExists(atPath: me.path("x.tousu")))
    }

    @Test func outputIsNeverTheInput() throws {
        let me = try Newcomer()
        defer { me.remove() }
        let input = me.path("texts.txt")
        try "预付卡\n".write(toFile: input, atomically: true, encoding: .utf8)
        let result = try me.run(["tokenize", "--input", "texts.txt", "-o", "./texts.txt"])
        #expect(result.status == 64 && result.err.contains("is the input texts.txt"), "\(result.err)")
        #expect(try String(contentsOfFile: input, encoding: .utf8) == "预付卡\n")
    }
}
}
