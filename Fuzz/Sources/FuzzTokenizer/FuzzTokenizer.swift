import FuzzSupport
import TousuText

/// Phrases and names like the shipped lexicons' (a name may be cut out of an ICU token).
let tokenizer = try! Tokenizer(
    dictionary: ["预付卡", "4s店", "发动机", "b柱", "售后服务", "退款", "健身房", "跑路", "二手车"],
    names: ["奇骏", "阿特兹", "天猫", "京东"], stopwords: ["的", "了"],
    options: Tokenizer.Options(removeStopwords: true))

/// libFuzzer's entry point: the bytes as UTF-8 text (lossily), normalized and tokenized. Every
/// token must be a non-empty, in-bounds, increasing span of the normalized text.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTokenizer(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))  // libFuzzer's C ABI
    let text = String(decoding: bytes, as: UTF8.self)
    guard let tokenized = try? tokenizer.tokenize(text) else { return 0 }
    let count = tokenized.normalized.units.count
    var previousEnd: Int32 = 0
    for token in tokenized.tokens {
        precondition(token.start >= previousEnd && token.start < token.end && Int(token.end) <= count, "bad token span")
        previousEnd = token.end
        _ = tokenized.normalized.originalText(start: Int(token.start), end: Int(token.end))
    }
    return 0
}

@_cdecl("FuzzTokenizer_main")
public func fuzzTokenizerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzTokenizer)
}
