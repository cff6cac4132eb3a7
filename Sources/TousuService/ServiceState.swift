import Foundation
import Logging
import Synchronization
import TousuClassifier
import TousuHotspots
import TousuText

/// What every route shares: the configuration, the live model, the store, the hotspot finder
/// and the metrics. Built once per application.
final class ServiceState: Sendable {
    let configuration: ServiceConfiguration
    let model: LiveModel
    let store: ComplaintStore
    let metrics: ServiceMetrics
    let terms: TermExtractor
    let finder: HotspotFinder
    let openapi: [UInt8]?
    let started = Date()
    let batches: Gate
    let logger: Logger
    /// Set when graceful shutdown has begun (SIGTERM): /readyz answers 503 from then on.
    let draining = Atomic<Bool>(false)

    init(configuration: ServiceConfiguration, metrics: ServiceMetrics, logger: Logger) throws {
        self.configuration = configuration
        self.metrics = metrics
        self.logger = logger
        model = try LiveModel(path: configuration.model)
        store = try ComplaintStore(path: configuration.store)
        let lexicons = URL(fileURLWithPath: configuration.lexicons)
        terms = TermExtractor(
            tokenizer: try Tokenizer.load(lexicons: lexicons, options: Tokenizer.Options(removeStopwords: true)))
        finder = HotspotFinder(
            names: DisplayNames.load(lexicons: lexicons),
            templates: try WarningTemplates.load(directory: lexicons.appendingPathComponent("warnings")))
        openapi = try configuration.openapi.map { [UInt8](try Data(contentsOf: URL(fileURLWithPath: $0))) }
        batches = Gate(limit: configuration.maxConcurrentBatches)
    }

    var limits: Limits { Limits(maxItems: configuration.maxItems, maxTextLength: configuration.maxTextLength) }
}
