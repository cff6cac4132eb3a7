import Foundation

/// Everything the service is built from: a plain value. The CLI fills it from a configuration
/// file, the environment and flags, which use the same names (`max-body-bytes` in the file is
/// `$TOUSU_MAX_BODY_BYTES` and `--max-body-bytes`); tests build one in memory.
public struct ServiceConfiguration: Sendable, Equatable {
    public var host = "127.0.0.1"
    public var port = 8315
    /// The model file (reloaded from the same path on SIGHUP or /v1/admin/reload).
    public var model: String
    /// The SQLite record store.
    public var store = "tousu.sqlite"
    /// The lexicon folder (display names, warning templates, term tokenizer for hotspots).
    public var lexicons: String
    /// The OpenAPI document served at GET /openapi.yaml (nil: 404).
    public var openapi: String?
    /// API keys for ingest and admin (`Authorization: Bearer KEY`). Empty: those routes refuse all.
    public var apiKeys: [String] = []
    /// Require an API key on the read endpoints (classify, tokenize, batch, hotspots, report) too.
    public var protectReads = false
    /// Largest request body for JSON endpoints, in bytes (413 above).
    public var maxBodyBytes = 1 << 20
    /// Largest /v1/batch body, in bytes (streamed, never held whole; 413 above).
    public var maxBatchBytes = 1 << 30
    /// Most items in one classify or ingest request (422 above).
    public var maxItems = 100
    /// Longest text, in Unicode scalars (422 above; batch rejects the record instead).
    public var maxTextLength = 20_000
    /// Seconds a JSON request may take, body included: 408 when the body has not arrived by
    /// then, 503 `deadline-exceeded` when it has but the answer is not ready.
    public var requestTimeout = 10.0
    /// Seconds a /v1/batch request may take; then its input stops there and the summary line
    /// says so (read = written + rejected for what was read).
    public var batchTimeout = 3600.0
    /// Requests in flight at once; more get 429.
    public var maxConcurrent = 256
    /// Batch requests in flight at once; more get 429.
    public var maxConcurrentBatches = 2
    /// Seconds a connection may stay idle (or dribble its request head) before it is closed.
    public var idleTimeout = 30.0
    /// Seconds between SIGTERM and closing the listener, while /readyz answers 503 and requests
    /// are still served (for a load balancer to notice); then the requests in flight finish.
    public var drainDelay = 0.0
    /// Classification threads of one batch request.
    public var batchThreads = ProcessInfo.processInfo.activeProcessorCount
    /// Log level: trace, debug, info, notice, warning, error, critical.
    public var logLevel = "info"

    public init(model: String, lexicons: String) {
        self.model = model
        self.lexicons = lexicons
    }

    /// The setting names, as used in the file, in `$TOUSU_…` (upper case, `-` → `_`) and as flags.
    public static let names = [
        "host", "port", "model", "store", "lexicons", "openapi", "api-keys", "protect-reads",
        "max-body-bytes", "max-batch-bytes", "max-items", "max-text-length", "request-timeout",
        "batch-timeout", "max-concurrent", "max-concurrent-batches", "idle-timeout", "drain-delay", "batch-threads",
        "log-level",
    ]

    /// The environment variable of a setting: `max-body-bytes` → `TOUSU_MAX_BODY_BYTES`.
    public static func environmentName(_ name: String) -> String {
        "TOUSU_" + name.uppercased().replacingOccurrences(of: "-", with: "_")
    }

    /// Sets one setting from its text (a flag's, a variable's or a file's value).
    public mutating func set(_ name: String, to text: String) throws {
        func int(_ range: ClosedRange<Int>) throws -> Int {
            guard let v = Int(text.trimmingCharacters(in: .whitespaces)), range.contains(v) else {
                throw ConfigurationError.badValue(name: name, value: text, expected: "an integer in \(range.lowerBound)...\(range.upperBound)")
            }
            return v
        }
        func seconds() throws -> Double {
            guard let v = Double(text.trimmingCharacters(in: .whitespaces)), v.isFinite, v > 0, v <= 86_400 else {
                throw ConfigurationError.badValue(name: name, value: text, expected: "seconds, more than 0 and at most 86400")
            }
            return v
        }
        switch name {
        case "host": host = text
        case "port": port = try int(0...65535)
        case "model": model = text
        case "store": store = text
        case "lexicons": lexicons = text
        case "openapi": openapi = text
        case "api-keys":
            apiKeys = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        case "protect-reads":
            switch text.lowercased() {
            case "true", "1", "yes": protectReads = true
            case "false", "0", "no": protectReads = false
            default: throw ConfigurationError.badValue(name: name, value: text, expected: "true or false")
            }
        case "max-body-bytes": maxBodyBytes = try int(1...(1 << 30))
        case "max-batch-bytes": maxBatchBytes = try int(1...(1 << 40))
        case "max-items": maxItems = try int(1...100_000)
        case "max-text-length": maxTextLength = try int(1...10_000_000)
        case "request-timeout": requestTimeout = try seconds()
        case "batch-timeout": batchTimeout = try seconds()
        case "max-concurrent": maxConcurrent = try int(1...100_000)
        case "max-concurrent-batches": maxConcurrentBatches = try int(1...1000)
        case "idle-timeout": idleTimeout = try seconds()
        case "drain-delay":
            guard let v = Double(text.trimmingCharacters(in: .whitespaces)), v.isFinite, v >= 0, v <= 3600 else {
                throw ConfigurationError.badValue(name: name, value: text, expected: "seconds from 0 to 3600")
            }
            drainDelay = v
        case "batch-threads": batchThreads = try int(1...1024)
        case "log-level":
            guard ["trace", "debug", "info", "notice", "warning", "error", "critical"].contains(text) else {
                throw ConfigurationError.badValue(name: name, value: text, expected: "trace, debug, info, notice, warning, error or critical")
            }
            logLevel = text
        default: throw ConfigurationError.unknownSetting(name)
        }
    }

    /// The settings of a JSON configuration file: an object of setting names to values (strings,
    /// numbers, booleans; `api-keys` may be an array of strings).
    public static func settings(fromFile path: String) throws -> [(String, String)] {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw ConfigurationError.file(path: path, reason: "cannot read: \(error.localizedDescription)")
        }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw ConfigurationError.file(path: path, reason: "not a JSON object of setting names to values")
        }
        var out: [(String, String)] = []
        for (name, value) in object.sorted(by: { $0.key < $1.key }) {
            guard names.contains(name) else { throw ConfigurationError.file(path: path, reason: "unknown setting \"\(name)\"") }
            switch value {
            case let s as String: out.append((name, s))
            case let b as Bool where name == "protect-reads": out.append((name, b ? "true" : "false"))
            case let n as NSNumber: out.append((name, n.stringValue))
            case let a as [Any] where name == "api-keys":
                guard let keys = a as? [String], !keys.contains(where: { $0.contains(",") }) else {
                    throw ConfigurationError.file(path: path, reason: "api-keys must be an array of strings without commas")
                }
                out.append((name, keys.joined(separator: ",")))
            default: throw ConfigurationError.file(path: path, reason: "setting \"\(name)\" has a value of the wrong type")
            }
        }
        return out
    }
}

/// A setting that cannot be used, named.
public enum ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownSetting(String)
    case badValue(name: String, value: String, expected: String)
    case file(path: String, reason: String)

    public var description: String {
        switch self {
        case .unknownSetting(let name): "unknown setting \(name)"
        case .badValue(let name, let value, let expected): "\(name): \"\(value)\" is not \(expected)"
        case .file(let path, let reason): "configuration file \(path): \(reason)"
        }
    }
}
