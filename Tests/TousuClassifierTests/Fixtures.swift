import Foundation
import TousuClassifier

/// Repository data for classifier tests.
enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let lexicons = root.appendingPathComponent("lexicons")
    static let corpus = root.appendingPathComponent("corpora/sectors/train.jsonl")

    static let trainer: Trainer = {
        let taxonomy = try! Taxonomy.load(lexicons: lexicons)
        return Trainer(
            taxonomy: taxonomy, lexicon: try! Lexicon.load(lexicons: lexicons, taxonomy: taxonomy),
            tokenizer: try! TokenizerSettings.load(lexicons: lexicons, options: .init()))
    }()

    static let records: [LabelledRecord] = try! LabelledCorpus.read(corpus)

    /// A model of the whole training corpus.
    static let model: Model = try! trainer.train(records)
    static let classifier: Classifier = try! Classifier(model: model)
}
