import Foundation
import Testing

@testable import TousuBatch

/// `JSONValues` reads the shapes previous tags carry as JSONSerialization does, and refuses
/// (nil, so the caller falls back) what it does not read.
@Suite struct JSONValuesTests {
    @Test func stringArraysAsJSONSerialization() throws {
        for json in [#"["quality","contract"]"#, #"[]"#, #" [ "a\"b" , "\u4e2d\n" ] "#, #"["退款","\ud83d\ude00"]"#] {
            let expected = try #require(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String])
            #expect(JSONValues.strings(json) == expected, "\(json)")
        }
        for json in [#"["a",1]"#, #"["a""#, #"{"a":1}"#, #"["a"] x"#, ""] { #expect(JSONValues.strings(json) == nil, "\(json)") }
    }

    @Test func numberObjectsAsJSONSerialization() throws {
        for json in [#"{"auto":0,"food":0.0123,"other":0.9869}"#, #"{}"#, #"{"a":-1.5e-3,"b":2E2}"#] {
            let object = try #require(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
            let expected = object.compactMapValues { ($0 as? NSNumber)?.doubleValue }
            #expect(JSONValues.numbers(json) == expected, "\(json)")
        }
        for json in [#"{"a":"1"}"#, #"{"a":1,"a":2}"#, #"{"a":01}"#, #"{"a":1"#, "[1]"] { #expect(JSONValues.numbers(json) == nil, "\(json)") }
        #expect(JSONValues.number("0.9869") == 0.9869 && JSONValues.number(" -2 ") == -2)
        #expect(JSONValues.number("null") == nil && JSONValues.number("1 2") == nil)
    }
}
