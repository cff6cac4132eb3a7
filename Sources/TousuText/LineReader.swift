import Foundation

/// Reads a file or stdin line by line as bytes, in chunks (Foundation on Linux has no async line
/// reader, and "\r\n" is one Character in Swift, so lines are split on the newline byte).
/// A trailing CR is removed. Lines are handed out as bytes; decoding is the caller's choice.
public struct LineReader: Sequence, IteratorProtocol {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var position = 0
    private var finished = false
    private let chunkSize: Int
    /// 1-based number of the last line returned.
    public private(set) var lineNumber = 0

    public init(handle: FileHandle, chunkSize: Int = 1 << 20) {
        self.handle = handle
        self.chunkSize = chunkSize
    }

    /// The next line, without its line ending; nil at the end of input.
    public mutating func next() -> ArraySlice<UInt8>? {
        while true {
            if let newline = buffer[position...].firstIndex(of: 0x0A) {
                defer { position = newline + 1 }
                return finish(buffer[position..<newline])
            }
            if finished {
                guard position < buffer.count else { return nil }
                defer { position = buffer.count }
                return finish(buffer[position...])
            }
            let chunk = handle.readData(ofLength: chunkSize)
            if chunk.isEmpty { finished = true }
            buffer.removeSubrange(0..<position)
            position = 0
            buffer.append(contentsOf: chunk)
        }
    }

    /// Counts the line and strips its CR and, on the first line, a UTF-8 BOM.
    private mutating func finish(_ raw: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var line = raw
        if line.last == 0x0D { line = line.dropLast() }
        lineNumber += 1
        if lineNumber == 1, line.starts(with: [0xEF, 0xBB, 0xBF]) { line = line.dropFirst(3) }
        return line
    }
}
