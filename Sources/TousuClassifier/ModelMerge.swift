/// Adding two models: only models trained with the same settings and labels add up, and the
/// result is the model training on the union of their data gives (counts added, calibration
/// refitted on the union of their held-out samples).
extension Model {
    /// The model of both models' data. Throws `incompatibleModels` naming the first setting
    /// that differs.
    public func merged(with other: Model) throws -> Model {
        try checkCompatible(with: other)
        guard let mine = calibrationSamples, let theirs = other.calibrationSamples else {
            throw ClassifierError.incompatibleModels(
                reason: "a model file of format 1 keeps no calibration samples, so its calibration cannot be combined exactly; retrain it with this tousu")
        }
        var result = self
        result.counts.merge(other.counts)
        let samples = (mine + theirs).sorted(by: CalibrationSample.precedes)
        result.calibrationSamples = samples
        result.calibration = Calibration.fitted(
            counts: result.counts, samples: samples, parameters: parameters, settings: calibration)
        if var natures, let theirNatures = other.natures {
            try natures.merge(theirNatures, parameters: parameters)
            result.natures = natures
        }
        return result
    }

    /// Throws when the models were trained with different taxonomies, lexicons, tokenizers,
    /// features, naive-Bayes or calibration settings, labels or nature models.
    func checkCompatible(with other: Model) throws {
        func differ(_ what: String, _ a: String = "", _ b: String = "") -> ClassifierError {
            .incompatibleModels(reason: a.isEmpty ? "different \(what)" : "different \(what) (\(a) vs \(b))")
        }
        guard taxonomy == other.taxonomy else { throw differ("taxonomies") }
        guard lexicon == other.lexicon else { throw differ("lexicons") }
        guard tokenizer == other.tokenizer else { throw differ("tokenizer settings") }
        let f = features, g = other.features
        if f.unigrams != g.unigrams { throw differ("unigram setting", "\(f.unigrams)", "\(g.unigrams)") }
        if f.charBigrams != g.charBigrams { throw differ("character-bigram setting", "\(f.charBigrams)", "\(g.charBigrams)") }
        if f.tokenBigrams != g.tokenBigrams { throw differ("token-bigram setting", "\(f.tokenBigrams)", "\(g.tokenBigrams)") }
        if f.binary != g.binary { throw differ("binary-counting setting", "\(f.binary)", "\(g.binary)") }
        let p = parameters, q = other.parameters
        if p.alpha != q.alpha { throw differ("alpha", "\(p.alpha)", "\(q.alpha)") }
        if p.complement != q.complement { throw differ("complement setting", "\(p.complement)", "\(q.complement)") }
        if p.uniformPrior != q.uniformPrior {
            throw differ("prior (empirical prior)", p.uniformPrior ? "uniform" : "empirical", q.uniformPrior ? "uniform" : "empirical")
        }
        if p.spreadWeighting != q.spreadWeighting {
            throw differ("spread-weighting setting", "\(p.spreadWeighting)", "\(q.spreadWeighting)")
        }
        if calibration.lexiconWeight != other.calibration.lexiconWeight {
            throw differ("lexicon weight", "\(calibration.lexiconWeight)", "\(other.calibration.lexiconWeight)")
        }
        if calibration.lexiconCap != other.calibration.lexiconCap {
            throw differ("lexicon cap", "\(calibration.lexiconCap)", "\(other.calibration.lexiconCap)")
        }
        let a = Set(counts.labels), b = Set(other.counts.labels)
        if a != b { throw differ("labels", a.sorted().joined(separator: ","), b.sorted().joined(separator: ",")) }
        switch (natures, other.natures) {
        case (nil, nil): break
        case (let x?, let y?):
            if x.natures != y.natures { throw differ("natures", x.natures.joined(separator: ","), y.natures.joined(separator: ",")) }
            if x.calibration.lexiconCap != y.calibration.lexiconCap || x.calibration.maximumNatures != y.calibration.maximumNatures
                || x.calibration.primary.lexiconWeight != y.calibration.primary.lexiconWeight {
                throw differ("nature calibration settings")
            }
        default: throw differ("nature models", natures == nil ? "none" : "natures", other.natures == nil ? "none" : "natures")
        }
    }
}
