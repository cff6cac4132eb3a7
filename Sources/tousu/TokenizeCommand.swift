import ArgumentParser
import Foundation
import TousuText

struct TokenizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokenize",
        abstract: "Print the tokens of TEXT, or of each line of the input.",
        discussion: """
            Text is normalized first (full width → half width, Traditional → Simplified, Latin
            lowercased); offsets in JSON count Unicode scalars of the original line.

            Examples:
              tousu tokenize "我在健身房办的预付卡，老板跑路了"
              tousu tokenize --format json "二○○一年 4S店 拒绝三包"
              echo "老人花八千元买保健品" | tousu tokenize --stopwords
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Argument(help: "Text to tokenize; without it, each line of --input (or stdin) is one text.")
    var text: String?

    @Option(help: "Read texts from this file, one per line, instead of stdin.")
    var input: String?

    @Option(help: "Output format: text (tokens separated by spaces) or json (one object per line).")
    var format: Format = .text

    @Option(name: .shortAndLong, help: "Write the tokens to this file instead of stdout.")
    var output: String?

    @Flag(help: "Drop stopwords (lexicons/stopwords).")
    var stopwords = false

    @Flag(help: "Keep ICU's segmentation: do not merge dictionary phrases.")
    var noDictionary = false

    @Flag(help: "Do not merge runs of numerals.")
    var noNumerals = false

    @Flag(help: "Keep punctuation and symbols as tokens (to score segmentation).")
    var keepPunctuation = false

    @Flag(help: "In text output, print each token as it stands in the original text.")
    var original = false

    @OptionGroup var lexicon: LexiconOptions

    func validate() throws {
        if text != nil && input != nil { throw ValidationError("give a TEXT or --input, not both") }
    }

    func run() throws {
        let options = Tokenizer.Options(
            mergeNumerals: !noNumerals, mergePhrases: !noDictionary, removeStopwords: stopwords,
            keepPunctuation: keepPunctuation)
        let tokenizer = try Tokenizer.load(lexicons: lexicon.directory(), options: options)
        let out = try OutputBuffer(path: output, inputs: input.map { [$0] } ?? [])
        if let text {
            try out.write(try render(tokenizer.tokenize(text), line: nil))
            try out.commit()
            return
        }
        let bad = try TextLines.forEach(input: input, output: out) { line, number in
            try out.write(try render(tokenizer.tokenize(line), line: number))
        }
        try out.commit()
        if bad > 0 { throw CommandError.badData("\(bad) line(s) of \(input ?? "stdin") are not valid UTF-8 and were skipped") }
    }

    private func render(_ result: TokenizedText, line: Int?) throws -> String {
        switch format {
        case .text:
            return (original ? originalWords(result) : result.strings).joined(separator: " ") + "\n"
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            let data = try encoder.encode(JSONLine(line: line, tokens: result.spans))
            return String(decoding: data, as: UTF8.self) + "\n"
        }
    }

    /// Tokens as they stand in the original; an original character that normalization expanded
    /// (℃ → °c) goes to the first token only, so the words concatenate back to the original.
    private func originalWords(_ result: TokenizedText) -> [String] {
        let scalars = Array(result.normalized.original.unicodeScalars)
        var done = 0
        var words: [String] = []
        for token in result.tokens {
            let range = result.originalRange(token)
            let from = max(range.lowerBound, done)
            guard from < range.upperBound else { continue }
            done = range.upperBound
            var word = String.UnicodeScalarView()
            word.append(contentsOf: scalars[from..<range.upperBound])
            words.append(String(word))
        }
        return words
    }

    struct JSONLine: Encodable {
        let line: Int?
        let tokens: [TokenSpan]
    }
}
