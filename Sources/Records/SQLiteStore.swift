import Competency
import Cryptography
import Foundation

/// The records store on SQLite: one database file plus a content-addressed evidence folder
/// beside it (`<store>-evidence/`).
///
/// Every write is one IMMEDIATE transaction that rolls back on any error, so a bad row leaves
/// the store as it was. WAL mode lets readers work while one writer writes; the busy timeout
/// makes concurrent writers wait their turn instead of failing with "database is locked".
public final class SQLiteStore: @unchecked Sendable {
  public let path: String
  let db: Connection
  let vault: EvidenceVault
  /// A full read uses one connection per core once the table has this many rows per core.
  var rowsPerParallelReader: Int64 = 100_000

  /// How long a writer waits for another to finish.
  static let busyTimeoutMilliseconds: Int32 = 120_000

  /// Opens the store at `path`, migrating an older schema. `create` makes a new store;
  /// otherwise a missing file is an error. `migrateUpTo` stops early (for tests of migration).
  public static func open(at path: String, create: Bool = false, migrateUpTo: Int? = nil) throws(RecordsError)
    -> SQLiteStore
  {
    let exists = FileManager.default.fileExists(atPath: path)
    if !exists && !create { throw .missingStore(path) }
    if !exists {
      let folder = (path as NSString).deletingLastPathComponent
      if !folder.isEmpty {
        do {
          try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
          throw .storage("\(folder): cannot create the folder: \(error.localizedDescription)")
        }
      }
    }
    do {
      let db = try Connection(path: path, mode: create ? .readWriteCreate : .readWrite)
      let store = SQLiteStore(path: path, db: db)
      try store.configure()
      try store.migrate(upTo: migrateUpTo ?? Schema.latest)
      return store
    } catch let error as RecordsError {
      throw error
    } catch let error as SQLiteError {
      if error.code & 0xFF == 26 {  // SQLITE_NOTADB
        throw .storage("\(path): not a cpd records store (not a SQLite database)")
      }
      throw .storage("\(path): \(error)")
    } catch {
      throw .storage("\(path): \(error)")
    }
  }

  init(path: String, db: Connection) {
    self.path = path
    self.db = db
    vault = EvidenceVault(directory: path + "-evidence")
  }

  public var evidenceDirectory: String { vault.directory }

  func configure() throws(SQLiteError) {
    db.setBusyTimeout(milliseconds: Self.busyTimeoutMilliseconds)
    let mode = try db.scalar("PRAGMA journal_mode = WAL")
    guard mode?.lowercased() == "wal" else {
      throw SQLiteError(code: 1, message: "the store could not switch to WAL mode (got \(mode ?? "nothing"))", sql: nil)
    }
    // FULL: a `cpd log` that has printed its id has its activity on disk, even across power loss.
    try db.execute("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA cache_size = -65536;")
  }

  /// Applies the migrations this build knows and the store lacks; refuses a newer store.
  func migrate(upTo target: Int) throws {
    try db.execute(Schema.bookkeeping)
    let applied = Set(try db.prepare("SELECT version FROM schema_migrations").rows { Int($0.int(0)) })
    if let newest = applied.max(), newest > Schema.latest {
      throw RecordsError.newerStore(path: path, version: newest, known: Schema.latest)
    }
    for migration in Schema.migrations where migration.version <= target && !applied.contains(migration.version) {
      try db.transaction {
        // Another process may have applied it while we waited for the lock.
        let done = try db.prepare("SELECT 1 FROM schema_migrations WHERE version = ?")
        done.bindAll([.int(Int64(migration.version))])
        if try done.step() { return }
        try db.execute(migration.sql)
        try db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)")
          .run([.int(Int64(migration.version)), .text(migration.name), .text(Clock.timestamp())])
        if migration.version == 1 {
          try db.prepare("INSERT INTO meta (key, value) VALUES ('store_id', ?), ('created_at', ?)")
            .run([.text(UUID().uuidString.lowercased()), .text(Clock.timestamp())])
          try appendAudit(actor: .system(Clock.operator), action: "store.create", subject: "store", detail: [:])
        }
      }
    }
  }

  /// The schema versions applied, in order.
  public func schemaVersions() throws(RecordsError) -> [Int] {
    try guarded { try db.prepare("SELECT version FROM schema_migrations ORDER BY version").rows { Int($0.int(0)) } }
  }

  /// Runs store work, turning SQLite failures into `RecordsError.storage`.
  func guarded<T>(_ body: () throws -> T) throws(RecordsError) -> T {
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

  /// A write transaction; any error rolls everything back.
  func write<T>(_ body: () throws -> T) throws(RecordsError) -> T {
    try guarded { try db.transaction(body) }
  }

  public func meta(_ key: String) throws(RecordsError) -> String? {
    try guarded {
      let s = try db.prepare("SELECT value FROM meta WHERE key = ?")
      s.bindAll([.text(key)])
      return try s.step() ? s.text(0) : nil
    }
  }

  /// Records which framework the store is kept against (first use wins; a different framework
  /// id later is refused, since stored claims would not mean the same).
  public func bind(framework: Framework) throws(RecordsError) {
    try write {
      let existing = try db.prepare("SELECT value FROM meta WHERE key = 'framework_id'")
      if try existing.step(), let id = existing.text(0) {
        if id != framework.id {
          throw RecordsError.invalid(
            "framework: the store is kept against framework \"\(id)\", not \"\(framework.id)\"")
        }
        return
      }
      try db.prepare("INSERT INTO meta (key, value) VALUES ('framework_id', ?)").run([.text(framework.id)])
    }
  }

  /// pid of a practitioner id, if known.
  func pid(of practitioner: String) throws -> Int64? {
    let s = try db.prepare("SELECT pid FROM practitioners WHERE id = ?")
    s.bindAll([.text(practitioner)])
    return try s.step() ? s.int(0) : nil
  }

  func actorName(_ actor: Actor) throws -> String {
    switch actor {
    case .system(let name): return "system:\(name)"
    case .practitioner(let id): return try pid(of: id).map { "practitioner#\($0)" } ?? "system:unknown"
    }
  }

  /// A checksum of everything the store holds (database content and evidence files), for
  /// proving that a refused write left it unchanged.
  public func contentChecksum() throws(RecordsError) -> String {
    try guarded {
      var hasher = Digest.Hasher(.sha256)
      let tables = try db.prepare(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
      ).rows { $0.text(0)! }
      for table in tables {
        hasher.update(Array("table \(table)\n".utf8))
        let s = try db.prepare("SELECT * FROM \"\(table)\" ORDER BY 1, 2")
        let columns = s.columnCount
        while try s.step() {
          for c in 0..<columns { hasher.update(Array((s.isNull(c) ? "∅" : s.text(c) ?? "") .utf8) + [0x1F]) }
          hasher.update([0x0A])
        }
      }
      for name in vault.allFiles() { hasher.update(Array("file \(name)\n".utf8)) }
      return hasher.finish().hexString
    }
  }
}

/// Wall-clock helpers, kept in one place.
enum Clock {
  static func timestamp(_ date: Date = Date()) -> String {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    return formatter.string(from: date)
  }

  /// The operating-system user running the tool, for audit entries of system actions.
  static var `operator`: String {
    ProcessInfo.processInfo.environment["USER"] ?? ProcessInfo.processInfo.environment["LOGNAME"] ?? "unknown"
  }
}
