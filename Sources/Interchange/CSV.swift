import Workforce

/// An RFC 4180 CSV reader over bytes: quoted fields, doubled quotes, CRLF or LF line ends,
/// an optional UTF-8 byte order mark. A broken quote is refused by row; invalid UTF-8 is found
/// when a field is read as text.
///
/// Each row is unescaped into one reused buffer and handed to the caller as a view, so reading
/// a hundred thousand rows allocates almost nothing.
struct CSVReader: Sendable {
  struct Row {
    /// The spreadsheet row number (the header is row 1).
    var number: Int
    var fields: [String]
  }

  static let maxFieldBytes = 100_000

  private let bytes: [UInt8]
  private var i: Int
  private var row = 1
  private var buffer: [UInt8] = []
  private var ends: [Int] = []

  init(_ bytes: [UInt8]) {
    self.bytes = bytes
    i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    buffer.reserveCapacity(1024)
  }

  /// Every row at once, as text.
  static func rows(_ bytes: [UInt8]) throws(InputError) -> [Row] {
    var reader = CSVReader(bytes)
    var rows: [Row] = []
    while let row = try reader.next() { rows.append(row) }
    return rows
  }

  /// The next row as text; nil at the end of the file.
  mutating func next() throws(InputError) -> Row? {
    var result: Row? = nil
    _ = try nextRow { (view: CSVRowView) throws(InputError) in
      var fields: [String] = []
      do throws(InputError) {
        for f in 0..<view.count { fields.append(try view.text(f)) }
      } catch {
        throw error.located("row \(view.number)")
      }
      result = Row(number: view.number, fields: fields)
    }
    return result
  }

  /// Reads the next row with content and calls `body` with a view of it; false at the end.
  mutating func nextRow(_ body: (CSVRowView) throws(InputError) -> Void) throws(InputError) -> Bool {
    var inQuotes = false
    var fieldStart = true
    var closedQuote = false
    var rowHasContent = false
    buffer.removeAll(keepingCapacity: true)
    ends.removeAll(keepingCapacity: true)
    var fieldBegin = 0
    func endField() throws(InputError) {
      if buffer.count - fieldBegin > Self.maxFieldBytes {
        throw InputError("column \(ends.count + 1)", .tooLong, "a field longer than \(Self.maxFieldBytes) bytes", at: ["row \(row)"])
      }
      ends.append(buffer.count)
      fieldBegin = buffer.count
    }
    while i < bytes.count {
      let byte = bytes[i]
      if inQuotes {
        if byte == 0x22 {
          if i + 1 < bytes.count && bytes[i + 1] == 0x22 {
            buffer.append(byte)
            i += 2
            continue
          }
          inQuotes = false
          closedQuote = true
          i += 1
          continue
        }
        buffer.append(byte)
      } else {
        if closedQuote && byte != 0x2C && byte != 0x0D && byte != 0x0A {
          throw InputError(
            "column \(ends.count + 1)", .malformed, "text after the closing quote of a quoted field", at: ["row \(row)"])
        }
        switch byte {
        case 0x22:
          guard fieldStart else {
            throw InputError("column \(ends.count + 1)", .malformed, "a quote in the middle of an unquoted field", at: ["row \(row)"])
          }
          inQuotes = true
          rowHasContent = true
        case 0x2C:
          try endField()
          rowHasContent = true
          fieldStart = true
          closedQuote = false
          i += 1
          continue
        case 0x0D, 0x0A:
          if byte == 0x0D, i + 1 < bytes.count, bytes[i + 1] == 0x0A { i += 1 }
          i += 1
          if rowHasContent || buffer.count > fieldBegin {
            try endField()
            try deliver(body)
            return true
          }
          row += 1
          fieldStart = true
          continue
        default:
          // The run of plain bytes this one starts goes in at once (the byte that ends it, a
          // comma, quote or line end, is looked at as above).
          var end = i + 1
          while end < bytes.count {
            let b = bytes[end]
            if b == 0x2C || b == 0x22 || b == 0x0D || b == 0x0A { break }
            end += 1
          }
          buffer.append(contentsOf: bytes[i..<end])
          rowHasContent = true
          fieldStart = false
          i = end
          continue
        }
      }
      fieldStart = false
      i += 1
    }
    if inQuotes { throw InputError("", .malformed, "a quoted field is not closed before the end of the file", at: ["row \(row)"]) }
    if rowHasContent || buffer.count > fieldBegin {
      try endField()
      try deliver(body)
      return true
    }
    return false
  }

  private mutating func deliver(_ body: (CSVRowView) throws(InputError) -> Void) throws(InputError) {
    let number = row
    row += 1
    let ends = self.ends
    try buffer.withUnsafeBufferPointer { (all: UnsafeBufferPointer<UInt8>) throws(InputError) in
      try body(CSVRowView(number: number, buffer: all, ends: ends))
    }
  }
}

/// One row's fields, valid only inside the reader's callback.
struct CSVRowView {
  let number: Int
  let buffer: UnsafeBufferPointer<UInt8>
  let ends: [Int]

  var count: Int { ends.count }

  /// The field's bytes exactly as written.
  func rawBytes(_ field: Int) -> UnsafeBufferPointer<UInt8> {
    let start = field == 0 ? 0 : ends[field - 1]
    return UnsafeBufferPointer(rebasing: buffer[start..<ends[field]])
  }

  /// The field's bytes, without surrounding spaces and tabs.
  func bytes(_ field: Int) -> UnsafeBufferPointer<UInt8> {
    var start = field == 0 ? 0 : ends[field - 1]
    var end = ends[field]
    while start < end, buffer[start] == 0x20 || buffer[start] == 0x09 { start += 1 }
    while end > start, buffer[end - 1] == 0x20 || buffer[end - 1] == 0x09 { end -= 1 }
    return UnsafeBufferPointer(rebasing: buffer[start..<end])
  }

  /// The field as text; invalid UTF-8 is refused.
  func text(_ field: Int) throws(InputError) -> String {
    guard let text = String(validating: bytes(field), as: UTF8.self) else {
      throw InputError("column \(field + 1)", .badText, "is not valid UTF-8")
    }
    return text
  }
}
