import CoreMetrics
import Foundation
import Metrics
import Prometheus

/// The service's metrics through swift-metrics, kept in its own Prometheus registry (so that
/// several services in one process, as in tests, do not mix their counts) and rendered in the
/// Prometheus text format at GET /metrics.
public struct ServiceMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory
    private let inFlight: Meter

    public init() {
        registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5),
            .milliseconds(10), .milliseconds(20), .milliseconds(50), .milliseconds(100), .milliseconds(250),
            .milliseconds(500), .seconds(1), .seconds(5), .seconds(30),
        ]
        self.factory = factory
        inFlight = Meter(label: "tousu_http_requests_in_flight", factory: factory)
    }

    /// One answered request: counted by route, method and status, timed by route.
    public func request(route: String, method: String, status: Int, nanoseconds: UInt64) {
        Counter(
            label: "tousu_http_requests_total",
            dimensions: [("route", route), ("method", method), ("status", String(status))], factory: factory
        ).increment()
        Metrics.Timer(label: "tousu_http_request_duration_seconds", dimensions: [("route", route)], factory: factory)
            .recordNanoseconds(Int64(clamping: nanoseconds))
    }

    public func started() { inFlight.increment() }
    public func finished() { inFlight.decrement() }

    /// Records classified, by sector.
    public func classified(sector: String, count: Int = 1) {
        Counter(label: "tousu_records_classified_total", dimensions: [("sector", sector)], factory: factory)
            .increment(by: count)
    }

    /// Batch records rejected.
    public func rejected(_ count: Int) {
        guard count > 0 else { return }
        Counter(label: "tousu_batch_rejects_total", factory: factory).increment(by: count)
    }

    /// A model reload, good or refused.
    public func reload(accepted: Bool) {
        Counter(label: "tousu_model_reloads_total", dimensions: [("result", accepted ? "accepted" : "refused")], factory: factory)
            .increment()
    }

    /// Complaints ingested: stored or duplicate.
    public func ingested(_ outcome: String, count: Int) {
        guard count > 0 else { return }
        Counter(label: "tousu_complaints_ingested_total", dimensions: [("outcome", outcome)], factory: factory)
            .increment(by: count)
    }

    /// The text format.
    public func render() -> [UInt8] { registry.emitToBuffer() }
}
