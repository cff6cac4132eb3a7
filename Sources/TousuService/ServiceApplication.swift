import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import UnixSignals

/// Builds the service from a plain configuration value: the routes, their middleware (problem
/// answers, request log and metrics, the 429 gate, API keys), the request timeout, the HTTP
/// server with its idle timeout, and — for a real process — a service that reloads the model on
/// SIGHUP and the service group that drains on SIGTERM.
public enum TousuServer {
    /// The application for `configuration`. `reloadOnHangup` adds the SIGHUP handler (off in
    /// tests, where signals belong to the test runner).
    public static func build(
        configuration: ServiceConfiguration, logger: Logger, reloadOnHangup: Bool = false,
        onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) throws -> some ApplicationProtocol {
        try make(configuration: configuration, logger: logger, reloadOnHangup: reloadOnHangup, onRunning: onRunning).app
    }

    /// The whole service as it runs in a process: the application and the drain notice in one
    /// service group. On a signal of `shutdownSignals` (or `triggerGracefulShutdown()`), /readyz
    /// answers 503 at once, requests are still served for `drain-delay` seconds, then the server
    /// stops accepting, lets the requests in flight finish and `run()` returns.
    /// `onRunning` gets the port once the server listens.
    public static func serviceGroup(
        configuration: ServiceConfiguration, logger: Logger, reloadOnHangup: Bool = false,
        shutdownSignals: [UnixSignal] = [.sigterm, .sigint], onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) throws -> ServiceGroup {
        let (app, state) = try make(configuration: configuration, logger: logger, reloadOnHangup: reloadOnHangup, onRunning: onRunning)
        // Shut down in reverse order: the drain notice first (it waits out the delay), then the server.
        return ServiceGroup(
            configuration: .init(
                services: [.init(service: app), .init(service: DrainNotice(state: state, delay: configuration.drainDelay))],
                gracefulShutdownSignals: shutdownSignals, logger: logger))
    }

    static func make(
        configuration: ServiceConfiguration, logger: Logger, reloadOnHangup: Bool,
        onRunning: @escaping @Sendable (Int) async -> Void
    ) throws -> (app: some ApplicationProtocol, state: ServiceState) {
        let state = try ServiceState(configuration: configuration, metrics: ServiceMetrics(), logger: logger)
        let router = Router(context: TousuRequestContext.self)
        router.add(middleware: AccessLogMiddleware(metrics: state.metrics))
        router.add(middleware: ConcurrencyLimitMiddleware(gate: Gate(limit: configuration.maxConcurrent)))

        router.get("/") { request, context in try state.page(request, context: context) }
        router.get("/healthz") { request, context in try await state.healthz(request, context: context) }
        router.get("/readyz") { request, context in try await state.readyz(request, context: context) }
        router.get("/metrics") { request, context in try await state.metricsText(request, context: context) }
        router.get("/openapi.yaml") { request, context in try await state.openAPIDocument(request, context: context) }

        // Every JSON route runs under the request timeout; /v1/batch has its own (batch-timeout),
        // and a reload, once its body has come, finishes (a model swap is not cut in half).
        let reads = router.group("v1")
        if configuration.protectReads { reads.add(middleware: APIKeyMiddleware(keys: configuration.apiKeys)) }
        reads.post("classify") { request, context in try await state.withinDeadline { try await state.classify(request, context: context) } }
        reads.post("tokenize") { request, context in try await state.withinDeadline { try await state.tokenize(request, context: context) } }
        reads.post("batch") { request, context in try await state.batch(request, context: context) }
        reads.get("hotspots") { request, context in try await state.withinDeadline { try await state.hotspots(request, context: context) } }
        reads.get("report") { request, context in try await state.withinDeadline { try await state.report(request, context: context) } }

        let writes = router.group("v1").add(middleware: APIKeyMiddleware(keys: configuration.apiKeys))
        writes.post("complaints") { request, context in try await state.withinDeadline { try await state.ingest(request, context: context) } }
        writes.post("admin/reload") { request, context in try await state.reload(request, context: context) }

        var services: [any Service] = []
        if reloadOnHangup { services.append(HangupReloader(state: state)) }
        let app = Application(
            router: router,
            server: .http1(configuration: .init(idleTimeout: .milliseconds(Int64(configuration.idleTimeout * 1000)))),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "tousu"),
            services: services,
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? configuration.port) },
            logger: logger)
        return (app, state)
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

/// Waits for graceful shutdown, then marks the service as draining (/readyz 503) and keeps it
/// serving for `delay` seconds before the server is told to stop.
struct DrainNotice: Service {
    let state: ServiceState
    let delay: Double

    func run() async throws {
        do { try await gracefulShutdown() } catch { return }  // cancelled: the group is going down anyway
        state.draining.store(true, ordering: .relaxed)
        state.logger.notice("draining", metadata: ["delay_s": "\(delay)"])
        if delay > 0 { try? await Task.sleep(for: .seconds(delay)) }
    }
}
