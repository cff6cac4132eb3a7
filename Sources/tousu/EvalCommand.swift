import ArgumentParser
import Foundation
import TousuClassifier

struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Precision, recall, F1, macro-F1, confusion matrix and calibration on labelled data.",
        discussion: """
            Examples:
              tousu eval corpora/sectors/dev.jsonl
              tousu eval --folds 5 corpora/sectors/train.jsonl
              tousu eval --format json -o report.json corpora/sectors/dev.jsonl
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json }

    @Argument(help: "Labelled JSONL files.")
    var data: [String]

    @Option(parsing: .unconditional, help: "Cross-validate with K folds, training on the data itself (no model needed; 2 ≤ K ≤ records).")
    var folds: Int?

    @Option(help: "Output format: table or json.")
    var format: Format = .table

    @Option(name: .shortAndLong, help: "Write the report to this file instead of stdout.")
    var output: String?

    @Flag(help: "No note on stderr when the default model is built.")
    var quiet = false

    @OptionGroup var modelOptions: ModelOptions
    @OptionGroup var corpus: CorpusFieldOptions
    @OptionGroup var training: TrainingOptions
    @OptionGroup var lexicon: LexiconOptions

    func validate() throws {
        if data.isEmpty { throw ValidationError("give at least one labelled JSONL file") }
        if let folds, folds < 2 { throw ValidationError("--folds must be at least 2, not \(folds)") }
        if folds != nil && modelOptions.model != nil {
            throw ValidationError("--folds trains on the data itself; it does not take --model")
        }
    }

    func run() throws {
        let records = try corpus.read(data)
        guard !records.isEmpty else {
            throw CommandError.badData("\(data.joined(separator: ", ")): no labelled record to evaluate on")
        }
        let report: EvaluationReport
        if let folds {
            guard folds <= records.count else {
                throw CommandError.usage("--folds \(folds) is more than the \(records.count) records")
            }
            let trainer = try training.configuration.trainer(lexicons: lexicon.directory())
            report = try Evaluation.crossValidate(trainer, records: records, folds: folds)
        } else {
            report = try Evaluation.evaluate(modelOptions.load(lexicons: lexicon.directory(), quiet: quiet), on: records)
        }
        let out = try OutputBuffer(path: output, inputs: data)
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            try out.write(String(decoding: try encoder.encode(report), as: UTF8.self) + "\n")
        case .table:
            try out.write(report.table)
        }
        try out.commit()
    }
}
