import TousuMentions

/// One classified complaint, as hotspot detection needs it.
public struct ClassifiedRecord: Sendable, Codable, Equatable {
    public var id: String
    /// The day the complaint was filed; nil when the record had no usable date.
    public var date: Day?
    /// Sector id (auto, food, prepaid, …).
    public var sector: String
    /// Complaint nature ids; ["other"] when none.
    public var natures: [String]
    /// Merchant or product key (for the car stream: brand + model).
    public var merchant: String?
    /// Where the merchant came from: a field of the record or its text (nil: no merchant, or not known).
    public var merchantSource: MentionSource?
    /// Region (district, city, …).
    public var region: String?
    public var regionSource: MentionSource?
    /// Closure signals in the text (关门, 跑路 …; see `lexicons/mentions/closure_signals.txt`).
    public var closureSignals: [String] = []
    public var text: String
    /// The record's terms (tokens or phrases), supplied by the caller; each counts once per record.
    public var tokens: [String]?

    public init(
        id: String, date: Day?, sector: String, natures: [String], merchant: String? = nil,
        region: String? = nil, text: String, tokens: [String]? = nil, merchantSource: MentionSource? = nil,
        regionSource: MentionSource? = nil, closureSignals: [String] = []
    ) {
        self.id = id
        self.date = date
        self.sector = sector
        self.natures = natures.isEmpty ? ["other"] : natures
        self.merchant = merchant
        self.region = region
        self.text = text
        self.tokens = tokens
        self.merchantSource = merchantSource ?? (merchant == nil ? nil : .field)
        self.regionSource = regionSource ?? (region == nil ? nil : .field)
        self.closureSignals = closureSignals
    }
}
