import Foundation
import Hummingbird
import TousuHotspots

/// `GET /v1/report?from=…&to=…[&top=N]`: the period report (totals and change, sector and nature
/// breakdowns, the top themes) of the stored complaints, by the same `PeriodReportRun` as
/// `tousu report`; JSON, or the HTML report when the client asks for text/html.
extension ServiceState {
    /// The longest period one request may ask for, in days (ten years).
    static let longestPeriod = 3660

    func report(_ request: Request, context: some RequestContext) async throws -> Response {
        let query = request.uri.queryParameters
        func day(_ name: String) throws -> Day {
            guard let text = query[Substring(name)] else { throw Problem(.invalidField, "\(name) is missing (yyyy-MM-dd)", field: name) }
            guard let day = Day(parsing: String(text)) else {
                throw Problem(.invalidField, "\(name) must be a date (yyyy-MM-dd), not \(text)", field: name)
            }
            return day
        }
        let from = try day("from"), to = try day("to")
        guard from <= to else { throw Problem(.invalidField, "from \(from) is after to \(to)", field: "from") }
        let length = to.number - from.number + 1
        guard length <= Self.longestPeriod else {
            throw Problem(.invalidField, "the period has \(length) days; the longest is \(Self.longestPeriod)", field: "to")
        }
        var top = 10
        if let text = query["top"] {
            guard let n = Int(text), (1...100).contains(n) else {
                throw Problem(.invalidField, "top must be an integer from 1 to 100, not \(text)", field: "top")
            }
            top = n
        }
        // The period's records whole (themes need their terms and texts); the previous period
        // and the year before only counted.
        let records = try await store.records(from: from, to: to)
        let countedFrom = Day(number: min(from.number - length, from.number - 365))
        var counted = try await store.records(from: countedFrom, to: from - 1, countsOnly: true)
        counted.append(contentsOf: records)
        var aggregates = DailyAggregates(counted)
        // The report compares with the year before only when the data reaches back that far: say
        // how far the store reaches even when that day lies before the days loaded.
        if let first = try await store.firstDay(), first < countedFrom { aggregates.days[first, default: [:]] = [:] }
        let builder = PeriodReportBuilder(names: finder.names, templates: finder.templates, top: top)
        let report: PeriodReport
        do {
            report = try builder.build(aggregates: aggregates, records: records, from: from, to: to)
        } catch .noDatedRecords {
            throw Problem(.noRecords, "the store holds no dated complaints yet")
        } catch .outsideData(let asked, let first, let last) {
            throw Problem(.noRecords, "\(asked) is outside the stored complaints, which run from \(first) to \(last)")
        } catch {
            throw Problem(.internalError, "\(error)")
        }
        let html = Self.wantsHTML(request)
        let text = try (html ? PeriodReportFormat.html : .json).render(report)
        return Response(
            status: .ok,
            headers: [.contentType: html ? "text/html; charset=utf-8" : "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// True when the Accept header asks for text/html.
    static func wantsHTML(_ request: Request) -> Bool {
        request.headers[.accept].map { $0.contains("text/html") } ?? false
    }
}
