import ArgumentParser
import Foundation
import TousuClassifier
import TousuText

/// Settings of a new model (ignored with --from, which keeps the model's own).
struct TrainerSettings: ParsableArguments {
    @Option(help: "Additive smoothing of naive Bayes.")
    var alpha: Double = NaiveBayesParameters().alpha

    @Flag(help: "Complement naive Bayes instead of multinomial.")
    var complement = false

    @Flag(help: "Priors from the corpus's label counts instead of equal priors.")
    var empiricalPrior = false

    @Flag(help: "Weight each feature by how unevenly it spreads over the labels (words one label owns count most).")
    var spreadWeighting = false

    @Flag(help: "Add token bigrams to the features.")
    var tokenBigrams = false

    @Flag(help: "Leave out CJK character bigrams.")
    var noCharBigrams = false

    @Flag(help: "Count every occurrence of a feature (default: once per text, binary naive Bayes).")
    var rawCounts = false

    @Flag(help: "Drop stopwords before counting.")
    var stopwords = false

    @Flag(help: "Train without the keyword lexicon (plain naive Bayes).")
    var noLexicon = false

    @Option(help: "Weight of lexicon evidence against naive Bayes (see Calibration).")
    var lexiconWeight: Double = Calibration().lexiconWeight

    func trainer(lexicons: URL) throws -> Trainer {
        let taxonomy = try Taxonomy.load(lexicons: lexicons)
        let lexicon = noLexicon ? Lexicon(labels: []) : try Lexicon.load(lexicons: lexicons, taxonomy: taxonomy)
        return Trainer(
            taxonomy: taxonomy, lexicon: lexicon,
            tokenizer: try TokenizerSettings.load(lexicons: lexicons, options: .init(removeStopwords: stopwords)),
            features: FeatureOptions(charBigrams: !noCharBigrams, tokenBigrams: tokenBigrams, binary: !rawCounts),
            parameters: NaiveBayesParameters(
                alpha: alpha, complement: complement, uniformPrior: !empiricalPrior, spreadWeighting: spreadWeighting),
            calibration: Calibration(lexiconWeight: lexiconWeight), natureCorpus: NatureCorpus.bundled(lexicons: lexicons))
    }
}

/// Fields of labelled corpora.
struct CorpusFields: ParsableArguments {
    @Option(help: "JSON field holding the text.")
    var textField = "text"

    @Option(help: "JSON field holding the label.")
    var labelField = "sector"

    func read(_ paths: [String]) throws -> [LabelledRecord] {
        try paths.flatMap {
            try LabelledCorpus.read(URL(fileURLWithPath: $0), textField: textField, labelField: labelField)
        }
    }
}

struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a model on labelled JSONL corpora.",
        discussion: """
            Each corpus line is a JSON object with a text and a label (fields "text" and "sector" by
            default). Counts are additive: --from adds new data to an existing model.

            Examples:
              tousu train corpora/sectors/train.jsonl -o models/sectors.tousu
              tousu train new-scams.jsonl --from models/sectors.tousu -o models/sectors-2.tousu
              tousu train shop.jsonl --label-field label --no-lexicon -o shop.tousu
            """
    )

    @Argument(help: "Labelled JSONL files.")
    var corpora: [String]

    @Option(name: .shortAndLong, help: "Where to write the model.")
    var output: String

    @Option(help: "Add to this model's counts (its settings are kept).")
    var from: String?

    @OptionGroup var fields: CorpusFields
    @OptionGroup var settings: TrainerSettings
    @OptionGroup var lexicon: LexiconOptions

    func run() throws {
        let started = Date()
        let records = try fields.read(corpora)
        let base = try from.map { try ModelFile.read(URL(fileURLWithPath: $0)) }
        let trainer = try base.map { Trainer(continuing: $0) } ?? settings.trainer(lexicons: lexicon.url)
        let model = try trainer.train(records, base: base)
        try ModelFile.write(model, to: URL(fileURLWithPath: output))
        let seconds = Date().timeIntervalSince(started)
        Console.note(String(
            format: "tousu: trained on %d records (%d in the model), %d features, %d labels in %.2f s → %@",
            records.count, model.counts.documentCount, model.counts.featureCount, model.counts.labels.count,
            seconds, output))
    }
}

struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Add the counts of two models trained with the same settings.",
        discussion: """
            Example:
              tousu merge shard-a.tousu shard-b.tousu -o all.tousu
            """
    )

    @Argument(help: "The first model.") var first: String
    @Argument(help: "The second model.") var second: String
    @Option(name: .shortAndLong, help: "Where to write the merged model.") var output: String

    func run() throws {
        let a = try ModelFile.read(URL(fileURLWithPath: first))
        let b = try ModelFile.read(URL(fileURLWithPath: second))
        try ModelFile.write(a.merged(with: b), to: URL(fileURLWithPath: output))
    }
}
