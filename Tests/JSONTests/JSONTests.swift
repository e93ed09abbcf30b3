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
