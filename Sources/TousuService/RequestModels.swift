import NIOCore
import TousuClassifier
import TousuHotspots
import TousuText

/// `POST /v1/classify` and `/v1/tokenize`: `{"text": …}` or `{"items": [{"id": …, "text": …}]}`.
struct TextsRequest: Decodable {
    struct Item: Decodable {
        var id: String?
        var text: String

        enum CodingKeys: String, CodingKey { case id, text }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            id = try c.optionalString(.id)
            text = try c.text(.text, limits: Limits.of(decoder))
        }
    }

    /// A single text (nil when `items` was sent).
    var text: String?
    var items: [Item]?

    enum CodingKeys: String, CodingKey { case text, items }

    /// One text, already checked.
    init(text: String) { self.text = text }

    /// The body read the quick way when it is just `{"text": "…"}` (`SingleTextBody`), else
    /// by the decoder; the same checks and errors either way.
    static func read(_ body: ByteBuffer, limits: Limits) throws -> TextsRequest {
        if let text = SingleTextBody.text(in: body) {
            try limits.check(text: text, field: "text")
            return TextsRequest(text: text)
        }
        return try JSONBody.decode(TextsRequest.self, from: body, limits: limits)
    }

    init(from decoder: any Decoder) throws {
        try UnknownFields.refuse(in: decoder, known: ["text", "items"])
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let limits = Limits.of(decoder)
        switch (c.contains(.text), c.contains(.items)) {
        case (true, false): text = try c.text(.text, limits: limits)
        case (false, true): items = try c.items(.items, limits: limits)
        case (true, true): throw Problem(.invalidField, "send text or items, not both", field: "items")
        case (false, false): throw Problem(.invalidField, "text is missing (or send items)", field: "text")
        }
    }
}

/// `POST /v1/complaints`: one record or `{"items": [records]}`; each needs an id and a text.
struct ComplaintsRequest: Decodable {
    struct Record: Decodable {
        var id: String
        var text: String
        var date: String?
        var merchant: String?
        var region: String?

        enum CodingKeys: String, CodingKey { case id, text, date, merchant, region }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            id = try c.decode(String.self, forKey: .id)
            if id.isEmpty || id.utf8.count > 200 {
                let field = JSONBody.path(c.codingPath + [CodingKeys.id])
                throw Problem(.invalidField, "\(field) must have 1 to 200 bytes", field: field)
            }
            text = try c.text(.text, limits: Limits.of(decoder))
            date = try c.optionalString(.date)
            merchant = try c.optionalString(.merchant)
            region = try c.optionalString(.region)
            if let date, Day(parsing: date) == nil {
                let field = JSONBody.path(c.codingPath + [CodingKeys.date])
                throw Problem(.invalidField, "\(field): \"\(date)\" is not a date (yyyy-MM-dd)", field: field)
            }
        }
    }

    var records: [Record]

    enum CodingKeys: String, CodingKey { case items }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if c.contains(.items) {
            records = try c.items(.items, limits: Limits.of(decoder))
        } else {
            records = [try Record(from: decoder)]
        }
    }
}

/// One item of a classify answer.
struct ClassifiedItem: Encodable {
    var id: String?
    var prediction: Prediction
}

struct TokenizedItem: Encodable {
    var id: String?
    var tokens: [TokenSpan]
}

/// Refuses fields a request object does not have (422 naming the first), so that a misspelt
/// field is an error rather than silently ignored.
enum UnknownFields {
    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    static func refuse(in decoder: any Decoder, known: Set<String>) throws {
        let c = try decoder.container(keyedBy: AnyKey.self)
        if let unknown = c.allKeys.map(\.stringValue).sorted().first(where: { !known.contains($0) }) {
            let field = JSONBody.path(c.codingPath + [AnyKey(stringValue: unknown)])
            throw Problem(.invalidField, "unknown field \(field)", field: field)
        }
    }
}
