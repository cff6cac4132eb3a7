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

/// What the classifier says about one complaint, and why.
public struct Prediction: Sendable, Codable, Equatable {
    /// The sector id (food, auto, prepaid, elderly_health, other, …).
    public var sector: String
    /// The sector's display name (食品, …).
    public var sectorName: String
    /// Probability of each sector id; they sum to 1.
    public var scores: [String: Double]
    /// The probability of the chosen sector.
    public var confidence: Double
    /// Complaint natures (several may apply); ["other"] when none is found.
    public var natures: [String]
    /// True when the decision is weak and a person should look.
    public var needsReview: Bool
    /// Lexicon evidence found in the text.
    public var keywords: [KeywordHit]
    /// The naive-Bayes features that most favoured the chosen sector.
    public var topFeatures: [FeatureWeight]

    public init(
        sector: String, sectorName: String, scores: [String: Double], confidence: Double,
        natures: [String], needsReview: Bool, keywords: [KeywordHit], topFeatures: [FeatureWeight]
    ) {
        self.sector = sector
        self.sectorName = sectorName
        self.scores = scores
        self.confidence = confidence
        self.natures = natures
        self.needsReview = needsReview
        self.keywords = keywords
        self.topFeatures = topFeatures
    }

    enum CodingKeys: String, CodingKey {
        case sector, sectorName = "sector_name", scores = "sector_scores", confidence, natures
        case needsReview = "needs_review", keywords, topFeatures = "top_features"
    }
}
