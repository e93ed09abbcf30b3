/// Why a document could not be read as JSON, and where.
public struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
  public var line: Int
  public var column: Int
  public var message: String

  public init(line: Int, column: Int, message: String) {
    self.line = line
    self.column = column
    self.message = message
  }

  public var description: String { "line \(line), column \(column): \(message)" }
}

/// A strict RFC 8259 parser over UTF-8 bytes.
///
/// It refuses invalid UTF-8, lone surrogates, duplicate keys within one object (when asked),
/// and nesting deeper than `maximumDepth`, so hostile input fails with a message, never a crash.
public struct JSONParser {
  public struct Options: Sendable {
    public var rejectDuplicateKeys: Bool
    public var maximumDepth: Int
    public init(rejectDuplicateKeys: Bool = true, maximumDepth: Int = 256) {
      self.rejectDuplicateKeys = rejectDuplicateKeys
      self.maximumDepth = maximumDepth
    }
  }

  public static func parse(_ bytes: [UInt8], options: Options = Options()) throws(JSONSyntaxError) -> JSONValue {
    try bytes.withUnsafeBufferPointer { buffer throws(JSONSyntaxError) in
      var parser = Cursor(bytes: buffer, options: options)
      return try parser.document()
    }
  }

  public static func parse(_ text: String, options: Options = Options()) throws(JSONSyntaxError) -> JSONValue {
    try parse(Array(text.utf8), options: options)
  }
}

private struct Cursor {
  let bytes: UnsafeBufferPointer<UInt8>
  let options: JSONParser.Options
  var index = 0
  var depth = 0

  init(bytes: UnsafeBufferPointer<UInt8>, options: JSONParser.Options) {
    self.bytes = bytes
    self.options = options
  }

  mutating func document() throws(JSONSyntaxError) -> JSONValue {
    // A UTF-8 byte order mark is tolerated, as spreadsheet tools write one.
    if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }
    skipWhitespace()
    if index >= bytes.count { throw failure("the document is empty") }
    let value = try self.value()
    skipWhitespace()
    if index < bytes.count { throw failure("unexpected text after the end of the document") }
    return value
  }

  func failure(_ message: String, at position: Int? = nil) -> JSONSyntaxError {
    let end = min(position ?? index, bytes.count)
    var line = 1
    var column = 1
    var i = 0
    while i < end {
      if bytes[i] == UInt8(ascii: "\n") {
        line += 1
        column = 1
      } else if bytes[i] & 0xC0 != 0x80 {
        column += 1
      }
      i += 1
    }
    return JSONSyntaxError(line: line, column: column, message: message)
  }

  mutating func skipWhitespace() {
    while index < bytes.count {
      switch bytes[index] {
      case 0x20, 0x09, 0x0A, 0x0D: index += 1
      default: return
      }
    }
  }

  mutating func value() throws(JSONSyntaxError) -> JSONValue {
    guard index < bytes.count else { throw failure("the document ends too early") }
    switch bytes[index] {
    case UInt8(ascii: "{"): return try object()
    case UInt8(ascii: "["): return try array()
    case UInt8(ascii: "\""): return .string(try string())
    case UInt8(ascii: "t"): try literal("true"); return .bool(true)
    case UInt8(ascii: "f"): try literal("false"); return .bool(false)
    case UInt8(ascii: "n"): try literal("null"); return .null
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
    default: throw failure("unexpected character \(describe(bytes[index]))")
    }
  }

  func describe(_ byte: UInt8) -> String {
    if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
    return "byte 0x\(String(byte, radix: 16, uppercase: true))"
  }

  mutating func literal(_ word: StaticString) throws(JSONSyntaxError) {
    let start = index
    let count = word.utf8CodeUnitCount
    guard bytes.count - index >= count else { throw failure("invalid literal", at: start) }
    for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] {
      throw failure("invalid literal", at: start)
    }
    index += count
  }

  mutating func enter() throws(JSONSyntaxError) {
    depth += 1
    if depth > options.maximumDepth { throw failure("nesting deeper than \(options.maximumDepth) levels") }
  }

  /// Objects with fewer entries than this are checked for duplicate keys by looking along them.
  static let smallObject = 12

  mutating func object() throws(JSONSyntaxError) -> JSONValue {
    try enter()
    defer { depth -= 1 }
    index += 1
    var entries: [(key: String, value: JSONValue)] = []
    entries.reserveCapacity(8)
    // Duplicate keys, by exact code points (composed and decomposed forms are two keys): a
    // look along the entries while an object is small, a set of the keys' bytes once it is not.
    var seen = Set<[UInt8]>()
    skipWhitespace()
    if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
      index += 1
      return .object(JSONObject(entries))
    }
    while true {
      skipWhitespace()
      guard index < bytes.count else { throw failure("the document ends inside an object") }
      guard bytes[index] == UInt8(ascii: "\"") else { throw failure("expected a quoted key") }
      let keyStart = index
      let key = try string()
      if options.rejectDuplicateKeys {
        let duplicate: Bool
        if entries.count < Self.smallObject {
          duplicate = entries.contains { JSONObject.same($0.key, key) }
        } else {
          if seen.isEmpty { seen = Set(entries.map { Array($0.key.utf8) }) }
          duplicate = !seen.insert(Array(key.utf8)).inserted
        }
        if duplicate { throw failure("duplicate key \"\(key)\" in one object", at: keyStart) }
      }
      skipWhitespace()
      guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw failure("expected ':' after a key") }
      index += 1
      skipWhitespace()
      let value = try self.value()
      entries.append((key, value))
      skipWhitespace()
      guard index < bytes.count else { throw failure("the document ends inside an object") }
      if bytes[index] == UInt8(ascii: ",") {
        index += 1
        continue
      }
      if bytes[index] == UInt8(ascii: "}") {
        index += 1
        return .object(JSONObject(entries))
      }
      throw failure("expected ',' or '}' in an object")
    }
  }

  mutating func array() throws(JSONSyntaxError) -> JSONValue {
    try enter()
    defer { depth -= 1 }
    index += 1
    var elements: [JSONValue] = []
    skipWhitespace()
    if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
      index += 1
      return .array(elements)
    }
    while true {
      skipWhitespace()
      elements.append(try value())
      skipWhitespace()
      guard index < bytes.count else { throw failure("the document ends inside an array") }
      if bytes[index] == UInt8(ascii: ",") {
        index += 1
        continue
      }
      if bytes[index] == UInt8(ascii: "]") {
        index += 1
        return .array(elements)
      }
      throw failure("expected ',' or ']' in an array")
    }
  }

  mutating func number() throws(JSONSyntaxError) -> Double {
    let start = index
    if bytes[index] == UInt8(ascii: "-") { index += 1 }
    guard index < bytes.count, isDigit(bytes[index]) else { throw failure("invalid number", at: start) }
    if bytes[index] == UInt8(ascii: "0") {
      index += 1
      if index < bytes.count, isDigit(bytes[index]) { throw failure("numbers may not have leading zeros", at: start) }
    } else {
      while index < bytes.count, isDigit(bytes[index]) { index += 1 }
    }
    if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
      index += 1
      guard index < bytes.count, isDigit(bytes[index]) else { throw failure("invalid number", at: start) }
      while index < bytes.count, isDigit(bytes[index]) { index += 1 }
    }
    if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
      index += 1
      if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
      guard index < bytes.count, isDigit(bytes[index]) else { throw failure("invalid number", at: start) }
      while index < bytes.count, isDigit(bytes[index]) { index += 1 }
    }
    let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
    guard let value = Double(text), value.isFinite else { throw failure("number out of range", at: start) }
    return value
  }

  func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

  mutating func string() throws(JSONSyntaxError) -> String {
    let start = index
    index += 1
    // Fast path: no escapes; validate UTF-8 as we scan.
    var scalars = String.UnicodeScalarView()
    var runStart = index
    var hasEscapes = false
    // Whether the run so far is all ASCII, which is valid UTF-8 without further checking.
    var ascii = true
    while true {
      guard index < bytes.count else { throw failure("unterminated string", at: start) }
      let byte = bytes[index]
      if byte == UInt8(ascii: "\"") {
        if !hasEscapes {
          let text = ascii ? String(decoding: UnsafeBufferPointer(rebasing: bytes[runStart..<index]), as: UTF8.self) : try decodeRun(runStart, index)
          index += 1
          return text
        }
        scalars.append(contentsOf: try decodeRun(runStart, index).unicodeScalars)
        index += 1
        return String(scalars)
      }
      if byte < 0x20 { throw failure("control character in a string (escape it)") }
      if byte >= 0x80 { ascii = false }
      if byte == UInt8(ascii: "\\") {
        scalars.append(contentsOf: try decodeRun(runStart, index).unicodeScalars)
        hasEscapes = true
        try escape(into: &scalars)
        runStart = index
        continue
      }
      index += 1
    }
  }

  func decodeRun(_ from: Int, _ to: Int) throws(JSONSyntaxError) -> String {
    let slice = UnsafeBufferPointer(rebasing: bytes[from..<to])
    if let text = String(validating: slice, as: UTF8.self) { return text }
    // Find the offending byte for the message.
    var position = from
    var iterator = slice.makeIterator()
    var decoder = UTF8()
    loop: while true {
      switch decoder.decode(&iterator) {
      case .scalarValue(let scalar): position += UTF8.width(scalar)
      case .emptyInput: break loop
      case .error: break loop
      }
    }
    throw failure("invalid UTF-8 in a string", at: position)
  }

  mutating func escape(into scalars: inout String.UnicodeScalarView) throws(JSONSyntaxError) {
    let start = index
    index += 1
    guard index < bytes.count else { throw failure("unterminated escape", at: start) }
    let byte = bytes[index]
    index += 1
    switch byte {
    case UInt8(ascii: "\""): scalars.append("\"")
    case UInt8(ascii: "\\"): scalars.append("\\")
    case UInt8(ascii: "/"): scalars.append("/")
    case UInt8(ascii: "b"): scalars.append("\u{08}")
    case UInt8(ascii: "f"): scalars.append("\u{0C}")
    case UInt8(ascii: "n"): scalars.append("\n")
    case UInt8(ascii: "r"): scalars.append("\r")
    case UInt8(ascii: "t"): scalars.append("\t")
    case UInt8(ascii: "u"):
      let high = try hex4(start)
      if (0xD800..<0xDC00).contains(high) {
        guard bytes.count - index >= 6, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
          throw failure("lone surrogate in a \\u escape", at: start)
        }
        index += 2
        let low = try hex4(start)
        guard (0xDC00..<0xE000).contains(low) else { throw failure("lone surrogate in a \\u escape", at: start) }
        let combined = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
        scalars.append(Unicode.Scalar(UInt32(combined))!)
      } else if (0xDC00..<0xE000).contains(high) {
        throw failure("lone surrogate in a \\u escape", at: start)
      } else {
        scalars.append(Unicode.Scalar(UInt32(high))!)
      }
    default:
      throw failure("invalid escape \\\(Character(Unicode.Scalar(byte)))", at: start)
    }
  }

  mutating func hex4(_ start: Int) throws(JSONSyntaxError) -> Int {
    guard bytes.count - index >= 4 else { throw failure("invalid \\u escape", at: start) }
    var value = 0
    for _ in 0..<4 {
      let byte = bytes[index]
      let digit: Int
      switch byte {
      case 0x30...0x39: digit = Int(byte - 0x30)
      case 0x41...0x46: digit = Int(byte - 0x41 + 10)
      case 0x61...0x66: digit = Int(byte - 0x61 + 10)
      default: throw failure("invalid \\u escape", at: start)
      }
      value = value * 16 + digit
      index += 1
    }
    return value
  }
}

/// Reads a document's outer levels one piece at a time, so that an array of thousands of
/// elements can be parsed element by element: only the element being read is ever a tree.
/// The same strict rules as `JSONParser` apply, and errors give the line and column in the
/// whole document.
public struct JSONPieceReader: Sendable {
  public enum Kind: Sendable { case object, array, other }

  private let bytes: [UInt8]
  private let options: JSONParser.Options
  private var index = 0
  private var depth = 0
  /// Per open container: whether a value has been read in it yet (so a ',' is due before the next).
  private var started: [Bool] = []

  public init(_ bytes: [UInt8], options: JSONParser.Options = .init()) {
    self.bytes = bytes
    self.options = options
    if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }
  }

  private mutating func withCursor<T>(_ body: (inout Cursor) throws(JSONSyntaxError) -> T) throws(JSONSyntaxError) -> T {
    var position = (index: index, depth: depth)
    let options = self.options
    let result: Result<T, JSONSyntaxError> = bytes.withUnsafeBufferPointer { buffer in
      var cursor = Cursor(bytes: buffer, options: options)
      cursor.index = position.index
      cursor.depth = position.depth
      defer { position = (cursor.index, cursor.depth) }
      do throws(JSONSyntaxError) {
        return .success(try body(&cursor))
      } catch {
        return .failure(error)
      }
    }
    (index, depth) = position
    return try result.get()
  }

  /// What the next value is, without reading it.
  public mutating func peek() throws(JSONSyntaxError) -> Kind {
    let top = started.isEmpty
    return try withCursor { c throws(JSONSyntaxError) in
      c.skipWhitespace()
      guard c.index < c.bytes.count else { throw c.failure(top ? "the document is empty" : "the document ends too early") }
      switch c.bytes[c.index] {
      case UInt8(ascii: "{"): return .object
      case UInt8(ascii: "["): return .array
      default: return .other
      }
    }
  }

  /// Steps into the array or object that comes next (after `peek` said which).
  public mutating func enter() throws(JSONSyntaxError) {
    try withCursor { c throws(JSONSyntaxError) in
      c.skipWhitespace()
      try c.enter()
      c.index += 1
    }
    started.append(false)
  }

  /// Moves to the next element of the array entered last: true when there is one, false (having
  /// left the array) at its end.
  public mutating func nextElement() throws(JSONSyntaxError) -> Bool {
    let first = !(started.last ?? true)
    let more = try withCursor { c throws(JSONSyntaxError) -> Bool in
      c.skipWhitespace()
      guard c.index < c.bytes.count else { throw c.failure("the document ends inside an array") }
      if c.bytes[c.index] == UInt8(ascii: "]") {
        c.index += 1
        c.depth -= 1
        return false
      }
      if !first {
        guard c.bytes[c.index] == UInt8(ascii: ",") else { throw c.failure("expected ',' or ']' in an array") }
        c.index += 1
        c.skipWhitespace()
        if c.index < c.bytes.count, c.bytes[c.index] == UInt8(ascii: "]") { throw c.failure("unexpected character ']'") }
      }
      return true
    }
    if more { started[started.count - 1] = true } else { started.removeLast() }
    return more
  }

  /// The next key of the object entered last, having read its ':'; nil (having left the object) at its end.
  public mutating func nextKey() throws(JSONSyntaxError) -> String? {
    let first = !(started.last ?? true)
    let key = try withCursor { c throws(JSONSyntaxError) -> String? in
      c.skipWhitespace()
      guard c.index < c.bytes.count else { throw c.failure("the document ends inside an object") }
      if c.bytes[c.index] == UInt8(ascii: "}") {
        c.index += 1
        c.depth -= 1
        return nil
      }
      if !first {
        guard c.bytes[c.index] == UInt8(ascii: ",") else { throw c.failure("expected ',' or '}' in an object") }
        c.index += 1
        c.skipWhitespace()
      }
      guard c.index < c.bytes.count, c.bytes[c.index] == UInt8(ascii: "\"") else { throw c.failure("expected a quoted key") }
      let key = try c.string()
      c.skipWhitespace()
      guard c.index < c.bytes.count, c.bytes[c.index] == UInt8(ascii: ":") else { throw c.failure("expected ':' after a key") }
      c.index += 1
      return key
    }
    if key != nil { started[started.count - 1] = true } else { started.removeLast() }
    return key
  }

  /// Reads the next value whole.
  public mutating func value() throws(JSONSyntaxError) -> JSONValue {
    try withCursor { c throws(JSONSyntaxError) in
      c.skipWhitespace()
      return try c.value()
    }
  }

  /// Checks that nothing but whitespace follows the document.
  public mutating func finish() throws(JSONSyntaxError) {
    try withCursor { c throws(JSONSyntaxError) in
      c.skipWhitespace()
      if c.index < c.bytes.count { throw c.failure("unexpected text after the end of the document") }
    }
  }
}
