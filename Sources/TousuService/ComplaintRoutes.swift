import Foundation
import Hummingbird
import TousuClassifier
import TousuHotspots

/// `POST /v1/complaints` (ingest: classify and store, idempotent by id) and `GET /v1/hotspots`
/// (the hotspot report of a window, from the store, by `HotspotFinder`).
extension ServiceState {
    struct IngestedItem: Encodable {
        var id: String
        var status: ComplaintStore.Outcome
        var prediction: Prediction
    }

    struct IngestAnswer: Encodable {
        var stored: Int
        var duplicates: Int
        var items: [IngestedItem]
    }

    func ingest(_ request: Request, context: some RequestContext) async throws -> Response {
        let body = try await JSONBody.collect(request, limit: configuration.maxBodyBytes)
        let records = try JSONBody.decode(ComplaintsRequest.self, from: body, limits: limits).records
        var seen = Set<String>()
        for (i, r) in records.enumerated() where !seen.insert(r.id).inserted {
            throw Problem(.invalidField, "items[\(i)].id \"\(r.id)\" appears twice in this request", field: "items[\(i)].id")
        }
        let classifier = model.current.withoutExplanations
        var entries: [ComplaintStore.Entry] = []
        for r in records {
            try Task.checkCancellation()  // the request timeout
            let prediction = try classifier.classify(r.text)
            entries.append(
                ComplaintStore.Entry(
                    id: r.id, day: r.date.flatMap(Day.init(parsing:)), text: r.text, merchant: r.merchant,
                    region: r.region, prediction: prediction, terms: try terms.terms(r.text)))
        }
        let outcomes = try await store.store(entries)
        var answer = IngestAnswer(stored: 0, duplicates: 0, items: [])
        for (entry, outcome) in zip(entries, outcomes) {
            if outcome == .stored {
                answer.stored += 1
                metrics.classified(sector: entry.prediction.sector)
            } else {
                answer.duplicates += 1
            }
            answer.items.append(IngestedItem(id: entry.id, status: outcome, prediction: entry.prediction))
        }
        metrics.ingested("stored", count: answer.stored)
        metrics.ingested("duplicate", count: answer.duplicates)
        return try Self.json(answer)
    }

    func hotspots(_ request: Request, context: some RequestContext) async throws -> Response {
        let query = request.uri.queryParameters
        var parameters = finder.parameters
        if let w = query["window"] {
            guard let kind = WindowKind(rawValue: String(w)) else {
                throw Problem(.invalidField, "window must be day or week, not \(w)", field: "window")
            }
            parameters.window = kind
        }
        var asOf: Day? = nil
        if let text = query["as_of"] {
            guard let day = Day(parsing: String(text)) else {
                throw Problem(.invalidField, "as_of must be a date (yyyy-MM-dd), not \(text)", field: "as_of")
            }
            asOf = day
        }
        var top: Int? = nil
        if let text = query["top"] {
            guard let n = Int(text), n >= 1, n <= 1000 else {
                throw Problem(.invalidField, "top must be an integer from 1 to 1000, not \(text)", field: "top")
            }
            top = n
        }
        var lastDay = asOf
        if lastDay == nil { lastDay = try await store.lastDay() }
        guard let last = lastDay else {
            throw Problem(.noRecords, "the store holds no dated complaints yet")
        }
        let kind = parameters.window
        let start = kind.start(of: last)
        // Room for the history and the series, with slack for gaps (as `tousu hotspots --history`).
        let span = 2 * (parameters.detector.historyWindows + parameters.seriesLength) * kind.length
        let records = try await store.records(from: start - span, to: start + (kind.length - 1))
        var finder = self.finder
        finder.parameters = parameters
        let report: HotspotReport
        do {
            report = try finder.find(
                aggregates: DailyAggregates(records), records: records, asOf: last,
                summary: .init(recordsRead: records.count))
        } catch .noDatedRecords {
            throw Problem(.noRecords, "no dated complaints in the store up to \(last)")
        }
        return try Self.report(report, top: top, request: request)
    }

    /// A report as JSON, or as the HTML page when the client asks for text/html.
    static func report(_ report: HotspotReport, top: Int?, request: Request) throws -> Response {
        let html = wantsHTML(request)
        let format: ReportFormat = html ? .html : .json
        let text = try format.render(report, top: top)
        return Response(
            status: .ok,
            headers: [.contentType: html ? "text/html; charset=utf-8" : "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
