import ArgumentParser
import Foundation
import TousuBatch
import TousuClassifier

struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a model on labelled JSONL corpora.",
        discussion: """
            Each corpus line is a JSON object with a text and a label (fields "text" and "sector" by default). Counts are additive: --from adds new data to an existing model.

            Examples:
              tousu train corpora/sectors/train.jsonl -o models/sectors.tousu
              tousu train corpora/sectors/dev.jsonl --from models/sectors.tousu \\
                -o models/sectors-2.tousu
              tousu train corpora/sectors/dev.jsonl --no-lexicon --alpha 0.1 -o plain.tousu
            """
    )

    @Argument(help: "Labelled JSONL files.")
    var corpora: [String]

    @Option(name: .shortAndLong, help: "Where to write the model.")
    var output: String

    @Option(help: "Add to this model's counts (its settings are kept).")
    var from: String?

    @Flag(help: "No summary on stderr.")
    var quiet = false

    @OptionGroup var corpus: CorpusFieldOptions
    @OptionGroup var training: TrainingOptions
    @OptionGroup var lexicon: LexiconOptions

    func validate() throws {
        if corpora.isEmpty { throw ValidationError("give at least one labelled JSONL file") }
    }

    func run() throws {
        let started = Date()
        try OutputBuffer.createFolder(of: output)
        let claimed = try PathSafety.claim(
            output: NamedPath("-o", output),
            inputs: corpora.map { NamedPath("corpus", $0) } + (from.map { [NamedPath("--from", $0)] } ?? []))
        defer { claimed.lock.release() }
        let records = try corpus.read(corpora)
        if let from { try InputCheck.requireFile(from) }
        let base = try from.map { try ModelFile.read(URL(fileURLWithPath: $0)) }
        let trainer = try base.map { Trainer(continuing: $0) } ?? training.configuration.trainer(lexicons: lexicon.directory())
        let model = try trainer.train(records, base: base)
        try ModelFile.write(model, to: URL(fileURLWithPath: claimed.path))
        if quiet { return }
        let seconds = Date().timeIntervalSince(started)
        Console.note(String(
            format: "tousu: trained on %d records (%d in the model), %d features, %d labels in %.2f s → %@",
            records.count, model.counts.documentCount, model.counts.featureCount, model.counts.labels.count,
            seconds, output))
    }
}
