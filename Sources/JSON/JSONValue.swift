import Foundation

/// A JSON value that keeps object keys in document order.
///
/// Foundation's `JSONSerialization` drops duplicate keys silently and blurs booleans with
/// numbers on Linux; the importers need both told apart, so the project reads JSON itself.
public enum JSONValue: Sendable {
  case null
  case bool(Bool)
  case number(Double)
  case string(String)
  case array([JSONValue])
  case object(JSONObject)

  public var kindName: String {
    switch self {
    case .null: "null"
    case .bool: "a boolean"
    case .number: "a number"
    case .string: "a string"
    case .array: "an array"
    case .object: "an object"
    }
  }

  public var stringValue: String? {
    if case .string(let s) = self { return s }
    return nil
  }

  public var numberValue: Double? {
    if case .number(let n) = self { return n }
    return nil
  }

  /// The value as an exact integer, if it is a number without a fractional part.
  public var intValue: Int? {
    guard case .number(let n) = self, n.rounded() == n, abs(n) < 9.0e15 else { return nil }
    return Int(n)
  }

  public var boolValue: Bool? {
    if case .bool(let b) = self { return b }
    return nil
  }

  public var arrayValue: [JSONValue]? {
    if case .array(let a) = self { return a }
    return nil
  }

  public var objectValue: JSONObject? {
    if case .object(let o) = self { return o }
    return nil
  }

  public subscript(key: String) -> JSONValue? {
    objectValue?[key]
  }
}

extension JSONValue: Equatable {
  /// Strings and keys are equal when their code points are: "é" composed and "é" decomposed
  /// are two strings to JSON (Swift's own `==` would call them one).
  public static func == (a: JSONValue, b: JSONValue) -> Bool {
    switch (a, b) {
    case (.null, .null): true
    case (.bool(let x), .bool(let y)): x == y
    case (.number(let x), .number(let y)): x == y
    case (.string(let x), .string(let y)): JSONObject.same(x, y)
    case (.array(let x), .array(let y)): x == y
    case (.object(let x), .object(let y)): x == y
    default: false
    }
  }
}

/// An ordered JSON object. Lookups are linear: objects in this domain have a handful of keys.
public struct JSONObject: Sendable, Equatable, Sequence {
  public private(set) var entries: [(key: String, value: JSONValue)]

  public init(_ entries: [(key: String, value: JSONValue)] = []) {
    self.entries = entries
  }

  public var keys: [String] { entries.map(\.key) }
  public var count: Int { entries.count }
  public var isEmpty: Bool { entries.isEmpty }

  /// Keys are compared as exact code-point sequences, never by Unicode equivalence.
  public static func same(_ a: String, _ b: String) -> Bool {
    let count = a.utf8.count
    guard count == b.utf8.count else { return false }
    // Native strings (all the parser makes) compare as two byte buffers; others byte by byte.
    let fast = a.utf8.withContiguousStorageIfAvailable { x in
      b.utf8.withContiguousStorageIfAvailable { y in count == 0 || memcmp(x.baseAddress!, y.baseAddress!, count) == 0 }
    }
    return (fast ?? nil) ?? a.utf8.elementsEqual(b.utf8)
  }

  public subscript(key: String) -> JSONValue? {
    get { entries.first(where: { Self.same($0.key, key) })?.value }
    set {
      if let index = entries.firstIndex(where: { Self.same($0.key, key) }) {
        if let newValue { entries[index].value = newValue } else { entries.remove(at: index) }
      } else if let newValue {
        entries.append((key, newValue))
      }
    }
  }

  public func makeIterator() -> IndexingIterator<[(key: String, value: JSONValue)]> {
    entries.makeIterator()
  }

  public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
    lhs.entries.count == rhs.entries.count
      && zip(lhs.entries, rhs.entries).allSatisfy { same($0.key, $1.key) && $0.value == $1.value }
  }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
  ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
  public init(stringLiteral value: String) { self = .string(value) }
  public init(integerLiteral value: Int) { self = .number(Double(value)) }
  public init(floatLiteral value: Double) { self = .number(value) }
  public init(booleanLiteral value: Bool) { self = .bool(value) }
  public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
  public init(dictionaryLiteral elements: (String, JSONValue)...) {
    self = .object(JSONObject(elements.map { (key: $0.0, value: $0.1) }))
  }
  public init(nilLiteral: ()) { self = .null }
}

extension JSONValue {
  /// Convenience constructors that read well when building documents in code.
  public static func int(_ value: Int) -> JSONValue { .number(Double(value)) }
  public static func optional(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
  public static func strings(_ values: [String]) -> JSONValue { .array(values.map(JSONValue.string)) }
}
