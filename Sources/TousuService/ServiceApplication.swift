import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import UnixSignals

/// Builds the service from a plain configuration value: the routes, their middleware (problem
/// answers, request log and metrics, the 429 gate, API keys), the HTTP server with its idle
/// timeout, and — for a real process — a service that reloads the model on SIGHUP.
public enum TousuServer {
    /// The application for `configuration`. `reloadOnHangup` adds the SIGHUP handler (off in
    /// tests, where signals belong to the test runner).
    public static func build(
        configuration: ServiceConfiguration, logger: Logger, reloadOnHangup: Bool = false
    ) throws -> some ApplicationProtocol {
        let state = try ServiceState(configuration: configuration, metrics: ServiceMetrics(), logger: logger)
        let router = Router()
        router.add(middleware: AccessLogMiddleware(metrics: state.metrics))
        router.add(middleware: ConcurrencyLimitMiddleware(gate: Gate(limit: configuration.maxConcurrent)))

        router.get("/") { request, context in try state.page(request, context: context) }
        router.get("/healthz") { request, context in try await state.healthz(request, context: context) }
        router.get("/readyz") { request, context in try await state.readyz(request, context: context) }
        router.get("/metrics") { request, context in try await state.metricsText(request, context: context) }
        router.get("/openapi.yaml") { request, context in try await state.openAPIDocument(request, context: context) }

        let reads = router.group("v1")
        if configuration.protectReads { reads.add(middleware: APIKeyMiddleware(keys: configuration.apiKeys)) }
        reads.post("classify") { request, context in try await state.classify(request, context: context) }
        reads.post("tokenize") { request, context in try await state.tokenize(request, context: context) }
        reads.post("batch") { request, context in try await state.batch(request, context: context) }
        reads.get("hotspots") { request, context in try await state.hotspots(request, context: context) }

        let writes = router.group("v1").add(middleware: APIKeyMiddleware(keys: configuration.apiKeys))
        writes.post("complaints") { request, context in try await state.ingest(request, context: context) }
        writes.post("admin/reload") { request, context in try await state.reload(request, context: context) }

        var services: [any Service] = []
        if reloadOnHangup { services.append(HangupReloader(state: state)) }
        return Application(
            router: router,
            server: .http1(configuration: .init(idleTimeout: .milliseconds(Int64(configuration.idleTimeout * 1000)))),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "tousu"),
            services: services,
            logger: logger)
    }
}

/// Reloads the model from its path on each SIGHUP until the service shuts down.
struct HangupReloader: Service {
    let state: ServiceState

    func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sighup)
        for await _ in signals.cancelOnGracefulShutdown() {
            try? await state.reloadModel(path: nil)
        }
    }
}
