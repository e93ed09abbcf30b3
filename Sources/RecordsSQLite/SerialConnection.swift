import Dispatch
import Records

/// The store's connection and the one serial queue that owns it (GRDB's `DatabaseQueue`): every
/// use of the connection runs on that queue, one at a time, and each read or write is one
/// transaction. A read that runs several queries therefore sees one snapshot; a write rolls
/// back on any error.
///
/// `@unchecked Sendable` because the compiler cannot see that the queue serialises every access
/// to `connection`; nothing outside this type reaches it.
final class SerialConnection: @unchecked Sendable {
  private let connection: Connection
  private let queue: DispatchQueue
  private let key = DispatchSpecificKey<Bool>()
  let path: String

  init(_ connection: Connection, label: String) {
    self.connection = connection
    path = connection.path
    queue = DispatchQueue(label: "cpd.sqlite.\(label)")
    queue.setSpecific(key: key, value: true)
  }

  /// Whether the caller is already running on the queue, inside a transaction of ours.
  private var isNested: Bool { DispatchQueue.getSpecific(key: key) == true }

  /// A read transaction: one snapshot for everything `body` reads. A read from inside another
  /// read or write (a helper) runs in the transaction already open.
  func read<T>(_ body: (Connection) throws -> T) throws(RecordsError) -> T {
    if isNested { return try mapped { try body(connection) } }
    return try mapped { try queue.sync { try connection.transaction(immediate: false) { try body(connection) } } }
  }

  /// A write transaction, taken at once (IMMEDIATE) so that concurrent writers wait their turn.
  /// It may not be opened from inside another. With `checkingReferences` false, SQLite does not
  /// look up each row's foreign keys: for a bulk write whose every reference `body` has already
  /// found in this same transaction (two B-tree seeks a row saved), or a migration, which
  /// rebuilds tables that others refer to and checks `foreign_key_check` itself.
  func write<T>(checkingReferences: Bool = true, _ body: (Connection) throws -> T) throws(RecordsError) -> T {
    precondition(!isNested, "a write transaction opened inside another")
    return try mapped {
      try queue.sync {
        // Only outside a transaction does SQLite let this change.
        if !checkingReferences { try connection.execute("PRAGMA foreign_keys = OFF") }
        defer { if !checkingReferences { try? connection.execute("PRAGMA foreign_keys = ON") } }
        return try connection.transaction(immediate: true) { try body(connection) }
      }
    }
  }

  /// Runs `body` on the queue outside any transaction, for statements that cannot run in one
  /// (PRAGMAs that change how the connection works, migrations that switch foreign keys off).
  func outsideTransaction<T>(_ body: (Connection) throws -> T) throws(RecordsError) -> T {
    precondition(!isNested, "work outside a transaction started inside one")
    return try mapped { try queue.sync { try body(connection) } }
  }

  /// Turns SQLite failures into store errors that name the store; record errors pass through.
  private func mapped<T>(_ body: () throws -> T) throws(RecordsError) -> T {
    do {
      return try body()
    } catch let error as RecordsError {
      throw error
    } catch let error as SQLiteError {
      throw .storage("\(path): \(error)")
    } catch {
      throw .storage("\(path): \(error)")
    }
  }
}
