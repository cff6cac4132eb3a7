/// A set of phrases over normalized UTF-16 code units, searchable from any position of a text
/// without building Strings. The first step is one array read, so most positions fail fast.
public struct PhraseTrie: Sendable {
    /// Child of the root for each first code unit (0 = none).
    private var rootChildren: [Int32]
    /// Children of the other nodes: key (node << 16 | unit) → child.
    private var children: [UInt64: Int32]
    /// For each node, the phrase id that ends there, or -1.
    private var terminal: [Int32]
    /// Number of phrases.
    public private(set) var count: Int = 0

    public init() {
        rootChildren = [Int32](repeating: 0, count: 0x10000)
        children = [:]
        terminal = [-1]  // node 0 is the root
    }

    /// Adds a phrase and returns its id (the existing id for a phrase already present).
    @discardableResult
    public mutating func insert(_ phrase: [UInt16]) -> Int {
        guard !phrase.isEmpty else { return -1 }
        var node: Int32 = 0
        for unit in phrase {
            if let next = child(node, unit) {
                node = next
            } else {
                let created = Int32(terminal.count)
                terminal.append(-1)
                if node == 0 {
                    rootChildren[Int(unit)] = created
                } else {
                    children[UInt64(node) << 16 | UInt64(unit)] = created
                }
                node = created
            }
        }
        if terminal[Int(node)] < 0 {
            terminal[Int(node)] = Int32(count)
            count += 1
        }
        return Int(terminal[Int(node)])
    }

    @inline(__always) private func child(_ node: Int32, _ unit: UInt16) -> Int32? {
        if node == 0 {
            let c = rootChildren[Int(unit)]
            return c == 0 ? nil : c
        }
        return children[UInt64(node) << 16 | UInt64(unit)]
    }

    /// The id of the phrase equal to `units[range]`, if any.
    public func lookup(_ units: [UInt16], _ range: Range<Int>) -> Int? {
        var node: Int32 = 0
        for i in range {
            guard let next = child(node, units[i]) else { return nil }
            node = next
        }
        let id = terminal[Int(node)]
        return id >= 0 ? Int(id) : nil
    }

    /// Calls `body(end, id)` for every phrase that starts at `start`, shortest first.
    @inline(__always)
    public func forEachMatch(in units: [UInt16], from start: Int, _ body: (Int, Int) -> Void) {
        var node: Int32 = 0
        var i = start
        while i < units.count, let next = child(node, units[i]) {
            node = next
            i += 1
            let id = terminal[Int(node)]
            if id >= 0 { body(i, Int(id)) }
        }
    }
}
