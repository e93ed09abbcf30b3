import CPostgres
import Foundation

/// A PostgreSQL failure: SQLSTATE, the server's message and detail, and the SQL (cut short),
/// never the bound values (they may be personal data).
public struct PostgresError: Error, Sendable, CustomStringConvertible {
  public var state: String
  public var message: String
  public var detail: String?
  public var constraint: String?
  public var sql: String?

  public var description: String {
    var text = "PostgreSQL error \(state): \(message)"
    if let sql { text += " (in: \(sql.prefix(120)))" }
    return text
  }

  var isUniqueViolation: Bool { state == "23505" }
  var isRLSViolation: Bool { state == "42501" }
  var isSerializationFailure: Bool { state == "40001" || state == "40P01" }
}

/// One libpq connection, used by one thread at a time (the store serialises its use). Values go
/// over in text form as parameters, never spliced into SQL.
final class PGConnection {
  let handle: OpaquePointer

  init(_ conninfo: String) throws(PostgresError) {
    guard let connection = PQconnectdb(conninfo) else {
      throw PostgresError(state: "08000", message: "cannot allocate a connection", detail: nil, constraint: nil, sql: nil)
    }
    guard PQstatus(connection) == CONNECTION_OK else {
      let message = String(cString: PQerrorMessage(connection)).trimmingCharacters(in: .whitespacesAndNewlines)
      PQfinish(connection)
      // 3D000: the database named does not exist (libpq gives only the text).
      let state = message.contains("does not exist") && message.contains("database") ? "3D000" : "08001"
      throw PostgresError(state: state, message: message, detail: nil, constraint: nil, sql: nil)
    }
    handle = connection
    // Notices (such as "there is no transaction in progress") are not for the user.
    PQsetNoticeProcessor(handle, { _, _ in }, nil)
  }

  deinit { PQfinish(handle) }

  func failure(_ result: OpaquePointer?, _ sql: String?) -> PostgresError {
    func field(_ code: Character) -> String? {
      guard let result, let p = PQresultErrorField(result, Int32(code.asciiValue!)) else { return nil }
      return String(cString: p)
    }
    let message =
      field("M") ?? String(cString: PQerrorMessage(handle)).trimmingCharacters(in: .whitespacesAndNewlines)
    return PostgresError(
      state: field("C") ?? "08006", message: message, detail: field("D"), constraint: field("n"), sql: sql)
  }

  /// Runs one statement with text parameters ($1, $2...); nil stands for NULL.
  @discardableResult
  func query(_ sql: String, _ values: [String?] = []) throws(PostgresError) -> PGResult {
    let result: OpaquePointer?
    if values.isEmpty {
      result = PQexec(handle, sql)
    } else {
      var copies = values.map { $0.map { strdup($0) } ?? nil }
      defer { for p in copies { free(p) } }
      result = copies.withUnsafeMutableBufferPointer { buffer in
        buffer.baseAddress!.withMemoryRebound(to: UnsafePointer<CChar>?.self, capacity: buffer.count) { params in
          PQexecParams(handle, sql, Int32(values.count), nil, params, nil, nil, 0)
        }
      }
    }
    let status = result.map { PQresultStatus($0) } ?? PGRES_FATAL_ERROR
    guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_COPY_IN || status == PGRES_COPY_OUT
    else {
      let error = failure(result, sql)
      if let result { PQclear(result) }
      throw error
    }
    return PGResult(result!)
  }

  /// Runs statements separated by semicolons (no parameters), as a migration does.
  func execute(_ sql: String) throws(PostgresError) { try query(sql) }

  /// The first column of the first row, or nil.
  func scalar(_ sql: String, _ values: [String?] = []) throws(PostgresError) -> String? {
    let r = try query(sql, values)
    return r.rows > 0 ? r.text(0, 0) : nil
  }

  /// `COPY table (columns) FROM STDIN`, fed rows already in COPY's text form.
  func copyIn(_ sql: String, _ write: ((String) throws -> Void) throws -> Void) throws {
    _ = try query(sql)
    var buffer: [UInt8] = []
    buffer.reserveCapacity(1 << 20)
    func flush() throws(PostgresError) {
      guard !buffer.isEmpty else { return }
      let ok = buffer.withUnsafeBufferPointer { b in
        b.baseAddress!.withMemoryRebound(to: CChar.self, capacity: b.count) { PQputCopyData(handle, $0, Int32(b.count)) }
      }
      buffer.removeAll(keepingCapacity: true)
      guard ok == 1 else { throw failure(nil, sql) }
    }
    do {
      try write { line in
        buffer.append(contentsOf: line.utf8)
        if buffer.count >= 1 << 20 { try flush() }
      }
      try flush()
    } catch {
      PQputCopyEnd(handle, "cancelled")
      drain(sql)
      throw error
    }
    guard PQputCopyEnd(handle, nil) == 1 else { throw failure(nil, sql) }
    var first: PostgresError? = nil
    while let result = PQgetResult(handle) {
      if PQresultStatus(result) != PGRES_COMMAND_OK, first == nil { first = failure(result, sql) }
      PQclear(result)
    }
    if let first { throw first }
  }

  private func drain(_ sql: String) {
    while let result = PQgetResult(handle) { PQclear(result) }
  }

  /// `COPY (query) TO STDOUT`: each line (without its newline) handed to `line` as bytes.
  func copyOut(_ sql: String, _ line: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
    _ = try query(sql)
    var caught: Error? = nil
    while true {
      var pointer: UnsafeMutablePointer<CChar>? = nil
      let n = PQgetCopyData(handle, &pointer, 0)
      if n == -1 { break }
      if n < 0 { throw failure(nil, sql) }
      if let pointer {
        if caught == nil {
          let bytes = UnsafeRawPointer(pointer).assumingMemoryBound(to: UInt8.self)
          let count = Int(n) > 0 && bytes[Int(n) - 1] == 0x0A ? Int(n) - 1 : Int(n)
          do { try line(UnsafeBufferPointer(start: bytes, count: count)) } catch { caught = error }
        }
        PQfreemem(pointer)
      }
    }
    var first: PostgresError? = nil
    while let result = PQgetResult(handle) {
      if PQresultStatus(result) != PGRES_COMMAND_OK, first == nil { first = failure(result, sql) }
      PQclear(result)
    }
    if let caught { throw caught }
    if let first { throw first }
  }
}

/// A query's rows, in text form.
final class PGResult {
  let handle: OpaquePointer

  init(_ handle: OpaquePointer) { self.handle = handle }
  deinit { PQclear(handle) }

  var rows: Int { Int(PQntuples(handle)) }
  var columns: Int { Int(PQnfields(handle)) }
  /// Rows an INSERT, UPDATE or DELETE touched.
  var affected: Int { Int(String(cString: PQcmdTuples(handle))) ?? 0 }

  func isNull(_ row: Int, _ column: Int) -> Bool { PQgetisnull(handle, Int32(row), Int32(column)) == 1 }

  func text(_ row: Int, _ column: Int) -> String? {
    if isNull(row, column) { return nil }
    return String(cString: PQgetvalue(handle, Int32(row), Int32(column)))
  }

  func string(_ row: Int, _ column: Int) -> String { text(row, column) ?? "" }

  func int(_ row: Int, _ column: Int) -> Int64 {
    guard let p = PQgetvalue(handle, Int32(row), Int32(column)) else { return 0 }
    return COPYText.int(UnsafeBufferPointer(start: UnsafeRawPointer(p).assumingMemoryBound(to: UInt8.self), count: strlen(p)))
  }

  func optionalInt(_ row: Int, _ column: Int) -> Int64? { isNull(row, column) ? nil : int(row, column) }

  /// A bytea column (hex form) as bytes.
  func bytes(_ row: Int, _ column: Int) -> [UInt8]? {
    guard !isNull(row, column), let p = PQgetvalue(handle, Int32(row), Int32(column)) else { return nil }
    var length = 0
    guard let raw = PQunescapeBytea(UnsafeRawPointer(p).assumingMemoryBound(to: UInt8.self), &length) else { return nil }
    defer { PQfreemem(raw) }
    return Array(UnsafeBufferPointer(start: raw, count: length))
  }

  func map<T>(_ body: (Int) throws -> T) rethrows -> [T] {
    var out: [T] = []
    out.reserveCapacity(rows)
    for row in 0..<rows { out.append(try body(row)) }
    return out
  }
}

/// COPY's text format: tab-separated fields, `\N` for NULL, backslash escapes.
enum COPYText {
  static func field(_ value: String?) -> String {
    guard let value else { return "\\N" }
    var out = ""
    out.reserveCapacity(value.utf8.count)
    for c in value.unicodeScalars {
      switch c {
      case "\\": out += "\\\\"
      case "\t": out += "\\t"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      default: out.unicodeScalars.append(c)
      }
    }
    return out
  }

  static func field(_ value: Int64?) -> String { value.map { String($0) } ?? "\\N" }

  static func line(_ fields: [String]) -> String { fields.joined(separator: "\t") + "\n" }

  /// A whole number from ASCII digits (with an optional minus).
  static func int(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64 {
    var value: Int64 = 0
    var negative = false
    for b in bytes {
      if b == UInt8(ascii: "-") {
        negative = true
      } else if b >= 0x30 && b <= 0x39 {
        value = value * 10 + Int64(b - 0x30)
      }
    }
    return negative ? -value : value
  }

  /// Splits one COPY line into its fields' byte ranges (escapes are left as they are: the
  /// columns read this way are numbers and ids, which never hold any).
  static func split(_ line: UnsafeBufferPointer<UInt8>, into fields: inout [Range<Int>]) {
    fields.removeAll(keepingCapacity: true)
    var start = 0
    for i in 0..<line.count where line[i] == 0x09 {
      fields.append(start..<i)
      start = i + 1
    }
    fields.append(start..<line.count)
  }
}
