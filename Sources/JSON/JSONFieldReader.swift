/// One thing wrong with a document, at a JSON path such as `roles[3].requirements[0].level`.
public struct JSONProblem: Sendable, Equatable, CustomStringConvertible {
  public var path: String
  public var message: String

  public init(path: String, message: String) {
    self.path = path
    self.message = message
  }

  public var description: String { path.isEmpty ? message : "\(path): \(message)" }
}

/// Reads typed fields out of JSON objects, recording a problem for each missing or mistyped
/// field instead of stopping, so a loader can report every problem in a file at once.
public struct JSONFieldReader {
  public private(set) var problems: [JSONProblem] = []

  public init() {}

  public mutating func report(_ path: String, _ message: String) {
    problems.append(JSONProblem(path: path, message: message))
  }

  // Paths are joined for every field read, so they are built by appending, not interpolating.
  public static func join(_ path: String, _ key: String) -> String {
    guard !path.isEmpty else { return key }
    var joined = path
    joined.reserveCapacity(path.utf8.count + 1 + key.utf8.count)
    joined += "."
    joined += key
    return joined
  }

  public static func join(_ path: String, _ index: Int) -> String {
    var joined = path
    joined.reserveCapacity(path.utf8.count + 8)
    joined += "["
    joined += String(index)
    joined += "]"
    return joined
  }

  /// The value as an object, or a problem naming what was found instead.
  public mutating func object(_ value: JSONValue?, at path: String) -> JSONObject? {
    guard let value else {
      report(path, "missing")
      return nil
    }
    guard let object = value.objectValue else {
      report(path, "expected an object, found \(value.kindName)")
      return nil
    }
    return object
  }

  /// Reports keys other than `allowed`, which are usually typing mistakes. A look along the
  /// list: objects and lists are short, and a set would be built and hashed on every call.
  public mutating func rejectUnknownKeys(_ object: JSONObject, allowed: [String], at path: String) {
    for (key, _) in object where !allowed.contains(where: { JSONObject.same($0, key) }) {
      report(Self.join(path, key), "unknown field \"\(key)\"")
    }
  }

  public mutating func string(_ object: JSONObject, _ key: String, at path: String, required: Bool = true) -> String? {
    // The path is only needed for a problem: worked out then, not for every field read.
    var here: String { Self.join(path, key) }
    guard let value = object[key], value != .null else {
      if required { report(here, "missing") }
      return nil
    }
    guard let s = value.stringValue else {
      report(here, "expected a string, found \(value.kindName)")
      return nil
    }
    if required && s.trimmingWhitespace().isEmpty {
      report(here, "must not be empty")
      return nil
    }
    return s
  }

  public mutating func int(_ object: JSONObject, _ key: String, at path: String, required: Bool = true) -> Int? {
    // The path is only needed for a problem: worked out then, not for every field read.
    var here: String { Self.join(path, key) }
    guard let value = object[key], value != .null else {
      if required { report(here, "missing") }
      return nil
    }
    guard let n = value.intValue else {
      report(here, value.numberValue == nil ? "expected an integer, found \(value.kindName)" : "expected a whole number")
      return nil
    }
    return n
  }

  public mutating func number(_ object: JSONObject, _ key: String, at path: String, required: Bool = true) -> Double? {
    // The path is only needed for a problem: worked out then, not for every field read.
    var here: String { Self.join(path, key) }
    guard let value = object[key], value != .null else {
      if required { report(here, "missing") }
      return nil
    }
    guard let n = value.numberValue else {
      report(here, "expected a number, found \(value.kindName)")
      return nil
    }
    return n
  }

  public mutating func bool(_ object: JSONObject, _ key: String, at path: String, default fallback: Bool? = nil) -> Bool? {
    // The path is only needed for a problem: worked out then, not for every field read.
    var here: String { Self.join(path, key) }
    guard let value = object[key], value != .null else {
      if fallback == nil { report(here, "missing") }
      return fallback
    }
    guard let b = value.boolValue else {
      report(here, "expected true or false, found \(value.kindName)")
      return fallback
    }
    return b
  }

  /// The array under `key`; absent optional arrays read as empty.
  public mutating func array(_ object: JSONObject, _ key: String, at path: String, required: Bool = true) -> [JSONValue]? {
    // The path is only needed for a problem: worked out then, not for every field read.
    var here: String { Self.join(path, key) }
    guard let value = object[key], value != .null else {
      if required {
        report(here, "missing")
        return nil
      }
      return []
    }
    guard let a = value.arrayValue else {
      report(here, "expected an array, found \(value.kindName)")
      return nil
    }
    return a
  }

  /// An array of strings; elements of another type are reported and skipped.
  public mutating func strings(_ object: JSONObject, _ key: String, at path: String, required: Bool = false) -> [String] {
    guard let elements = array(object, key, at: path, required: required) else { return [] }
    var result: [String] = []
    for (i, element) in elements.enumerated() {
      if let s = element.stringValue {
        result.append(s)
      } else {
        report(Self.join(Self.join(path, key), i), "expected a string, found \(element.kindName)")
      }
    }
    return result
  }
}

extension String {
  public func trimmingWhitespace() -> Substring {
    // Most texts start and end with a visible ASCII character: nothing to trim, and no need to
    // look at Unicode properties.
    if let first = utf8.first, let last = utf8.last, first > 0x20, first < 0x7F, last > 0x20, last < 0x7F {
      return Substring(self)
    }
    var slice = Substring(self)
    while let first = slice.first, first.isWhitespace { slice.removeFirst() }
    while let last = slice.last, last.isWhitespace { slice.removeLast() }
    return slice
  }
}
