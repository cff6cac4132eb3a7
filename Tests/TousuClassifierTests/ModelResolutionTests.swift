import Foundation
import Synchronization
import Testing

@testable import TousuClassifier

/// Which model a command uses, and the default model built once however many ask at once.
@Suite struct ModelResolutionTests {
    static func scratch() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tousu-resolve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// A small labelled corpus: every 8th line of the training corpus (all five sectors).
    static func smallCorpus(in dir: URL) throws -> URL {
        let lines = try String(contentsOf: Fixtures.corpus, encoding: .utf8).split(separator: "\n")
        let url = dir.appendingPathComponent("small.jsonl")
        try (lines.enumerated().filter { $0.offset % 8 == 0 }.map { String($0.element) }.joined(separator: "\n") + "\n")
            .write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test func explicitThenEnvironmentThenDefault() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let existing = dir.appendingPathComponent("default.tousu")
        try Data().write(to: existing)
        var r = ModelResolution(
            explicit: "a.tousu", environment: "b.tousu", defaultModel: existing, corpus: nil, lexicons: Fixtures.lexicons)
        #expect(try r.resolve() == (URL(fileURLWithPath: "a.tousu"), .explicit))
        r.explicit = nil
        #expect(try r.resolve() == (URL(fileURLWithPath: "b.tousu"), .environment))
        r.environment = ""  // an empty variable is no model
        #expect(try r.resolve() == (existing, .defaultModel))
        r.defaultModel = nil
        #expect(throws: ClassifierError.self) { try r.resolve() }
        r.defaultModel = dir.appendingPathComponent("missing.tousu")  // and no corpus to build it from
        #expect(throws: ClassifierError.self) { try r.resolve() }
    }

    /// Four threads ask for a missing default model at once: one builds it, the others wait and
    /// get the finished file; nothing but the model and its lock file is left. (The build trains
    /// the nature model too; the limit leaves room for a debug build on a loaded machine.)
    @Test(.timeLimit(.minutes(6)))
    func defaultModelIsBuiltOnceUnderConcurrency() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let model = dir.appendingPathComponent("models/sectors.tousu")
        let resolution = ModelResolution(
            explicit: nil, environment: nil, defaultModel: model, corpus: try Self.smallCorpus(in: dir),
            lexicons: Fixtures.lexicons)
        let origins = Origins()
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            do {
                let (url, origin) = try resolution.resolve()
                origins.add(url == model ? origin : nil)
            } catch {
                origins.add(nil)
            }
        }
        let all = origins.all
        #expect(all.filter { $0 == .built }.count == 1, "\(all)")
        #expect(all.filter { $0 == .defaultModel }.count == 3, "\(all)")
        let classifier = try Classifier.load(contentsOf: model)
        #expect(try classifier.classify("健身房老板跑路了，我的年卡还剩八个月").sector == "prepaid")
        let left = try FileManager.default.contentsOfDirectory(atPath: model.deletingLastPathComponent().path).sorted()
        #expect(left == ["sectors.tousu", "sectors.tousu.lock"])
    }

    @Test(arguments: [0, -1, Double.nan, Double.infinity, 1e308])
    func badAlphaIsRefused(alpha: Double) {
        #expect(throws: ClassifierError.self) { try TrainingConfiguration(alpha: alpha).validate() }
    }

    @Test func defaultConfigurationIsTheTrainerDefault() throws {
        try TrainingConfiguration().validate()
        let trainer = try TrainingConfiguration().trainer(lexicons: Fixtures.lexicons)
        #expect(trainer.parameters == NaiveBayesParameters() && trainer.features == FeatureOptions())
        #expect(trainer.calibration == Calibration() && !trainer.lexicon.labels.isEmpty)
        #expect(throws: ClassifierError.self) { try TrainingConfiguration(lexiconWeight: .nan).validate() }
    }
}

/// Origins collected from several threads.
final class Origins: Sendable {
    private let items = Mutex<[ModelResolution.Origin?]>([])
    func add(_ origin: ModelResolution.Origin?) { items.withLock { $0.append(origin) } }
    var all: [ModelResolution.Origin?] { items.withLock { $0 } }
}
