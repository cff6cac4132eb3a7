import Foundation
import Hummingbird
import TousuText

/// Reading and decoding JSON request bodies with the limits and with errors that name the field.
enum JSONBody {
    /// The whole body, at most `limit` bytes (413 above, told by Content-Length before reading when
    /// it is sent). Cancelled while it waits — the request timeout, `withinDeadline` — it is 408: a
    /// slow client cannot hold a handler. A media type other than JSON is refused (415), except
    /// curl's default for `-d` (application/x-www-form-urlencoded), read as JSON so that
    /// `curl -d '{…}'` works.
    static func collect(_ request: Request, limit: Int) async throws -> ByteBuffer {
        if let type = request.headers[.contentType]?.lowercased(),
            !(type.hasPrefix("application/json") || type.contains("+json")
                || type.hasPrefix("application/x-www-form-urlencoded"))
        {
            throw Problem(.unsupportedMediaType, "send application/json, not \(type)")
        }
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limit {
            throw Problem(.bodyTooLarge, "the body has \(length) bytes; the limit is \(limit)")
        }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: limit)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw Problem(.bodyTooLarge, "the body is larger than the limit of \(limit) bytes")
        } catch where Task.isCancelled {
            throw Problem(.requestTimeout, "the body did not arrive within the request timeout")
        }
        // A cancelled read ends early with what had come: not a body to decode.
        if Task.isCancelled { throw Problem(.requestTimeout, "the body did not arrive within the request timeout") }
        return body
    }

    /// Decodes JSON; bad JSON is 400, a missing or mistyped field 422 naming it (`items[2].text`).
    static func decode<T: Decodable>(_ type: T.Type, from body: ByteBuffer, limits: Limits) throws -> T {
        let decoder = JSONDecoder()
        decoder.userInfo[Limits.key] = limits
        do {
            return try decoder.decode(T.self, from: Data(buffer: body))
        } catch let error as DecodingError {
            throw problem(error)
        } catch let problem as Problem {
            throw problem
        } catch {
            throw Problem(.badJSON, "the body is not valid JSON: \(error)")
        }
    }

    static func problem(_ error: DecodingError) -> Problem {
        switch error {
        case .dataCorrupted(let c) where c.codingPath.isEmpty:
            let underlying = (c.underlyingError).map { ": \($0)" } ?? ""
            return Problem(.badJSON, "the body is not valid JSON (\(c.debugDescription)\(underlying))")
        case .dataCorrupted(let c):
            return Problem(.invalidField, "\(path(c.codingPath)): \(c.debugDescription)", field: path(c.codingPath))
        case .keyNotFound(let key, let c):
            let field = path(c.codingPath + [key])
            return Problem(.invalidField, "\(field) is missing", field: field)
        case .typeMismatch(let type, let c):
            return Problem(.invalidField, "\(path(c.codingPath)) must be \(name(of: type))", field: path(c.codingPath))
        case .valueNotFound(let type, let c):
            return Problem(.invalidField, "\(path(c.codingPath)) must be \(name(of: type)), not null", field: path(c.codingPath))
        @unknown default:
            return Problem(.badJSON, "\(error)")
        }
    }

    /// `items[2].text`.
    static func path(_ keys: [any CodingKey]) -> String {
        var out = ""
        for key in keys {
            if let i = key.intValue { out += "[\(i)]" } else { out += (out.isEmpty ? "" : ".") + key.stringValue }
        }
        return out.isEmpty ? "(body)" : out
    }

    static func name(of type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "a boolean"
        case is Int.Type, is Double.Type: "a number"
        case is [Any].Type: "an array"
        default: "an object"
        }
    }
}

/// The limits a request body is decoded under (passed in the decoder's user info).
struct Limits: Sendable {
    static let key = CodingUserInfoKey(rawValue: "tousu.limits")!
    var maxItems: Int
    var maxTextLength: Int

    /// A complaint text must not be blank nor longer than the limit; errors name the field.
    func check(text value: String, field: String) throws {
        let count = value.unicodeScalars.count
        if count > maxTextLength {
            throw Problem(.textTooLong, "\(field) has \(count) characters; the limit is \(maxTextLength)", field: field)
        }
        if value.isBlank {
            throw Problem(.invalidField, "\(field) is empty", field: field)
        }
    }

    static func of(_ decoder: any Decoder) -> Limits {
        decoder.userInfo[key] as? Limits ?? Limits(maxItems: 100, maxTextLength: 20_000)
    }
}

extension KeyedDecodingContainer {
    /// A complaint text: a string, not blank, not longer than the limit; errors name the field.
    func text(_ key: Key, limits: Limits) throws -> String {
        let value = try decode(String.self, forKey: key)
        try limits.check(text: value, field: JSONBody.path(codingPath + [key]))
        return value
    }

    /// An optional string field: absent or null is nil, any other type names the field.
    func optionalString(_ key: Key) throws -> String? {
        try decodeIfPresent(String.self, forKey: key)
    }

    /// An array of at most `maxItems` elements.
    func items<T: Decodable>(_ key: Key, limits: Limits) throws -> [T] {
        let items = try decode([T].self, forKey: key)
        let field = JSONBody.path(codingPath + [key])
        if items.count > limits.maxItems {
            throw Problem(.tooManyItems, "\(field) has \(items.count) items; the limit is \(limits.maxItems)", field: field)
        }
        if items.isEmpty { throw Problem(.invalidField, "\(field) is empty", field: field) }
        return items
    }
}
