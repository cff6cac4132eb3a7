import FuzzSupport
import TousuBatch

/// libFuzzer's entry point: the first byte picks an encoding, the rest is decoded strictly and
/// lossily and run through detection. Strict UTF-8 decoding must give back the same bytes.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDecoding(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let all = Array(UnsafeBufferPointer(start: data, count: size))  // libFuzzer's C ABI
    guard let selector = all.first else { return 0 }
    let bytes = all.dropFirst()
    let encodings: [InputEncoding] = [.utf8, .gb18030, .utf16le, .utf16be]
    let encoding = encodings[Int(selector) % encodings.count]
    _ = TextDecoding.detect(bytes, complete: selector & 0x80 != 0)
    _ = TextDecoding.byteOrderMark(bytes)
    let lossy = TextDecoding.decodeLossily(bytes, as: encoding)
    if let strict = TextDecoding.decode(bytes, as: encoding) {
        if encoding == .utf8 { precondition(Array(strict.utf8) == Array(bytes), "UTF-8 round trip") }
        _ = lossy
    }
    return 0
}

@_cdecl("FuzzDecoding_main")
public func fuzzDecodingMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzDecoding)
}
