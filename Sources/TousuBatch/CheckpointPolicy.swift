import Foundation

/// Whether a run keeps a checkpoint, and the checkpoint it resumes from. Checkpoints need a file
/// input (to seek back to) and file outputs (to truncate); a resume must find a checkpoint of the
/// same options and model whose consumed part of the input hashes the same today.
struct CheckpointPolicy {
    /// Where the checkpoint goes, nil when the run keeps none.
    var path: String?
    /// The checkpoint to continue from.
    var resumeFrom: Checkpoint?
    /// The input's size (file inputs).
    var inputSize: Int?

    static func decide(
        options: BatchOptions, input: BatchInput, output: BatchOutput, rejects: BatchOutput
    ) throws -> CheckpointPolicy {
        var policy = CheckpointPolicy()
        let rejectsSeekable = rejects == .discard || rejects.path != nil
        if options.checkpoints, case .file = input, let out = output.path, rejectsSeekable {
            policy.path = Checkpoint.path(forOutput: out)
        }
        if options.resume {
            guard case .file = input else { throw BatchError.resumeUnavailable("the input is stdin") }
            guard output.path != nil else { throw BatchError.resumeUnavailable("the output is not a file") }
            guard policy.path != nil else {
                throw BatchError.resumeUnavailable(
                    options.checkpoints ? "the rejects go to a stream, not a file" : "checkpoints are off")
            }
        }
        guard case .file(let inputPath) = input else { return policy }
        guard let path = policy.path else {
            policy.inputSize = try fingerprintFile(inputPath, prefix: 0).size
            return policy
        }
        if options.resume, let checkpoint = try Checkpoint.load(path) {
            let (size, hash) = try fingerprintFile(inputPath, prefix: checkpoint.inputOffset)
            if checkpoint.inputSize != size || checkpoint.inputHash != hash.hex {
                throw BatchError.checkpointMismatch(path: path, reason: "the input has changed")
            }
            if checkpoint.optionsHash != options.fingerprintHash {
                throw BatchError.checkpointMismatch(path: path, reason: "the options or model differ")
            }
            policy.resumeFrom = checkpoint
            policy.inputSize = size
        } else {
            if FileManager.default.fileExists(atPath: path) { try? FileManager.default.removeItem(atPath: path) }
            policy.inputSize = try fingerprintFile(inputPath, prefix: 0).size
        }
        return policy
    }
}

extension BatchOptions {
    /// The hash of the options that change the output bytes.
    var fingerprintHash: String { fnv1a(fingerprint.utf8) }
}
