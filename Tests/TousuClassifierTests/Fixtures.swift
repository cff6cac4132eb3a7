import Foundation
import TousuClassifier

/// Repository data for classifier tests.
enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let lexicons = root.appendingPathComponent("lexicons")
    static let corpus = root.appendingPathComponent("corpora/sectors/train.jsonl")
    static let natureCorpus = root.appendingPathComponent("corpora/natures/train.jsonl")
    static let natureDev = root.appendingPathComponent("corpora/natures/dev.jsonl")

    static let trainer: Trainer = {
        let taxonomy = try! Taxonomy.load(lexicons: lexicons)
        return Trainer(
            taxonomy: taxonomy, lexicon: try! Lexicon.load(lexicons: lexicons, taxonomy: taxonomy),
            tokenizer: try! TokenizerSettings.load(lexicons: lexicons, options: .init()))
    }()

    static let records: [LabelledRecord] = try! LabelledCorpus.read(corpus)
    static let natureRecords: [LabelledRecord] = try! LabelledCorpus.readNatures(natureCorpus)

    /// The trainer of the default model: sectors from the records, natures from the bundled
    /// nature corpus.
    static let natureTrainer: Trainer = {
        var t = trainer
        t.natureCorpus = NatureCorpus.bundled(lexicons: lexicons)
        return t
    }()

    /// A model of the whole training corpus (sectors) and the nature corpus.
    static let model: Model = try! natureTrainer.train(records)
    static let classifier: Classifier = try! Classifier(model: model)
}
