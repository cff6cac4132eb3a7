import TousuText

/// The sector and nature naive-Bayes sums of a text in one pass over its features, for models of
/// at most 8 sectors and 16 natures: one probe per feature into a table of both models' features
/// (`JointFeatureRows`), then one vector addition for the sector row and two for the nature rows.
/// The sums are those `NaiveBayesScorer.score` and `NatureScorer.score` give — the same additions
/// in the same order (each lane adds its weights feature by feature, starting from the sector
/// priors; the nature priors are added to the sums afterwards) — without a feature array.
struct JointScorer: Sendable {
    /// The sums of one text.
    struct Sums {
        /// Sector log joint scores (lanes beyond the labels are 0).
        var sector: SIMD8<Double>
        /// Features the sector model knows.
        var sectorKnown = 0
        /// Binary and primary nature weight sums, priors not added (lanes beyond the natures: 0).
        var binary = SIMD16<Float>.zero
        var primary = SIMD16<Float>.zero
        /// Features the nature model knows.
        var natureKnown = 0
    }

    private let rows: JointFeatureRows
    /// Sector weights, one row of 8 lanes per sector feature.
    private let sectorWeights: [SIMD8<Float>]
    private let sectorPrior: SIMD8<Double>
    /// Nature weights as `NatureScorer` lays them out (binary, then primary, per feature).
    private let natureWeights: [SIMD16<Float>]
    let width: Int

    /// Nil when the models are too wide for the vector layout (then score them one by one).
    init?(sector: NaiveBayesScorer, sectorFeatures: [UInt64], nature: NatureScorer?, natureFeatures: [UInt64]) {
        let width = sector.width
        guard width >= 1, width <= 8, nature.map({ $0.blocks == 1 }) ?? true,
              sector.weights.count == sectorFeatures.count * width else { return nil }
        self.width = width
        rows = JointFeatureRows(sector: sectorFeatures, nature: nature == nil ? [] : natureFeatures)
        var weights = [SIMD8<Float>](repeating: .zero, count: sectorFeatures.count)
        for row in weights.indices {
            for l in 0..<width { weights[row][l] = sector.weights[row * width + l] }
        }
        sectorWeights = weights
        var prior = SIMD8<Double>.zero
        for l in 0..<width { prior[l] = sector.logPrior[l] }
        sectorPrior = prior
        natureWeights = nature?.weights ?? []
    }

    /// The sums of a text's features (as `FeatureExtractor.forEachFeature` yields them).
    @inline(__always)
    func sums(_ text: TokenizedText, extractor: FeatureExtractor) -> Sums {
        var out = Sums(sector: sectorPrior)
        var sector = sectorPrior
        var binary = SIMD16<Float>.zero, primary = SIMD16<Float>.zero
        var sectorKnown = 0, natureKnown = 0
        extractor.forEachFeature(text) { feature in
            guard let r = rows[feature] else { return }
            if r.sector >= 0 {
                sectorKnown += 1
                sector += SIMD8<Double>(sectorWeights[Int(r.sector)])
            }
            if r.nature >= 0 {
                natureKnown += 1
                binary += natureWeights[Int(r.nature) * 2]
                primary += natureWeights[Int(r.nature) * 2 + 1]
            }
        }
        out.sector = sector
        out.sectorKnown = sectorKnown
        out.binary = binary
        out.primary = primary
        out.natureKnown = natureKnown
        return out
    }
}
