import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import TousuClassifier
import TousuService

/// A model trained once on the bundled corpus, written to a temporary file, and a fresh store
/// and configuration per test.
enum ServiceFixture {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let lexicons = root.appendingPathComponent("lexicons")
    static let directory: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tousu-service-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()

    /// The model file (trained once per test process).
    static let modelPath: Result<String, any Error> = Result {
        let taxonomy = try Taxonomy.load(lexicons: lexicons)
        let trainer = Trainer(
            taxonomy: taxonomy, lexicon: try Lexicon.load(lexicons: lexicons, taxonomy: taxonomy),
            tokenizer: try TokenizerSettings.load(lexicons: lexicons, options: .init()))
        let model = try trainer.train(LabelledCorpus.read(root.appendingPathComponent("corpora/sectors/train.jsonl")))
        let url = directory.appendingPathComponent("sectors.tousu")
        try ModelFile.write(model, to: url)
        return url.path
    }

    static let apiKey = "test-key-0123456789"

    /// A configuration over the shared model and a store of its own.
    static func configuration(_ change: (inout ServiceConfiguration) -> Void = { _ in }) throws -> ServiceConfiguration {
        var c = ServiceConfiguration(model: try modelPath.get(), lexicons: lexicons.path)
        c.store = directory.appendingPathComponent("store-\(UUID().uuidString).sqlite").path
        c.openapi = root.appendingPathComponent("openapi.yaml").path
        c.apiKeys = [apiKey]
        // Generous: parallel tests on a loaded machine can keep a request waiting for a thread
        // for seconds; the tests of the timeout set their own.
        c.requestTimeout = 300
        change(&c)
        return c
    }

    static func app(_ change: (inout ServiceConfiguration) -> Void = { _ in }) throws -> some ApplicationProtocol {
        var logger = Logger(label: "tousu-test")
        logger.logLevel = .warning
        return try TousuServer.build(configuration: try configuration(change), logger: logger)
    }

    static func json(_ buffer: ByteBuffer) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(buffer: buffer))
        guard let dict = object as? [String: Any] else { throw FixtureError.notAnObject(String(buffer: buffer)) }
        return dict
    }

    static func body(_ object: Any) throws -> ByteBuffer {
        ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: object))
    }

    enum FixtureError: Error { case notAnObject(String) }
}

extension ServiceFixture {
    /// A top-level field of a JSON body (nil when the body is not a JSON object).
    static func value(_ buffer: ByteBuffer, _ key: String) -> Any? {
        (try? json(buffer))?[key]
    }
}
