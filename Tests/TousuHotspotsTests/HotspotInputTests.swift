import Foundation
import Synchronization
import Testing
import TousuBatch
import TousuClassifier
import TousuText

@testable import TousuHotspots

/// Records for hotspots: a record that carries a sector keeps it, the others are classified by the
/// model loaded on first need (or get the default sector); unreadable and undated records counted.
@Suite struct HotspotInputTests {
    static let classifier: Classifier = {
        let lines = (try? String(contentsOf: Paths.root.appendingPathComponent("corpora/sectors/train.jsonl"), encoding: .utf8))?
            .split(separator: "\n") ?? []
        let small = lines.enumerated().filter { $0.offset % 6 == 0 }.map(\.element).joined(separator: "\n")
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tousu-hotspot-input-\(UUID().uuidString).jsonl")
        try? small.write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        // A model of every sixth training record (the repository's data; a test fixture).
        let model = try! TrainingConfiguration().trainer(lexicons: Paths.lexicons).train(LabelledCorpus.read(url))
        return try! Classifier(model: model)
    }()

    static func input(_ lines: [String]) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tousu-hotspot-input-\(UUID().uuidString).jsonl")
        try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    static func reader(defaultSector: String? = nil, loads: Loads? = nil, failing: Bool = false) throws -> HotspotInput {
        return HotspotInput(
            options: BatchOptions(), defaultSector: defaultSector, analyzer: try RecordAnalyzer.load(lexicons: Paths.lexicons),
            classifier: {
                loads?.count.withLock { $0 += 1 }
                if failing { throw ClassifierError.noModel(reason: "test") }
                return Self.classifier
            })
    }

    static let lines = [
        #"{"id":"f1","date":"2020-06-05","text":"外卖吃出头发","sector":"food","natures":["quality"]}"#,
        #"{"id":"r1","date":"2020-06-05","text":"健身房老板跑路了，我的年卡还剩八个月","merchant":"某健身"}"#,
        #"{"id":"r2","text":"4S店拒绝三包，变速箱异响"}"#,
        #"{"id":"bad","date":"2020-06-05"}"#,
        #"{"id":"#,
    ]

    @Test func sectorsKeptOrClassifiedOnce() throws {
        let loads = Loads()
        let path = try Self.input(Self.lines)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try Self.reader(loads: loads).read(input: .file(path))
        #expect(result.records.map(\.id) == ["f1", "r1", "r2"])
        #expect(result.records.map(\.sector) == ["food", "prepaid", "auto"])
        #expect(result.records[0].natures == ["quality"] && result.records[1].merchant == "某健身")
        #expect(result.records[1].tokens?.contains("健身房") == true)
        #expect(result.classified == 2 && loads.count.withLock { $0 } == 1)
        #expect(result.summary.lines == 5 && result.summary.malformed == 2 && result.summary.undated == 1)
        #expect(result.summary.undatedLines == [3])
    }

    @Test func defaultSectorNeedsNoModel() throws {
        let loads = Loads()
        let path = try Self.input(Array(Self.lines.prefix(3)))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try Self.reader(defaultSector: "auto", loads: loads).read(input: .file(path))
        #expect(result.records.map(\.sector) == ["food", "auto", "auto"])
        #expect(result.classified == 0 && loads.count.withLock { $0 } == 0)
    }

    @Test func aModelThatCannotLoadFailsTheRun() throws {
        let path = try Self.input(Self.lines)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: ClassifierError.self) { try Self.reader(failing: true).read(input: .file(path)) }
    }
}

/// How often the classifier was loaded.
final class Loads: Sendable {
    let count = Mutex(0)
}
