import ArgumentParser
import TousuClassifier

/// Settings of a new model (ignored with --from, which keeps the model's own): translated into the
/// library's `TrainingConfiguration`.
struct TrainingOptions: ParsableArguments {
    @Option(help: "Additive smoothing of naive Bayes (> 0).")
    var alpha: Double = TrainingConfiguration().alpha

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

    @Option(help: "Weight of lexicon evidence against naive Bayes (see Calibration; 0 to 1000).")
    var lexiconWeight: Double = TrainingConfiguration().lexiconWeight

    var configuration: TrainingConfiguration {
        TrainingConfiguration(
            alpha: alpha, complement: complement, empiricalPrior: empiricalPrior, spreadWeighting: spreadWeighting,
            tokenBigrams: tokenBigrams, charBigrams: !noCharBigrams, binary: !rawCounts, removeStopwords: stopwords,
            useLexicon: !noLexicon, lexiconWeight: lexiconWeight)
    }

    func validate() throws {
        do { try configuration.validate() } catch { throw ValidationError("--\(error.description)") }
    }
}
