import JSON
import Testing

@Suite struct JSONParserTests {
  @Test func parsesNestedValuesKeepingKeyOrder() throws {
    let value = try JSONParser.parse(#"{"b": [1, 2.5, -3e2], "a": {"x": null, "y": true}, "s": "caf\u00e9 \ud83d\ude00"}"#)
    #expect(value.objectValue?.keys == ["b", "a", "s"])
    #expect(value["b"] == [1, 2.5, -300])
    #expect(value["a"]?["x"] == .null)
    #expect(value["a"]?["y"] == true)
    #expect(value["s"] == "café 😀")
  }

  @Test(arguments: [
    ("{\"a\": 1,}", "line 1, column 9: expected a quoted key"),
    ("[1, 2", "line 1, column 6: the document ends inside an array"),
    ("{\"a\": 1, \"a\": 2}", "line 1, column 10: duplicate key \"a\" in one object"),
    ("\"\\ud800\"", "line 1, column 2: lone surrogate in a \\u escape"),
    ("01", "line 1, column 1: numbers may not have leading zeros"),
    ("\"a\nb\"", "line 1, column 3: control character in a string (escape it)"),
    ("", "line 1, column 1: the document is empty"),
    ("{}\n x", "line 2, column 2: unexpected text after the end of the document"),
    ("tru", "line 1, column 1: invalid literal"),
  ])
  func refusesMalformedText(text: String, message: String) {
    #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(text) }
    do {
      _ = try JSONParser.parse(text)
    } catch {
      #expect(error.description == message)
    }
  }

  @Test func refusesInvalidUTF8() {
    let bytes: [UInt8] = Array("{\"a\": \"".utf8) + [0xC3, 0x28] + Array("\"}".utf8)
    #expect(throws: JSONSyntaxError(line: 1, column: 8, message: "invalid UTF-8 in a string")) {
      try JSONParser.parse(bytes)
    }
  }

  @Test func refusesDeepNestingWithoutCrashing() {
    let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
    #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(deep) }
  }

  /// Small and large objects alike: a key repeated anywhere is refused, and the composed and
  /// decomposed forms of a letter are two keys.
  @Test(arguments: [2, 11, 12, 13, 40])
  func findsDuplicateKeysInObjectsOfAnySize(size: Int) throws {
    let keys = (0..<size).map { "k\($0)" }
    let body = keys.map { "\"\($0)\": 0" }.joined(separator: ", ")
    for repeated in [0, size / 2, size - 1] {
      #expect(throws: JSONSyntaxError.self) { try JSONParser.parse("{\(body), \"\(keys[repeated])\": 1}") }
    }
    let forms = try JSONParser.parse("{\(body), \"caf\u{E9}\": 1, \"cafe\u{301}\": 2}")
    #expect(forms.objectValue?.count == size + 2)
  }

  @Test func keepsDuplicateKeysWhenAsked() throws {
    let value = try JSONParser.parse(#"{"a": 1, "a": 2}"#, options: .init(rejectDuplicateKeys: false))
    #expect(value.objectValue?.count == 2)
  }
}

@Suite struct JSONWriterTests {
  @Test func prettyOutputRoundTrips() throws {
    let value: JSONValue = ["name": "Caerdydd \"quoted\"\n", "list": [1, 2.5, true, nil], "empty": [:]]
    let text = JSONWriter.string(value)
    #expect(try JSONParser.parse(text) == value)
    #expect(text.contains("\n  \"name\": "))
  }

  @Test func canonicalFormSortsKeysAndDropsSpace() {
    let value: JSONValue = ["b": 1, "a": ["d": "x", "c": [true]], "€": 0, "Z": 1]
    #expect(JSONWriter.string(value, style: .canonical) == #"{"Z":1,"a":{"c":[true],"d":"x"},"b":1,"€":0}"#)
  }

  @Test(arguments: [
    (0.0, "0"), (1.0, "1"), (-7.0, "-7"), (31.5, "31.5"), (0.1, "0.1"), (1e21, "1e+21"), (1e-7, "1e-7"),
    (0.000001, "0.000001"), (123456789012.0, "123456789012"), (1.5e300, "1.5e+300"), (2.5e-5, "0.000025"),
  ])
  func formatsNumbersAsECMAScriptDoes(value: Double, text: String) {
    #expect(JSONWriter.formatNumber(value) == text)
  }

  @Test func escapesControlCharactersOnly() {
    var out = ""
    JSONWriter.writeString("a\u{01}\t/é", into: &out)
    #expect(out == "\"a\\u0001\\t/é\"")
  }
}

@Suite struct ExactnessTests {
  /// RFC 8785 prints numbers as ECMAScript does. The expected strings are what Node.js's
  /// `String(number)` gives for each IEEE 754 bit pattern (RFC 8785's own test values among them).
  @Test(arguments: [
    ("0000000000000000", "0"), ("8000000000000000", "0"), ("0000000000000001", "5e-324"), ("8000000000000001", "-5e-324"),
    ("7fefffffffffffff", "1.7976931348623157e+308"), ("ffefffffffffffff", "-1.7976931348623157e+308"),
    ("4340000000000000", "9007199254740992"), ("c340000000000000", "-9007199254740992"), ("4340000000000001", "9007199254740994"),
    ("43f0000000000000", "18446744073709552000"), ("4430000000000000", "295147905179352830000"),
    ("44b52d02c7e14af5", "9.999999999999997e+22"), ("44b52d02c7e14af6", "1e+23"), ("44b52d02c7e14af7", "1.0000000000000001e+23"),
    ("444b1ae4d6e2ef4e", "999999999999999700000"), ("444b1ae4d6e2ef4f", "999999999999999900000"), ("444b1ae4d6e2ef50", "1e+21"),
    ("3eb0c6f7a0b5ed8c", "9.999999999999997e-7"), ("3eb0c6f7a0b5ed8d", "0.000001"), ("41b3de4355555553", "333333333.3333332"),
    ("41b3de4355555557", "333333333.33333343"), ("becbf647612f3696", "-0.0000033333333333333333"),
    ("43143ff3c1cb0959", "1424953923781206.2"), ("3fb999999999999a", "0.1"), ("4024000000000000", "10"), ("3e7ad7f29abcaf48", "1e-7"),
  ])
  func canonicalNumbersAreECMAScriptNumbers(bits: String, expected: String) {
    let value = Double(bitPattern: UInt64(bits, radix: 16)!)
    #expect(JSONWriter.string(.number(value), style: .canonical) == expected)
  }

  /// Keys are exact code-point sequences: the composed and decomposed forms of one name are two
  /// keys, not a duplicate, and a lookup by one does not find the other.
  @Test func composedAndDecomposedKeysAreTwoKeys() throws {
    let composed = "caf\u{E9}"
    let decomposed = "cafe\u{301}"
    #expect(composed == decomposed)  // Swift calls them equal...
    let text = "{\"\(composed)\": 1, \"\(decomposed)\": 2}"
    let value = try JSONParser.parse(Array(text.utf8))  // ...JSON does not: no duplicate
    #expect(value.objectValue?.count == 2)
    #expect(value[composed] == .number(1))
    #expect(value[decomposed] == .number(2))
    #expect(JSONValue.string(composed) != .string(decomposed))
    let twice = "{\"\(composed)\": 1, \"\(composed)\": 2}"
    #expect(throws: (any Error).self) { try JSONParser.parse(Array(twice.utf8)) }
  }
}
