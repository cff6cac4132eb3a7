import ArgumentParser
import Foundation
import TousuClassifier
import TousuText

struct ClassifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "classify",
        abstract: "Tag complaints by sector and nature; one JSON object per text.",
        discussion: """
            Output fields: sector, sector_name, sector_scores (probabilities), confidence, natures, needs_review, keywords (with offsets in the original text, in Unicode scalars) and top_features (the naive-Bayes evidence). Without --model the default model is used (built from the bundled corpus on first use).

            Examples:
              tousu classify "健身房老板跑路了，我的年卡还剩八个月"
              echo "4S店拒绝三包，车门异响" | tousu classify --pretty
            """
    )

    @Argument(help: "Text to classify; without it, each line of --input (or stdin) is one text (blank lines are skipped).")
    var text: String?

    @Option(help: "Read texts from this file, one per line, instead of stdin.")
    var input: String?

    @Option(name: .shortAndLong, help: "Write the JSON lines to this file instead of stdout.")
    var output: String?

    @Flag(help: "Pretty-print the JSON.")
    var pretty = false

    @Flag(help: "No note on stderr when the default model is built.")
    var quiet = false

    @OptionGroup var modelOptions: ModelOptions
    @OptionGroup var lexicon: LexiconOptions

    func validate() throws {
        if text != nil && input != nil { throw ValidationError("give a TEXT or --input, not both") }
        // As batch and the service refuse it; a blank line of --input or stdin is no text either.
        if let text, text.isBlank {
            throw ValidationError("the text is empty: give a complaint text, or --input (or stdin) with one text a line")
        }
    }

    func run() throws {
        if let input { try InputCheck.requireFile(input) }
        let classifier = try modelOptions.load(lexicons: lexicon.directory(), quiet: quiet)
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        let out = try OutputBuffer(path: output, inputs: input.map { [$0] } ?? [])
        if let text {
            try out.write(String(decoding: try encoder.encode(classifier.classify(text)), as: UTF8.self) + "\n")
            try out.commit()
            return
        }
        let bad = try TextLines.forEach(input: input, output: out) { line, _ in
            guard !line.isBlank else { return }
            try out.write(String(decoding: try encoder.encode(classifier.classify(line)), as: UTF8.self) + "\n")
        }
        try out.commit()
        if bad > 0 { throw CommandError.badData("\(bad) line(s) of \(input ?? "stdin") are not valid UTF-8 and were skipped") }
    }
}
