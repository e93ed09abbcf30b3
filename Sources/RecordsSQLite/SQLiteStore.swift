import Competency
import Cryptography
import Foundation
import JSON
import Records

/// The records store on SQLite: one database file plus a content-addressed evidence folder
/// beside it (`<store>-evidence/`).
///
/// Every write is one IMMEDIATE transaction that rolls back on any error, so a bad row leaves
/// the store as it was. WAL mode lets readers work while one writer writes; the busy timeout
/// makes concurrent writers wait their turn instead of failing with "database is locked".
public final class SQLiteStore: RecordStore {
  /// What opening is for.
  public enum Access: Sendable {
    /// `cpd init`: make a new store, or migrate an existing one.
    case create
    /// A command that writes: migrates an older store first.
    case write
    /// A command that only reads: never writes, so an older store is refused rather than migrated.
    case read
  }

  public let path: String
  let db: SerialConnection
  let vault: EvidenceVault
  public let access: Access
  public let isNew: Bool
  /// The key that signs the audit log (nil for a store opened only to read).
  let auditKey: Ed25519PrivateKey?
  /// A full read uses one connection per core once the table has this many rows per core.
  let rowsPerParallelReader: Int64

  /// How long a writer waits for another to finish.
  static let busyTimeoutMilliseconds: Int32 = 120_000

  public var location: String { path }
  public var files: [String] { Self.files(forPath: path) }

  /// Everything a store at `path` is made of: the database, its WAL and shared memory, the
  /// evidence folder, the keys (the store's and the issuer's), the signed head of the audit log.
  public static func files(forPath path: String) -> [String] {
    [
      path, path + "-wal", path + "-shm", path + "-evidence", keysDirectory(forPath: path), path + "-audit-head",
      path + "-audit-head.lock",
    ]
  }
  public var keysDirectory: String { Self.keysDirectory(forPath: path) }

  /// Where a store at `path` keeps its issuer keys: beside it.
  public static func keysDirectory(forPath path: String) -> String { path + "-keys" }

  /// The schema version this build makes and migrates stores to.
  public static var schemaVersion: Int { Schema.latest }
  public var evidenceDirectory: String { vault.directory }

  /// Opens the store at `path`. Anything there that is not a cpd store (an empty file, another
  /// program's database, not a database at all) is refused and left byte for byte as it was.
  /// `migrateUpTo` stops early (for tests of migration).
  public static func open(at path: String, access: Access, migrateUpTo: Int? = nil, rowsPerParallelReader: Int64 = 100_000)
    throws(RecordsError) -> SQLiteStore
  {
    let fm = FileManager.default
    var isDirectory: ObjCBool = false
    let exists = fm.fileExists(atPath: path, isDirectory: &isDirectory)
    if isDirectory.boolValue { throw .notAStore(path: path, reason: "it is a folder") }
    var fresh = false
    if !exists {
      guard access == .create else { throw .missingStore(path) }
      let folder = (path as NSString).deletingLastPathComponent
      if !folder.isEmpty {
        do {
          try fm.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
          throw .storage("\(folder): cannot create the folder: \(error.localizedDescription)")
        }
      }
      // Owner-only from the start, whatever the umask; SQLite gives the WAL and shared memory
      // files the database's own mode.
      try Files.createPrivately(path)
      fresh = true
    } else {
      fresh = try inspect(path, access: access)
    }
    do {
      let connection = try Connection(path: path, mode: access == .read ? .readOnly : .readWriteCreate)
      // Before anything is written (keys, WAL mode): a SQLite file must be a cpd store.
      if !fresh { try checkTables(connection, path) }
      let key = access == .read ? nil : try StoreKey.loadOrCreate(in: keysDirectory(forPath: path))
      try connection.registerFunctions()
      let store = SQLiteStore(
        path: path, db: SerialConnection(connection, label: path), access: access, isNew: fresh, auditKey: key,
        rowsPerParallelReader: rowsPerParallelReader)
      try store.configure()
      if access == .read {
        try store.checkReadable()
      } else {
        try store.migrate(upTo: migrateUpTo ?? Schema.latest, fresh: fresh)
        try store.recoverEvidence()
      }
      return store
    } catch let error as RecordsError {
      throw error
    } catch {
      throw .storage("\(path): \(error)")
    }
  }

  /// Looks at an existing file without changing it: true when it is empty (a new store may be
  /// made in it by `init` only); throws unless it is a SQLite database (`checkTables` then
  /// says whether it is a cpd store).
  static func inspect(_ path: String, access: Access) throws(RecordsError) -> Bool {
    guard let handle = FileHandle(forReadingAtPath: path) else { throw .storage("\(path): cannot read the file") }
    let header = (try? handle.read(upToCount: 16)) ?? nil
    try? handle.close()
    guard let header, !header.isEmpty else {
      guard access == .create else { throw .notAStore(path: path, reason: "the file is empty; 'cpd init' makes a store in it") }
      return true
    }
    guard header == Data("SQLite format 3\0".utf8) else { throw .notAStore(path: path, reason: "not a SQLite database") }
    return false
  }

  /// A SQLite database that is not empty must have cpd's tables. Checked on the store's own
  /// connection, so the schema is read once.
  static func checkTables(_ connection: Connection, _ path: String) throws(RecordsError) {
    do {
      let tables = Set(
        try connection.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").rows { $0.text(0) ?? "" })
      guard tables.contains("schema_migrations"), tables.contains("meta") else {
        throw RecordsError.notAStore(
          path: path, reason: tables.isEmpty ? "an empty SQLite database" : "a SQLite database without cpd's migrations table")
      }
    } catch let error as RecordsError {
      throw error
    } catch let error as SQLiteError {
      if error.code & 0xFF == 26 { throw .notAStore(path: path, reason: "not a SQLite database") }
      throw .storage("\(path): \(error)")
    } catch {
      throw .storage("\(path): \(error)")
    }
  }

  init(path: String, db: SerialConnection, access: Access, isNew: Bool, auditKey: Ed25519PrivateKey?, rowsPerParallelReader: Int64) {
    self.path = path
    self.db = db
    self.access = access
    self.isNew = isNew
    self.auditKey = auditKey
    self.rowsPerParallelReader = rowsPerParallelReader
    vault = EvidenceVault(directory: path + "-evidence")
  }

  /// The page size a new store is created with; an older store keeps the one it has.
  static let pageSize = 16_384

  func configure() throws(RecordsError) {
    try db.outsideTransaction { c in
      c.setBusyTimeout(milliseconds: Self.busyTimeoutMilliseconds)
      if access != .read {
        // A new store's pages are 16 KiB, not 4: a bulk import's commit then writes a quarter as
        // many WAL frames and copies a quarter as many pages back (about 3 system calls a page),
        // and a small write still touches only a few pages.
        if isNew { try c.execute("PRAGMA page_size = \(Self.pageSize)") }
        let mode = try c.scalar("PRAGMA journal_mode = WAL")
        guard mode?.lowercased() == "wal" else {
          throw SQLiteError(code: 1, message: "the store could not switch to WAL mode (got \(mode ?? "nothing"))", sql: nil)
        }
        // FULL: a `cpd log` that has printed its id has its activity on disk, even across power loss.
        try c.execute("PRAGMA synchronous = FULL")
      }
      // Deleted content is overwritten, not left in free pages (erasure must erase).
      try c.execute("PRAGMA foreign_keys = ON; PRAGMA cache_size = -65536; PRAGMA secure_delete = ON;")
    }
  }

  /// Versions the store has applied.
  static func applied(_ c: Connection) throws -> Set<Int> {
    Set(try c.prepare("SELECT version FROM schema_migrations").rows { Int($0.int(0)) })
  }

  /// A store opened only to read must already be at this build's schema.
  func checkReadable() throws(RecordsError) {
    let versions = try db.read { c in try Self.applied(c) }
    let newest = versions.max() ?? 0
    if newest > Schema.latest { throw .newerStore(path: path, version: newest, known: Schema.latest) }
    if versions != Set(Schema.migrations.map(\.version)) {
      throw .olderStore(path: path, version: newest, latest: Schema.latest)
    }
  }

  /// Applies the migrations this build knows and the store lacks; refuses a newer store. Each
  /// runs with foreign keys off, in one transaction with its bookkeeping row and an audit entry,
  /// and must leave `foreign_key_check` clean.
  func migrate(upTo target: Int, fresh: Bool) throws(RecordsError) {
    if fresh { try db.write { c in try c.execute(Schema.bookkeeping) } }
    let versions = try db.read { c in try Self.applied(c) }
    if let newest = versions.max(), newest > Schema.latest {
      throw .newerStore(path: path, version: newest, known: Schema.latest)
    }
    for migration in Schema.migrations where migration.version <= target && !versions.contains(migration.version) {
      try db.write(checkingReferences: false) { c in
        // Another process may have applied it while we waited for the lock.
        if try Self.applied(c).contains(migration.version) { return }
        try c.execute(migration.sql)
        let broken = try c.prepare("PRAGMA foreign_key_check").rows { "\($0.text(0) ?? "?") row \($0.int(1))" }
        if let first = broken.first {
          throw RecordsError.storage("\(path): migration \(migration.version) left a broken foreign key (\(first))")
        }
        try c.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)")
          .run([.int(Int64(migration.version)), .text(migration.name), .text(Clock.timestamp())])
        if migration.version == 1 {
          try c.prepare("INSERT INTO meta (key, value) VALUES ('store_id', ?), ('created_at', ?)")
            .run([.text(UUID().uuidString.lowercased()), .text(Clock.timestamp())])
          try appendAudit(c, actor: .owner, action: "store.create", subject: "store", detail: [:], legacy: true)
        } else {
          // From version 4 entries cover rows: its entry covers every row already there.
          let anchor = migration.version == Schema.coverageVersion ? try Self.coverage(c, ofEverything: ()) : nil
          try appendAudit(
            c, actor: .owner, action: "store.migrate", subject: "store", detail: ["version": .int(migration.version)],
            coverage: anchor, legacy: migration.version < Schema.coverageVersion)
        }
      }
    }
    if target >= Schema.coverageVersion { try advanceHead() }
  }

  /// A coverage of every activity and sign-off the store holds (the migration that starts
  /// covering rows vouches for those already there); nil when there are none.
  static func coverage(_ c: Connection, ofEverything: Void) throws -> AuditCoverage? {
    func range(_ table: String, _ key: String) throws -> ClosedRange<Int64>? {
      let s = try c.prepare("SELECT min(\(key)), max(\(key)) FROM \(table)")
      guard try s.step(), !s.isNull(0) else { return nil }
      return s.int(0)...s.int(1)
    }
    let activities = try range("activities", "aid")
    let signoffs = try range("signoffs", "sid")
    guard activities != nil || signoffs != nil else { return nil }
    let a = RowDigest()
    let s = RowDigest()
    if let activities { try CoveredRows.digestActivities(c, activities, into: a) }
    if let signoffs { try CoveredRows.digestSignoffs(c, signoffs, into: s) }
    return AuditCoverage(activities: activities, signoffs: signoffs, digest: RowDigest.combine(a, s))
  }

  /// Removes evidence a crashed write copied in but never committed (under the write lock, so
  /// that no write in progress loses its files).
  func recoverEvidence() throws(RecordsError) {
    guard FileManager.default.fileExists(atPath: vault.journal) || vault.hasStrandedJournal else { return }
    try db.write { c in
      let used = try c.prepare("SELECT 1 FROM evidence_files WHERE sha256 = ? LIMIT 1")
      try vault.recover { hash in
        used.reset()
        used.bindAll([.text(hash)])
        return try used.step()
      }
    }
  }

  /// A write transaction; after it commits, the signed head beside the store moves forward.
  func write<T>(checkingReferences: Bool = true, _ body: (Connection) throws -> T) throws(RecordsError) -> T {
    let result = try db.write(checkingReferences: checkingReferences, body)
    try advanceHead()
    return result
  }

  public func schemaVersions() throws(RecordsError) -> [Int] {
    try db.read { c in try c.prepare("SELECT version FROM schema_migrations ORDER BY version").rows { Int($0.int(0)) } }
  }

  func meta(_ c: Connection, _ key: String) throws -> String? {
    let s = try c.prepare("SELECT value FROM meta WHERE key = ?")
    s.bindAll([.text(key)])
    return try s.step() ? s.text(0) : nil
  }

  public func meta(_ key: String) throws(RecordsError) -> String? {
    try db.read { c in try meta(c, key) }
  }

  public func frameworkBinding() throws(RecordsError) -> FrameworkBinding? {
    try db.read { c in
      guard let id = try meta(c, "framework_id") else { return nil }
      let version = try meta(c, "framework_version") ?? ""
      let s = try c.prepare("SELECT snapshot FROM framework_versions WHERE version = ?")
      s.bindAll([.text(version)])
      let snapshot = try s.step() ? s.blob(0) : nil
      return FrameworkBinding(id: id, version: version, snapshot: snapshot)
    }
  }

  public func bind(_ binding: FrameworkBinding, actor: AuditActor) throws(RecordsError) {
    try write { c in
      var same = false
      if let id = try meta(c, "framework_id") {
        guard id == binding.id else {
          throw RecordsError.invalid(
            "framework", .notAllowed, "the store is kept against framework \"\(id)\", not \"\(binding.id)\"")
        }
        same = try meta(c, "framework_version") == binding.version
      }
      // A copy of the framework is kept for every version, once (a store bound before copies
      // were kept gets one now).
      var kept = false
      if let snapshot = binding.snapshot {
        let keep = try c.prepare("INSERT OR IGNORE INTO framework_versions (version, bound_at, snapshot) VALUES (?, ?, ?)")
        keep.bind(1, binding.version)
        keep.bind(2, Clock.timestamp())
        keep.bind(3, blob: snapshot)
        try keep.execute()
        kept = c.changes > 0
      }
      if same && !kept { return }
      if !same {
        try c.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('framework_id', ?), ('framework_version', ?)")
          .run([.text(binding.id), .text(binding.version)])
      }
      try appendAudit(c, actor: actor, action: "framework.bind", subject: "store", detail: ["version": .string(binding.version)])
    }
  }

  /// pid of a practitioner id, if known.
  static func pid(_ c: Connection, of practitioner: String) throws -> Int64? {
    let s = try c.prepare("SELECT pid FROM practitioners WHERE id = ?")
    s.bindAll([.text(practitioner)])
    return try s.step() ? s.int(0) : nil
  }

  public func contentChecksum() throws(RecordsError) -> String {
    let files = vault.allFiles()
    return try db.read { c in
      var hasher = Digest.Hasher(.sha256)
      let tables = try c.prepare(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
      ).rows { $0.text(0)! }.filter { !Self.notRecords.contains($0) }
      for table in tables {
        hasher.update(Array("table \(table)\n".utf8))
        let s = try c.prepare("SELECT * FROM \"\(table)\" ORDER BY 1, 2")
        let columns = s.columnCount
        while try s.step() {
          for col in 0..<columns { hasher.update(Array((s.isNull(col) ? "∅" : s.text(col) ?? "").utf8) + [0x1F]) }
          hasher.update([0x0A])
        }
      }
      for name in files { hasher.update(Array("file \(name)\n".utf8)) }
      return hasher.finish().hexString
    }
  }

  /// Tables that hold no records (web sessions, sign-in failure counts): left out of the checksum.
  static let notRecords: Set<String> = ["web_sessions", "sign_in_failures"]

  /// Runs raw SQL on the store's connection outside the store's rules, for tests that damage a
  /// store on purpose.
  package func unsafeExecute(_ sql: String) throws(RecordsError) {
    try db.outsideTransaction { c in try c.execute(sql) }
  }

  /// A single value from raw SQL, for tests.
  package func unsafeScalar(_ sql: String) throws(RecordsError) -> String? {
    try db.outsideTransaction { c in try c.scalar(sql) }
  }
}
