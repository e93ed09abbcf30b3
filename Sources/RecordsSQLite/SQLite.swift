import CSQLite
import Cryptography
import Foundation

/// A SQLite failure: result code, SQLite's message and the SQL, never the bound values
/// (they may be personal data).
public struct SQLiteError: Error, Sendable, CustomStringConvertible {
  public var code: Int32
  public var message: String
  public var sql: String?

  public var description: String {
    var text = "SQLite error \(code): \(message)"
    if let sql { text += " (in: \(sql.prefix(120)))" }
    return text
  }

  var isConstraint: Bool { code & 0xFF == SQLITE_CONSTRAINT }
  var isBusy: Bool { code & 0xFF == SQLITE_BUSY || code & 0xFF == SQLITE_LOCKED }
}

/// SQLite's "copy the value now" destructor; not imported into Swift, so defined by hand.
private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// One connection, opened in SQLite's multi-thread mode (no mutex of its own: a lock taken and
/// released around every call costs more than reading a column). That is safe because no
/// connection is ever used by two threads at once: the store's is owned by a `SerialConnection`
/// (one queue runs everything on it), and a parallel reader opens its own and uses it on its own
/// thread only.
final class Connection {
  let handle: OpaquePointer
  let path: String

  enum Mode { case readWrite, readWriteCreate, readOnly }

  /// Process-wide settings made once, before the first connection initialises SQLite; -1 keeps
  /// every statement journal in memory (see the shim for why).
  private static let configured: Void = { _ = cpd_sqlite3_configure(-1) }()

  init(path: String, mode: Mode) throws(SQLiteError) {
    Self.configured
    var db: OpaquePointer?
    var flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
    switch mode {
    case .readWrite: flags |= SQLITE_OPEN_READWRITE
    case .readWriteCreate: flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
    case .readOnly: flags |= SQLITE_OPEN_READONLY
    }
    let rc = sqlite3_open_v2(path, &db, flags, nil)
    guard rc == SQLITE_OK, let db else {
      let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
      if let db { sqlite3_close_v2(db) }
      throw SQLiteError(code: rc, message: message, sql: nil)
    }
    handle = db
    self.path = path
  }

  deinit { sqlite3_close_v2(handle) }

  func error(_ code: Int32, _ sql: String?) -> SQLiteError {
    SQLiteError(code: sqlite3_extended_errcode(handle), message: String(cString: sqlite3_errmsg(handle)), sql: sql)
  }

  func execute(_ sql: String) throws(SQLiteError) {
    var message: UnsafeMutablePointer<CChar>?
    let rc = sqlite3_exec(handle, sql, nil, nil, &message)
    if rc != SQLITE_OK {
      let text = message.map { String(cString: $0) } ?? "failed"
      sqlite3_free(message)
      throw SQLiteError(code: sqlite3_extended_errcode(handle), message: text, sql: sql)
    }
  }

  func prepare(_ sql: String) throws(SQLiteError) -> Statement {
    var statement: OpaquePointer?
    let rc = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
    guard rc == SQLITE_OK, let statement else { throw error(rc, sql) }
    return Statement(statement, connection: self, sql: sql)
  }

  func setBusyTimeout(milliseconds: Int32) { sqlite3_busy_timeout(handle, milliseconds) }

  /// The store's own SQL functions: `cpd_sha256(text)`, the hex SHA-256 of its UTF-8 bytes (the
  /// audit chain's hash, for migrations that work the chain out again).
  func registerFunctions() throws(SQLiteError) {
    let rc = sqlite3_create_function_v2(
      handle, "cpd_sha256", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nil,
      { context, count, values in
        guard count == 1, let value = values?[0], let text = sqlite3_value_text(value) else {
          sqlite3_result_null(context)
          return
        }
        let bytes = UnsafeBufferPointer(start: text, count: Int(sqlite3_value_bytes(value)))
        let hex = Digest.sha256(Array(bytes)).hexString
        sqlite3_result_text(context, hex, Int32(hex.utf8.count), unsafeBitCast(-1, to: sqlite3_destructor_type.self))
      }, nil, nil, nil)
    guard rc == SQLITE_OK else { throw error(rc, "cpd_sha256") }
  }

  /// A single value from a query, as text.
  func scalar(_ sql: String) throws(SQLiteError) -> String? {
    let s = try prepare(sql)
    guard try s.step() else { return nil }
    return s.text(0)
  }

  var changes: Int { Int(sqlite3_changes(handle)) }
  var totalChanges: Int { Int(sqlite3_total_changes(handle)) }
  var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

  /// Runs `body` in a transaction that rolls back on any thrown error. Writers use IMMEDIATE, so
  /// they wait on the busy timeout instead of failing mid-way; readers use DEFERRED, which holds
  /// one snapshot from the first read to the end.
  func transaction<T>(immediate: Bool = true, _ body: () throws -> T) throws -> T {
    try execute(immediate ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED")
    do {
      let result = try body()
      try execute("COMMIT")
      return result
    } catch {
      try? execute("ROLLBACK")
      throw error
    }
  }
}

/// A prepared statement; bound by position (1-based), read by column (0-based).
final class Statement {
  let handle: OpaquePointer
  unowned let connection: Connection
  let sql: String

  init(_ handle: OpaquePointer, connection: Connection, sql: String) {
    self.handle = handle
    self.connection = connection
    self.sql = sql
  }

  deinit { sqlite3_finalize(handle) }

  func reset() {
    sqlite3_reset(handle)
    sqlite3_clear_bindings(handle)
  }

  /// Resets for the next run but keeps the bound values (for constants bound once).
  func resetKeepingBindings() {
    sqlite3_reset(handle)
  }

  func bind(_ index: Int32, _ value: Int64?) {
    if let value { sqlite3_bind_int64(handle, index, value) } else { sqlite3_bind_null(handle, index) }
  }

  func bind(_ index: Int32, _ value: Int?) { bind(index, value.map(Int64.init)) }

  func bind(_ index: Int32, _ value: Double?) {
    if let value { sqlite3_bind_double(handle, index, value) } else { sqlite3_bind_null(handle, index) }
  }

  func bind(_ index: Int32, _ value: String?) {
    guard let value else {
      sqlite3_bind_null(handle, index)
      return
    }
    if value.isEmpty {
      sqlite3_bind_text(handle, index, "", 0, transient)
      return
    }
    var copy = value
    copy.withUTF8 { buffer in
      buffer.withMemoryRebound(to: CChar.self) { chars in
        _ = sqlite3_bind_text(handle, index, chars.baseAddress, Int32(chars.count), transient)
      }
    }
  }

  func bind(_ index: Int32, blob: [UInt8]) {
    blob.withUnsafeBytes { buffer in
      _ = sqlite3_bind_blob(handle, index, buffer.baseAddress, Int32(buffer.count), transient)
    }
  }

  /// Binds values in order, from parameter 1.
  func bindAll(_ values: [SQLValue]) {
    for (i, v) in values.enumerated() {
      let index = Int32(i + 1)
      switch v {
      case .null: sqlite3_bind_null(handle, index)
      case .int(let n): bind(index, n)
      case .real(let d): bind(index, d)
      case .text(let s): bind(index, s)
      }
    }
  }

  /// Steps once; true while there is a row.
  @discardableResult
  func step() throws(SQLiteError) -> Bool {
    let rc = sqlite3_step(handle)
    if rc == SQLITE_ROW { return true }
    if rc == SQLITE_DONE { return false }
    let failure = connection.error(rc, sql)
    sqlite3_reset(handle)
    throw failure
  }

  /// Runs with the values already bound, to completion.
  func execute() throws(SQLiteError) {
    while try step() {}
    sqlite3_reset(handle)
  }

  /// Binds, runs to completion and resets.
  func run(_ values: [SQLValue] = []) throws(SQLiteError) {
    reset()
    bindAll(values)
    while try step() {}
    sqlite3_reset(handle)
  }

  var columnCount: Int32 { sqlite3_column_count(handle) }

  func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }
  func int(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }
  func double(_ column: Int32) -> Double { sqlite3_column_double(handle, column) }

  func text(_ column: Int32) -> String? {
    guard let pointer = sqlite3_column_text(handle, column) else { return nil }
    let count = Int(sqlite3_column_bytes(handle, column))
    return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
  }

  /// The column's bytes when it holds text or a blob (nil for numbers, which are not converted).
  func bytesIfText(_ column: Int32) -> UnsafeBufferPointer<UInt8>? {
    let type = sqlite3_column_type(handle, column)
    guard type == SQLITE_TEXT || type == SQLITE_BLOB else { return nil }
    return bytes(column)
  }

  /// A BLOB column's bytes, copied.
  func blob(_ column: Int32) -> [UInt8] {
    guard let pointer = sqlite3_column_blob(handle, column) else { return [] }
    return Array(UnsafeRawBufferPointer(start: pointer, count: Int(sqlite3_column_bytes(handle, column))))
  }

  /// The column's bytes, valid until the next step; no copy is made.
  func bytes(_ column: Int32) -> UnsafeBufferPointer<UInt8> {
    guard let pointer = sqlite3_column_text(handle, column) else { return UnsafeBufferPointer(start: nil, count: 0) }
    return UnsafeBufferPointer(start: pointer, count: Int(sqlite3_column_bytes(handle, column)))
  }

  /// All rows, each mapped by `row`.
  func rows<T>(_ values: [SQLValue] = [], _ row: (Statement) throws -> T) throws -> [T] {
    reset()
    bindAll(values)
    var result: [T] = []
    while try step() { result.append(try row(self)) }
    sqlite3_reset(handle)
    return result
  }
}

enum SQLValue {
  case null
  case int(Int64)
  case real(Double)
  case text(String)

  static func optional(_ s: String?) -> SQLValue { s.map(SQLValue.text) ?? .null }
  static func optional(_ n: Int64?) -> SQLValue { n.map(SQLValue.int) ?? .null }
}
