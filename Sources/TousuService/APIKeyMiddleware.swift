import Hummingbird

/// Lets a request through only with `Authorization: Bearer KEY` for one of the configured keys,
/// compared in constant time (every key is compared in full, whatever matches), so the answer's
/// timing does not tell how much of a guess was right. No keys configured: every request is refused.
struct APIKeyMiddleware<Context: RequestContext>: RouterMiddleware {
    let keys: [[UInt8]]

    init(keys: [String]) { self.keys = keys.map { Array($0.utf8) } }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer ") else {
            throw Problem(.unauthorized, "missing Authorization: Bearer header")
        }
        guard APIKeyCheck.matches(String(header.dropFirst(7)), keys) else {
            throw Problem(.unauthorized, "the API key is not valid")
        }
        return try await next(request, context)
    }
}

/// The constant-time comparison of a presented key with the configured ones.
public enum APIKeyCheck {
    /// True when `given` equals one of `keys`; the work does not depend on where bytes differ.
    public static func matches(_ presented: String, _ keys: [[UInt8]]) -> Bool {
        let given = Array(presented.utf8)
        var found: UInt8 = 0
        for key in keys {
            var diff: UInt8 = key.count == given.count ? 0 : 1
            let n = max(key.count, given.count)
            for i in 0..<n {
                let a = i < key.count ? key[i] : 0
                let b = i < given.count ? given[i] : 0
                diff |= a ^ b
            }
            found |= diff == 0 ? 1 : 0
        }
        return found == 1 && !keys.isEmpty
    }
}
