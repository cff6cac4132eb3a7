/// How far a batch run has got.
public struct BatchProgress: Sendable {
    /// Input bytes consumed (absolute offset in the input) and the input's size when known.
    public var bytesRead: Int
    public var totalBytes: Int?
    public var read: Int
    public var written: Int
    public var rejected: Int
    /// Seconds since this run started.
    public var elapsed: Double
    /// Records and input bytes handled by this run (a resumed run starts from zero).
    public var recordsThisRun: Int
    public var bytesThisRun: Int

    /// Share of the input read, 0...1, when the size is known.
    public var fraction: Double? {
        guard let totalBytes, totalBytes > 0 else { return nil }
        return min(1, Double(bytesRead) / Double(totalBytes))
    }
}

/// Receives progress after each written chunk (from a background thread).
public protocol ProgressReporter: Sendable {
    func report(_ progress: BatchProgress)
}

/// The outcome of a batch run.
public struct BatchSummary: Sendable {
    public var read: Int
    public var written: Int
    public var rejected: Int
    /// Records and input bytes handled by this run (less than the totals after a resume).
    public var recordsThisRun: Int
    public var bytesThisRun: Int
    public var seconds: Double
    public var encoding: InputEncoding
    public var format: InputFormat
    /// Continued from a checkpoint.
    public var resumed: Bool
    /// Stopped early at `BatchOptions.chunkLimit`; the checkpoint is left for `resume`.
    public var interrupted: Bool
    /// More rejects than `BatchOptions.maxRejects`: the run finished but failed.
    public var exceededMaxRejects: Bool

    public var recordsPerSecond: Double { seconds > 0 ? Double(recordsThisRun) / seconds : 0 }
    public var megabytesPerSecond: Double { seconds > 0 ? Double(bytesThisRun) / 1e6 / seconds : 0 }

    /// "read N = written W + rejected R; X records/s, Y MB/s"
    public var line: String {
        let rps = Int(recordsPerSecond.rounded())
        let mbps = (megabytesPerSecond * 100).rounded() / 100
        return "read \(read) = written \(written) + rejected \(rejected); \(rps) records/s, \(mbps) MB/s"
    }
}
