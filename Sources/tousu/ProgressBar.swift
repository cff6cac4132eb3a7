import Foundation
import Synchronization
import TousuBatch

/// A one-line progress bar on stderr: share of input read, records/s, ETA.
final class ProgressBar: ProgressReporter, Sendable {
    private struct State {
        var lastDraw = -1.0
        var drawn = false
    }
    private let state = Mutex(State())

    func report(_ p: BatchProgress) {
        state.withLock { state in
            guard p.elapsed - state.lastDraw >= 0.2 else { return }
            state.lastDraw = p.elapsed
            let rate = p.elapsed > 0 ? Double(p.recordsThisRun) / p.elapsed : 0
            var line = ""
            if let fraction = p.fraction {
                let width = 30
                let filled = Int(fraction * Double(width))
                line += "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "] "
                line += String(format: "%3.0f%% ", fraction * 100)
                let byteRate = p.elapsed > 0 ? Double(p.bytesThisRun) / p.elapsed : 0
                if let total = p.totalBytes, byteRate > 0 {
                    let eta = Int(Double(total - p.bytesRead) / byteRate)
                    line += String(format: "ETA %d:%02d ", eta / 60, eta % 60)
                }
            }
            line += "\(p.read) records (\(p.rejected) rejected), \(Int(rate)) records/s"
            FileHandle.standardError.write(Data(("\r\u{1B}[K" + line).utf8))
            state.drawn = true
        }
    }

    /// Clears the bar before the summary line.
    func finish() {
        state.withLock { state in
            if state.drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        }
    }
}
