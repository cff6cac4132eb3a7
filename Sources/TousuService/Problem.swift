import Foundation
import Hummingbird

/// An error answer as `application/problem+json` (RFC 9457), with a stable `type` per kind of
/// error (`urn:tousu:problem:<kind>`) and, for a bad request field, the field's path.
public struct Problem: Error, HTTPResponseError, Sendable, Equatable {
    /// The kinds of error, each with its status and title; the raw value is the `type`'s tail.
    public enum Kind: String, Sendable, CaseIterable {
        case badJSON = "bad-json"
        case invalidField = "invalid-field"
        case tooManyItems = "too-many-items"
        case textTooLong = "text-too-long"
        case bodyTooLarge = "body-too-large"
        case unsupportedMediaType = "unsupported-media-type"
        case unauthorized
        case notFound = "not-found"
        case methodNotAllowed = "method-not-allowed"
        case requestTimeout = "request-timeout"
        case deadlineExceeded = "deadline-exceeded"
        case overloaded
        case modelRefused = "model-refused"
        case noRecords = "no-records"
        case badBatch = "bad-batch"
        case unavailable
        case draining
        case internalError = "internal-error"

        public var status: HTTPResponse.Status {
            switch self {
            case .badJSON, .badBatch: .badRequest
            case .invalidField, .tooManyItems, .textTooLong: .unprocessableContent
            case .modelRefused: .conflict
            case .bodyTooLarge: .contentTooLarge
            case .unsupportedMediaType: .unsupportedMediaType
            case .unauthorized: .unauthorized
            case .notFound, .noRecords: .notFound
            case .methodNotAllowed: .methodNotAllowed
            case .requestTimeout: .requestTimeout
            case .overloaded: .tooManyRequests
            case .unavailable, .deadlineExceeded, .draining: .serviceUnavailable
            case .internalError: .internalServerError
            }
        }

        public var title: String {
            switch self {
            case .badJSON: "The body is not valid JSON"
            case .invalidField: "A field is missing or has the wrong type or value"
            case .tooManyItems: "Too many items in one request"
            case .textTooLong: "A text is longer than the limit"
            case .bodyTooLarge: "The request body is larger than the limit"
            case .unsupportedMediaType: "The body's media type is not accepted here"
            case .unauthorized: "A valid API key is required"
            case .notFound: "No such resource"
            case .methodNotAllowed: "Method not allowed on this resource"
            case .requestTimeout: "The request body did not arrive within the time limit"
            case .deadlineExceeded: "The request was not done within the time limit; retry later"
            case .draining: "The service is shutting down; send requests elsewhere"
            case .overloaded: "Too many requests in flight; retry later"
            case .modelRefused: "The model file was refused; the current model keeps serving"
            case .noRecords: "No dated records in the store for this window"
            case .badBatch: "The batch body cannot be read"
            case .unavailable: "The service is not ready"
            case .internalError: "Internal error"
            }
        }

        public var type: String { "urn:tousu:problem:\(rawValue)" }
    }

    public var kind: Kind
    public var detail: String
    /// The offending request field, as a path (`items[3].text`), when there is one.
    public var field: String?

    public init(_ kind: Kind, _ detail: String, field: String? = nil) {
        self.kind = kind
        self.detail = detail
        self.field = field
    }

    public var status: HTTPResponse.Status { kind.status }

    /// The problem document's bytes.
    public var json: [UInt8] {
        var object: [String: Any] = [
            "type": kind.type, "title": kind.title, "status": kind.status.code, "detail": detail,
        ]
        if let field { object["field"] = field }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return [UInt8](data)
    }

    /// For 405: the methods the resource has.
    public var allow: String?

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers: HTTPFields = [.contentType: "application/problem+json"]
        if let allow { headers[.allow] = allow }
        switch kind {
        case .unauthorized: headers[.wwwAuthenticate] = "Bearer"
        case .overloaded, .deadlineExceeded: headers[.retryAfter] = "1"
        case .requestTimeout, .bodyTooLarge: headers[.connection] = "close"
        default: break
        }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: json)))
    }
}
