/// 64-bit FNV-1a: the one hash tousu uses for checksums, file identities, feature ids and
/// deterministic splits.
public enum FNV1a {
    public static let offset: UInt64 = 0xcbf2_9ce4_8422_2325
    public static let prime: UInt64 = 0x100_0000_01b3

    /// The hash of bytes; with `seed`, of the bytes hashed so far (the hash of their
    /// concatenation, without making it).
    @inline(__always)
    public static func hash(_ bytes: some Sequence<UInt8>, seed: UInt64 = offset) -> UInt64 {
        var h = seed
        for b in bytes { h = (h ^ UInt64(b)) &* prime }
        return h
    }

    /// The hash as 16 hex digits.
    public static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let s = String(hash(bytes), radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }
}
