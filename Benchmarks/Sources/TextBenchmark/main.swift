// Tokenizer throughput and segmentation quality, against bare ICU and jieba, in one run.
//
//   (a) bare ICU word breaking through the shim (UTF-16 conversion included)
//   (b) the whole tousu tokenizer (normalize + ICU + numerals + dictionary) on Simplified text
//   (c) the same on Traditional text (the reviews converted by ICU's Simplified-Traditional)
//   (d) jieba (Python, default mode) on the Simplified text, through Benchmarks/peers
//
// Usage: TextBenchmark [MEGABYTES=20] [--python Benchmarks/.venv/bin/python]
import BenchSupport
import Foundation
import TousuText

let args = CommandLine.arguments
let megabytes = Int(args.dropFirst().first { Int($0) != nil } ?? "20") ?? 20
let python = args.firstIndex(of: "--python").map { args[$0 + 1] }

let reviews = try Bench.reviewTexts()
var simplified: [String] = []
var bytes = 0
while bytes < megabytes * 1_000_000 {
    for r in reviews where bytes < megabytes * 1_000_000 {
        simplified.append(r)
        bytes += r.utf8.count
    }
}
let traditional = try simplified.map { String(decoding: try ICU.simplifiedToTraditional(Array($0.utf16)), as: UTF16.self) }
let traditionalBytes = traditional.reduce(0) { $0 + $1.utf8.count }
print("text: \(simplified.count) reviews, \(Bench.f(Double(bytes) / 1e6, 1)) MB Simplified, \(Bench.f(Double(traditionalBytes) / 1e6, 1)) MB Traditional (ICU \(ICU.version))")

let tokenizer = try Tokenizer.load(lexicons: Bench.root.appendingPathComponent("lexicons"))
_ = try tokenizer.tokenize("預熱 warm-up")  // builds the character table and opens the transliterator

// Interleaved rounds, best of each: a load on the machine hits all three alike.
var sink = 0
var a = Double.infinity, b = Double.infinity, c = Double.infinity
for _ in 0..<3 {
    a = min(a, try Bench.time { for line in simplified { sink &+= try ICU.wordBreaks(Array(line.utf16)).ends.count } })
    b = min(b, try Bench.time { for line in simplified { sink &+= try tokenizer.tokenize(line).tokens.count } })
    c = min(c, try Bench.time { for line in traditional { sink &+= try tokenizer.tokenize(line).tokens.count } })
}
let mbA = Double(bytes) / 1e6 / a, mbB = Double(bytes) / 1e6 / b, mbC = Double(traditionalBytes) / 1e6 / c
print("(a) bare ICU word breaks      \(Bench.f(mbA, 2)) MB/s")
print("(b) tousu tokenizer, Simpl.   \(Bench.f(mbB, 2)) MB/s   b/a = \(Bench.f(mbB / mbA, 2))  (target ≥ 0.8)")
print("(c) tousu tokenizer, Trad.    \(Bench.f(mbC, 2)) MB/s   c/a = \(Bench.f(mbC / mbA, 2))  (target ≥ 0.5)")

if let python {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("tousu-bench-simplified.txt")
    try simplified.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
    let peer = Bench.root.appendingPathComponent("Benchmarks/peers/jieba_throughput.py").path
    if let json = Bench.lastJSON(try Bench.run([python, peer, file.path])), let mbD = json["mb_per_s"] as? Double {
        print("(d) jieba (Python, default)   \(Bench.f(mbD, 2)) MB/s   b/d = \(Bench.f(mbB / mbD, 1))  (target ≥ 10)")
    } else {
        print("(d) jieba: peer did not run")
    }
    try? FileManager.default.removeItem(at: file)
}

// Segmentation quality on the SIGHAN 2005 PKU test set: word F1 over spans of the original text.
let sighan = Bench.sharedData.appendingPathComponent("sighan2005")
let raw = try PhraseFile.lines(sighan.appendingPathComponent("pku_test.utf8"))
let gold = try PhraseFile.lines(sighan.appendingPathComponent("pku_test_gold.utf8"))

/// Spans (in scalars of the unspaced line) of space-separated words.
func spans(_ words: [Substring]) -> Set<Range<Int>> {
    var out = Set<Range<Int>>(), at = 0
    for w in words {
        let n = w.unicodeScalars.count
        out.insert(at..<(at + n))
        at += n
    }
    return out
}

func f1(_ options: Tokenizer.Options, dictionary: Bool) throws -> (Double, Double, Double) {
    let t = dictionary
        ? try Tokenizer.load(lexicons: Bench.root.appendingPathComponent("lexicons"), options: options)
        : try Tokenizer(options: options)
    var correct = 0, predicted = 0, expected = 0
    for (line, goldLine) in zip(raw, gold) {
        let result = try t.tokenize(line)
        // Each original scalar goes to the first token that covers it (℃ → °c is two units).
        var words: [Range<Int>] = [], done = 0
        for token in result.tokens {
            let r = result.originalRange(token)
            let from = max(r.lowerBound, done)
            if from < r.upperBound { words.append(from..<r.upperBound); done = r.upperBound }
        }
        // Gold words are over the line without spaces; map original offsets the same way.
        let scalars = Array(line.unicodeScalars)
        var compact = [Int](repeating: 0, count: scalars.count + 1), k = 0
        for (i, s) in scalars.enumerated() { compact[i] = k; if !s.properties.isWhitespace { k += 1 } }
        compact[scalars.count] = k
        let mine = Set(words.map { compact[$0.lowerBound]..<compact[$0.upperBound] }.filter { !$0.isEmpty })
        let theirs = spans(goldLine.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\u{3000}" }))
        correct += mine.intersection(theirs).count
        predicted += mine.count
        expected += theirs.count
    }
    let p = Double(correct) / Double(predicted), r = Double(correct) / Double(expected)
    return (p, r, 2 * p * r / (p + r))
}

print("\nSIGHAN 2005 PKU test (\(raw.count) lines), word precision / recall / F1:")
let rows: [(String, Tokenizer.Options, Bool)] = [
    ("bare ICU", .init(mergeNumerals: false, mergePhrases: false, keepPunctuation: true), false),
    ("ICU + numerals", .init(mergeNumerals: true, mergePhrases: false, keepPunctuation: true), false),
    ("tousu (numerals + dictionary)", .init(mergeNumerals: true, mergePhrases: true, keepPunctuation: true), true),
]
for (name, options, dictionary) in rows {
    let (p, r, f) = try f1(options, dictionary: dictionary)
    print("  \(name.padding(toLength: 32, withPad: " ", startingAt: 0)) \(Bench.f(p))  \(Bench.f(r))  \(Bench.f(f))")
}
if let python {
    let peer = Bench.root.appendingPathComponent("Benchmarks/peers/sighan_jieba.py").path
    let out = try Bench.run([python, peer, sighan.appendingPathComponent("pku_test.utf8").path, sighan.appendingPathComponent("pku_test_gold.utf8").path])
    for line in out.split(separator: "\n") { print("  jieba: \(line)") }
}
if sink == 42 { print("") }
