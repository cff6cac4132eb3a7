import ArgumentParser
import Dispatch
import Foundation
import Logging
import Synchronization
import TousuClassifier
import TousuService

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the classification service over HTTP (classify, tokenize, batch, ingest, hotspots, report).",
        discussion: """
            Every setting can come from a JSON configuration file (--config FILE or $TOUSU_CONFIG),
            from the environment ($TOUSU_ + the name in capitals, - as _) or from a flag, under the
            same name; a flag beats the environment, which beats the file. API keys for ingest and
            admin: --api-keys a,b or $TOUSU_API_KEYS. SIGHUP reloads the model; SIGTERM makes /readyz
            answer 503, keeps serving for --drain-delay seconds, then stops accepting, lets the
            requests in flight finish and exits.

            Examples:
              tousu serve --port 8315 --model models/sectors.tousu --store tousu.sqlite
              TOUSU_API_KEYS=secret tousu serve --config /etc/tousu/serve.json
              curl -s localhost:8315/v1/classify -d '{"text":"健身房老板跑路了"}'
            """
    )

    @Option(help: "JSON file of settings (default: $TOUSU_CONFIG).") var config: String?
    @Option(help: "Address to listen on (default 127.0.0.1).") var host: String?
    @Option(help: "Port (default 8315; 0 picks a free one).") var port: String?
    @Option(help: "Model file (default: $TOUSU_MODEL or models/sectors.tousu, built on first use).") var model: String?
    @Option(help: "SQLite record store (default tousu.sqlite).") var store: String?
    @Option(help: "Lexicon directory (default: the bundled one).") var lexicons: String?
    @Option(help: "OpenAPI document served at /openapi.yaml (default: the repository's openapi.yaml).") var openapi: String?
    @Option(name: .customLong("api-keys"), help: "Comma-separated API keys for ingest and admin.") var apiKeys: String?
    @Option(name: .customLong("protect-reads"), help: "true: the read endpoints need an API key too.") var protectReads: String?
    @Option(name: .customLong("max-body-bytes"), help: "Largest JSON body (default 1048576).") var maxBodyBytes: String?
    @Option(name: .customLong("max-batch-bytes"), help: "Largest /v1/batch body (default 1073741824).") var maxBatchBytes: String?
    @Option(name: .customLong("max-items"), help: "Most items per request (default 100).") var maxItems: String?
    @Option(name: .customLong("max-text-length"), help: "Longest text in characters (default 20000).") var maxTextLength: String?
    @Option(name: .customLong("request-timeout"), help: "Seconds for a JSON request, body included (default 10): 408, or 503 when the body had come.") var requestTimeout: String?
    @Option(name: .customLong("batch-timeout"), help: "Seconds for a batch request (default 3600).") var batchTimeout: String?
    @Option(name: .customLong("max-concurrent"), help: "Requests in flight before 429 (default 256).") var maxConcurrent: String?
    @Option(name: .customLong("max-concurrent-batches"), help: "Batches in flight before 429 (default 2).") var maxConcurrentBatches: String?
    @Option(name: .customLong("idle-timeout"), help: "Seconds an idle connection stays open (default 30).") var idleTimeout: String?
    @Option(name: .customLong("drain-delay"), help: "Seconds after SIGTERM with /readyz at 503 before the listener closes (default 0).") var drainDelay: String?
    @Option(name: .customLong("batch-threads"), help: "Classification threads per batch (default: all cores).") var batchThreads: String?
    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.") var logLevel: String?

    /// The flags given, by setting name.
    private var flags: [(String, String?)] {
        [
            ("host", host), ("port", port), ("model", model), ("store", store), ("lexicons", lexicons),
            ("openapi", openapi), ("api-keys", apiKeys), ("protect-reads", protectReads),
            ("max-body-bytes", maxBodyBytes), ("max-batch-bytes", maxBatchBytes), ("max-items", maxItems),
            ("max-text-length", maxTextLength), ("request-timeout", requestTimeout), ("batch-timeout", batchTimeout),
            ("max-concurrent", maxConcurrent), ("max-concurrent-batches", maxConcurrentBatches),
            ("idle-timeout", idleTimeout), ("drain-delay", drainDelay), ("batch-threads", batchThreads), ("log-level", logLevel),
        ]
    }

    func run() throws {
        let configuration = try resolve()
        TousuServer.runTasksOnEventLoops()  // before the first task
        signal(SIGPIPE, SIG_IGN)
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = Logger.Level(rawValue: configuration.logLevel) ?? .info
            return handler
        }
        let logger = Logger(label: "tousu")
        let failure = Mutex<(any Error)?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task {
            do {
                try await TousuServer.serviceGroup(configuration: configuration, logger: logger, reloadOnHangup: true).run()
            } catch {
                failure.withLock { $0 = error }
            }
            done.signal()
        }
        done.wait()
        if let error = failure.withLock({ $0 }) {
            // The service stopped on an error: most often it could not listen (the port in use,
            // an unknown host), never a usage mistake the options could have caught.
            throw CommandError.unavailable("serve on \(configuration.host):\(configuration.port): \(error)")
        }
    }

    /// Defaults, then the file, then the environment, then the flags.
    func resolve() throws -> ServiceConfiguration {
        let env = ProcessInfo.processInfo.environment
        let lexiconURL = Bundled.find("lexicons/dictionary")?.deletingLastPathComponent() ?? URL(fileURLWithPath: "lexicons")
        var configuration = ServiceConfiguration(model: "", lexicons: lexiconURL.path)
        configuration.openapi = Bundled.find("openapi.yaml")?.path
        do {
            if let file = config ?? env["TOUSU_CONFIG"] {
                for (name, value) in try ServiceConfiguration.settings(fromFile: file) {
                    try configuration.set(name, to: value)
                }
            }
            for name in ServiceConfiguration.names {
                if let value = env[ServiceConfiguration.environmentName(name)] { try configuration.set(name, to: value) }
            }
            for case let (name, value?) in flags { try configuration.set(name, to: value) }
        } catch let error as ConfigurationError {
            throw ValidationError(error.description)
        }
        // The model as every command resolves it: the setting (flag, $TOUSU_MODEL, file), else the
        // default model, built from the bundled corpus on first use.
        let resolution = ModelResolution(
            explicit: configuration.model.isEmpty ? nil : configuration.model, environment: nil,
            defaultModel: Bundled.defaultModel, corpus: Bundled.sectorCorpus,
            lexicons: URL(fileURLWithPath: configuration.lexicons))
        let (url, origin) = try resolution.resolve()
        if origin == .built { Console.note("tousu: built the default model \(url.path)") }
        configuration.model = url.path
        return configuration
    }
}
