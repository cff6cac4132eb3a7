import FuzzSupport
import TousuClassifier
import TousuText

/// libFuzzer's entry point: the bytes as a model file, its trailing checksum recomputed so that
/// mutations reach the parser; a model that decodes is built into a classifier and used once.
/// Any damage must be a thrown error, never a crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzModelFile(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    var bytes = Array(UnsafeBufferPointer(start: data, count: size))  // libFuzzer's C ABI
    if bytes.count >= 8 + 4 + 16 {
        let sum = FNV1a.hash(bytes[0..<(bytes.count - 8)])
        for i in 0..<8 { bytes[bytes.count - 8 + i] = UInt8(truncatingIfNeeded: sum >> (8 * UInt64(i))) }
    }
    guard let model = try? ModelFile.decode(bytes) else { return 0 }
    guard let classifier = try? Classifier(model: model) else { return 0 }
    _ = try? classifier.classify("健身房老板跑路了，预付卡退款无门 4S店")
    return 0
}

@_cdecl("FuzzModelFile_main")
public func fuzzModelFileMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzModelFile)
}
