/// Byte equality of strings: the equality of keys that are compared as their UTF-8 bytes (tokenizer
/// output, normalized; input values as given). String's `==` compares canonical equivalence, and
/// `utf8.elementsEqual` walks the view byte by byte through its index type; both were a large
/// part of counting a million complaints. This compares the two strings' UTF-8 spans.
public enum UTF8Bytes {
    /// Whether `a` and `b` have the same UTF-8 bytes.
    @inline(__always)
    public static func equal(_ a: String, _ b: String) -> Bool {
        let x = a.utf8.span, y = b.utf8.span
        guard x.count == y.count else { return false }
        var i = 0
        while i < x.count {
            if x[i] != y[i] { return false }
            i += 1
        }
        return true
    }
}
