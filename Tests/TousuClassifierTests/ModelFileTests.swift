import Foundation
import Testing
@testable import TousuClassifier

@Suite struct ModelFileTests {
    let bytes = try! ModelFile.encode(Fixtures.model)

    @Test func roundTripKeepsEverything() throws {
        let decoded = try ModelFile.decode(bytes)
        #expect(decoded == Fixtures.model)
        // Same counts, same bytes.
        #expect(try ModelFile.encode(decoded) == bytes)
    }

    func reason(_ damaged: [UInt8]) -> String {
        do {
            _ = try ModelFile.decode(damaged)
            return "accepted"
        } catch {
            return "\(error)"
        }
    }

    @Test func damagedFileIsRefused() {
        var damaged = bytes
        damaged[damaged.count / 2] ^= 0x40
        #expect(reason(damaged).contains("checksum"))
    }

    @Test func truncatedFileIsRefused() {
        #expect(reason(Array(bytes.prefix(bytes.count - 100))).contains("checksum"))
        #expect(reason(Array(bytes.prefix(10))) != "accepted")
        #expect(reason([]).contains("magic"))
    }

    @Test func wrongVersionIsRefused() {
        var other = bytes
        other[8] = 9  // version 9
        #expect(reason(other).contains("version 9"))
    }

    @Test func otherFilesAreRefused() {
        #expect(reason(Array("{\"not\": \"a model\"}".utf8)).contains("magic"))
    }

    @Test func writesAndReadsFiles() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tousu-test-\(UUID()).tousu")
        defer { try? FileManager.default.removeItem(at: url) }
        try ModelFile.write(Fixtures.model, to: url)
        let classifier = try Classifier.load(contentsOf: url)
        #expect(try classifier.classify("健身房跑路了").sector == "prepaid")
    }
}
