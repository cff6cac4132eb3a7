import TousuMentions

/// One classified complaint, as hotspot detection needs it.
public struct ClassifiedRecord: Sendable, Codable, Equatable {
    public var id: String
    /// The day the complaint was filed; nil when the record had no usable date.
    public var date: Day?
    /// Sector id (auto, food, prepaid, …).
    public var sector: String { didSet { fieldsClass = nil } }
    /// Complaint nature ids; ["other"] when none.
    public var natures: [String] { didSet { fieldsClass = nil } }
    /// Merchant or product key (for the car stream: brand + model).
    public var merchant: String? { didSet { fieldsClass = nil } }
    /// Where the merchant came from: a field of the record or its text (nil: no merchant, or not known).
    public var merchantSource: MentionSource?
    /// Region (district, city, …).
    public var region: String? { didSet { fieldsClass = nil } }
    public var regionSource: MentionSource?
    /// Closure signals in the text (关门, 跑路 …; see `lexicons/mentions/closure_signals.txt`).
    public var closureSignals: [String] = []
    public var text: String { didSet { textClass = nil } }
    /// The record's terms (tokens or phrases), supplied by the caller; each counts once per record.
    public var tokens: [String]? { didSet { termsClass = nil } }
    /// The text's number (`ValueClass`), set by the text stage; nil when not numbered (any change
    /// of `text` clears it).
    var textClass: ValueClass?
    /// Set when `tokens` are the hotspot terms of the text, found by one text-stage call: records
    /// with equal `termsClass` hold equal `tokens`. Any change of `tokens` clears it.
    var termsClass: ValueClass?
    /// Set by the text stage: records with equal `fieldsClass` hold byte-equal sectors, natures,
    /// merchants and regions. Any change of one of them clears it.
    var fieldsClass: ValueClass?

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

    /// The fields as given; the text stage's numbers (`textClass`, `termsClass`, `fieldsClass`) are left out.
    public static func == (a: ClassifiedRecord, b: ClassifiedRecord) -> Bool {
        a.id == b.id && a.date == b.date && a.sector == b.sector && a.natures == b.natures && a.merchant == b.merchant
            && a.merchantSource == b.merchantSource && a.region == b.region && a.regionSource == b.regionSource
            && a.closureSignals == b.closureSignals && a.text == b.text && a.tokens == b.tokens
    }

    private enum CodingKeys: String, CodingKey {
        case id, date, sector, natures, merchant, merchantSource, region, regionSource, closureSignals, text, tokens
    }
}
