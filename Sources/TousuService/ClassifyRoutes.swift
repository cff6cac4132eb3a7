import Foundation
import Hummingbird
import TousuClassifier
import TousuText

/// `POST /v1/classify` and `POST /v1/tokenize`: the library's classification and tokenization
/// of one text or a list of items, with the model serving at the time the request arrived.
extension ServiceState {
    func classify(_ request: Request, context: some RequestContext) async throws -> Response {
        let explain = try Self.flag(request, "explain", default: true)
        let body = try await JSONBody.collect(request, limit: configuration.maxBodyBytes)
        let texts = try TextsRequest.read(body, limits: limits)
        let live = model.current
        let classifier = explain ? live.classifier : live.withoutExplanations
        if let text = texts.text {
            let prediction = try classifier.classify(text)
            metrics.classified(sector: prediction.sector)
            return Self.json(bytes: PredictionJSON.document(prediction))
        }
        var items: [ClassifiedItem] = []
        for item in texts.items ?? [] {
            try Task.checkCancellation()  // the request timeout
            let prediction = try classifier.classify(item.text)
            metrics.classified(sector: prediction.sector)
            items.append(ClassifiedItem(id: item.id, prediction: prediction))
        }
        return Self.json(bytes: PredictionJSON.items(items))
    }

    func tokenize(_ request: Request, context: some RequestContext) async throws -> Response {
        let body = try await JSONBody.collect(request, limit: configuration.maxBodyBytes)
        let texts = try TextsRequest.read(body, limits: limits)
        let tokenizer = model.current.classifier.tokenizer
        func tokens(_ text: String) throws -> [TokenSpan] { try tokenizer.tokenize(text).spans }
        if let text = texts.text { return try Self.json(TokenizedItem(id: nil, tokens: tokens(text))) }
        let items = try (texts.items ?? []).map { item in
            try Task.checkCancellation()  // the request timeout
            return TokenizedItem(id: item.id, tokens: try tokens(item.text))
        }
        return try Self.json(["items": items])
    }

    /// A boolean query parameter (`true`/`false`, `1`/`0`); anything else is 422 naming it.
    static func flag(_ request: Request, _ name: String, default value: Bool) throws -> Bool {
        guard let text = request.uri.queryParameters[Substring(name)] else { return value }
        switch text.lowercased() {
        case "true", "1": return true
        case "false", "0": return false
        default: throw Problem(.invalidField, "query parameter \(name) must be true or false, not \(text)", field: name)
        }
    }

    /// A JSON answer (sorted keys, as `tousu classify` prints).
    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(value)
        return Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
