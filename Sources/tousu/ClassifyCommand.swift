import ArgumentParser
import Foundation
import TousuClassifier
import TousuText

struct ClassifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "classify",
        abstract: "Tag complaints by sector and nature; one JSON object per text.",
        discussion: """
            Output fields: sector, sector_name, sector_scores (probabilities), confidence, natures,
            needs_review, keywords (with offsets in the original text, in Unicode scalars) and
            top_features (the naive-Bayes evidence).

            Examples:
              tousu classify "健身房老板跑路了，我的年卡还剩八个月"
              tousu classify --model models/sectors.tousu < complaints.txt
            """
    )

    @Argument(help: "Text to classify; without it, each line of stdin is one text.")
    var text: String?

    @Flag(help: "Pretty-print the JSON.")
    var pretty = false

    @OptionGroup var modelOptions: ModelOptions
    @OptionGroup var lexicon: LexiconOptions

    func run() throws {
        let classifier = try modelOptions.load(lexicons: lexicon.url)
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        let out = OutputBuffer()
        defer { out.flush() }
        if let text {
            out.write(String(decoding: try encoder.encode(classifier.classify(text)), as: UTF8.self) + "\n")
            return
        }
        var reader = LineReader(handle: FileHandle.standardInput)
        var bad = 0
        while let bytes = reader.next() {
            guard let line = String(validating: bytes, as: UTF8.self) else {
                out.flush()
                Console.note("tousu: stdin: line \(reader.lineNumber) is not valid UTF-8; skipped")
                bad += 1
                continue
            }
            out.write(String(decoding: try encoder.encode(classifier.classify(line)), as: UTF8.self) + "\n")
        }
        if bad > 0 { out.flush(); throw ExitCode(1) }
    }
}

struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Precision, recall, F1, macro-F1, confusion matrix and calibration on labelled data.",
        discussion: """
            Examples:
              tousu eval --model models/sectors.tousu corpora/sectors/dev.jsonl
              tousu eval --folds 5 corpora/sectors/train.jsonl
            """
    )

    @Argument(help: "Labelled JSONL files.")
    var data: [String]

    @Option(help: "Cross-validate with K folds, training on the data itself (no --model needed).")
    var folds: Int?

    @Flag(help: "Print the report as JSON.")
    var json = false

    @OptionGroup var modelOptions: ModelOptions
    @OptionGroup var fields: CorpusFields
    @OptionGroup var settings: TrainerSettings
    @OptionGroup var lexicon: LexiconOptions

    func run() throws {
        let records = try fields.read(data)
        let report: EvaluationReport
        if let folds {
            guard folds >= 2 else { throw ValidationError("--folds must be at least 2") }
            report = try Evaluation.crossValidate(settings.trainer(lexicons: lexicon.url), records: records, folds: folds)
        } else {
            report = try Evaluation.evaluate(modelOptions.load(lexicons: lexicon.url), on: records)
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print(report.table, terminator: "")
        }
    }
}
