import Foundation
import Synchronization
import TousuClassifier
import TousuText

/// The model the service classifies with, swapped whole on reload: a request takes the current
/// one and keeps it to its end, so a reload never changes a request half-way. A file that cannot
/// be read or fails its checks is refused and the current model keeps serving.
public final class LiveModel: Sendable {
    /// One loaded model: its classifiers (with and without explanations) and where it came from.
    public struct Loaded: Sendable {
        public let classifier: Classifier
        public let withoutExplanations: Classifier
        /// The file's FNV-1a 64 hash as hex: names the model in /healthz and in logs.
        public let id: String
        public let path: String
        public let loadedAt: Date

        init(path: String) throws {
            let url = URL(fileURLWithPath: path)
            // Only a regular file: a device or a FIFO named by a request must not hang the load.
            let attributes = try? FileManager.default.attributesOfItem(atPath: path)
            guard attributes?[.type] as? FileAttributeType == .typeRegular else {
                throw ClassifierError.modelFile(path: path, reason: "not a regular file")
            }
            let data: Data
            do { data = try Data(contentsOf: url) } catch {
                throw ClassifierError.modelFile(path: path, reason: "cannot read: \(error.localizedDescription)")
            }
            let model = try ModelFile.decode([UInt8](data), path: path)
            classifier = try Classifier(model: model)
            var quiet = classifier
            quiet.explanationLimit = 0
            withoutExplanations = quiet
            id = FNV1a.hex(data)
            self.path = path
            loadedAt = Date()
        }
    }

    private let state: Mutex<Loaded>

    /// Loads the model at `path`; throws when it cannot be used.
    public init(path: String) throws {
        state = Mutex(try Loaded(path: path))
    }

    /// The model serving now.
    public var current: Loaded { state.withLock { $0 } }

    /// Loads `path` (default: the current model's path) and, when it is good, serves it from now
    /// on. Throws the reason when refused; the current model is then unchanged.
    @discardableResult
    public func reload(path: String? = nil) throws -> Loaded {
        let next = try Loaded(path: path ?? current.path)
        state.withLock { $0 = next }
        return next
    }
}
