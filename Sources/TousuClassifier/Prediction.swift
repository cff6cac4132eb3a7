/// A lexicon phrase found in a complaint, with where it stands in the original text.
public struct KeywordHit: Sendable, Codable, Equatable {
    /// The phrase as written in the lexicon (normalized).
    public var phrase: String
    /// The label it is evidence for: a sector id or a nature id.
    public var label: String
    /// Its weight in the lexicon (≥ 3 decides on its own).
    public var weight: Double
    /// Offsets in the original text, in Unicode scalars.
    public var start: Int
    public var end: Int
    /// The matched text as it stands in the original.
    public var original: String

    public init(phrase: String, label: String, weight: Double, start: Int, end: Int, original: String) {
        self.phrase = phrase
        self.label = label
        self.weight = weight
        self.start = start
        self.end = end
        self.original = original
    }
}

/// A naive-Bayes feature that pushed the decision, with its log-likelihood ratio for the sector.
public struct FeatureWeight: Sendable, Codable, Equatable {
    public var feature: String
    public var weight: Double

    public init(feature: String, weight: Double) {
        self.feature = feature
        self.weight = weight
    }
}

/// One complaint nature found, with its probability and the features that raised it most.
public struct NatureScore: Sendable, Codable, Equatable {
    public var nature: String
    public var probability: Double
    /// Naive-Bayes features with the largest weight for this nature (empty when explanations
    /// are off or the natures came from the lexicon alone).
    public var topFeatures: [FeatureWeight]

    public init(nature: String, probability: Double, topFeatures: [FeatureWeight] = []) {
        self.nature = nature
        self.probability = probability
        self.topFeatures = topFeatures
    }

    enum CodingKeys: String, CodingKey { case nature, probability, topFeatures = "top_features" }
}

/// A label with its probability.
public struct LabelScore: Sendable, Equatable {
    public var label: String
    public var probability: Double

    public init(label: String, probability: Double) {
        self.label = label
        self.probability = probability
    }
}

/// What the classifier says about one complaint, and why.
public struct Prediction: Sendable, Codable, Equatable {
    /// The sector id (food, auto, prepaid, elderly_health, other, …).
    public var sector: String
    /// The sector's display name (食品, …).
    public var sectorName: String
    /// Probability of each sector id (they sum to 1), by label in the order of their UTF-8 bytes
    /// (code points), each label once.
    public var sectorScores: [LabelScore]
    /// Probability of each sector id; they sum to 1. Built from `sectorScores` when read.
    public var scores: [String: Double] {
        get {
            var map = [String: Double](minimumCapacity: sectorScores.count)
            for s in sectorScores { map[s.label] = s.probability }
            return map
        }
        set { sectorScores = Self.sorted(newValue) }
    }
    /// The probability of the chosen sector.
    public var confidence: Double
    /// Complaint natures (up to three), the primary nature first; ["other"] only when no other
    /// nature fits.
    public var natures: [String]
    /// The same natures in the same order, each with its probability and explanation.
    public var natureScores: [NatureScore]
    /// True when the decision is weak and a person should look.
    public var needsReview: Bool
    /// Lexicon evidence found in the text.
    public var keywords: [KeywordHit]
    /// The naive-Bayes features that most favoured the chosen sector.
    public var topFeatures: [FeatureWeight]

    public init(
        sector: String, sectorName: String, scores: [String: Double], confidence: Double,
        natures: [String], needsReview: Bool, keywords: [KeywordHit], topFeatures: [FeatureWeight],
        natureScores: [NatureScore]? = nil
    ) {
        self.init(
            sector: sector, sectorName: sectorName, sectorScores: Self.sorted(scores), confidence: confidence,
            natures: natures, needsReview: needsReview, keywords: keywords, topFeatures: topFeatures,
            natureScores: natureScores)
    }

    /// A prediction whose sector scores are already in label order (UTF-8 bytes, each label once).
    public init(
        sector: String, sectorName: String, sectorScores: [LabelScore], confidence: Double,
        natures: [String], needsReview: Bool, keywords: [KeywordHit], topFeatures: [FeatureWeight],
        natureScores: [NatureScore]? = nil
    ) {
        self.sector = sector
        self.sectorName = sectorName
        self.sectorScores = sectorScores
        self.confidence = confidence
        self.natures = natures
        self.natureScores = natureScores ?? natures.map { NatureScore(nature: $0, probability: 1) }
        self.needsReview = needsReview
        self.keywords = keywords
        self.topFeatures = topFeatures
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            sector: try c.decode(String.self, forKey: .sector), sectorName: try c.decode(String.self, forKey: .sectorName),
            scores: try c.decode([String: Double].self, forKey: .scores), confidence: try c.decode(Double.self, forKey: .confidence),
            natures: try c.decode([String].self, forKey: .natures), needsReview: try c.decode(Bool.self, forKey: .needsReview),
            keywords: try c.decode([KeywordHit].self, forKey: .keywords),
            topFeatures: try c.decode([FeatureWeight].self, forKey: .topFeatures),
            natureScores: try c.decodeIfPresent([NatureScore].self, forKey: .natureScores))  // older output has none
    }

    /// Scores in label order (by UTF-8 bytes).
    static func sorted(_ scores: [String: Double]) -> [LabelScore] {
        scores.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            .map { LabelScore(label: $0.key, probability: $0.value) }
    }

    /// The fields in the order the synthesized encoding wrote them; `sector_scores` as an object.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(sector, forKey: .sector)
        try c.encode(sectorName, forKey: .sectorName)
        try c.encode(scores, forKey: .scores)
        try c.encode(confidence, forKey: .confidence)
        try c.encode(natures, forKey: .natures)
        try c.encode(natureScores, forKey: .natureScores)
        try c.encode(needsReview, forKey: .needsReview)
        try c.encode(keywords, forKey: .keywords)
        try c.encode(topFeatures, forKey: .topFeatures)
    }

    enum CodingKeys: String, CodingKey {
        case sector, sectorName = "sector_name", scores = "sector_scores", confidence, natures
        case natureScores = "nature_scores"
        case needsReview = "needs_review", keywords, topFeatures = "top_features"
    }
}
