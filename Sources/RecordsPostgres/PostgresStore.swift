import Competency
import Cryptography
import Foundation
import JSON
import Records

/// The records store on PostgreSQL: one shared database for the network, where the database
/// itself enforces who sees what (row-level security, see `PostgresSchema`).
///
/// The store's connection is the user's own database login (or the trusted gateway acting for
/// one with `act(for:)`, or the installer, who owns the store). Every write is one transaction
/// that first takes the audit lock, so writers from many processes append one chain and number
/// their rows consecutively; a read that runs several queries runs in one REPEATABLE READ
/// snapshot.
///
/// The store's audit key and the signed head of its log are kept outside the database, in the
/// keys folder (`CPD_STORE_KEYS`, else `Records/<database>-keys`): the public key is recorded in
/// the database when the store is made, and a writer whose key is not that one is refused.
public final class PostgresStore: RecordStore, @unchecked Sendable {
  public enum Access: Sendable {
    case create, write, read
  }

  /// The address without any password, for messages.
  public let location: String
  public let keysDirectory: String
  public let isNew: Bool
  /// The prefix of the store's roles (its database's name).
  public let prefix: String
  /// The database role connected (or set), and whether it owns the store.
  public let caller: String
  public let isOwner: Bool
  let conninfo: String
  let connection: PGConnection
  let lock = NSLock()
  let auditKey: Ed25519PrivateKey?
  /// The store's own id (kept in the database), which its signed head names.
  let storeID: String
  let lastAppended = LastAppended()

  public var files: [String] { [keysDirectory] }
  var headFile: AuditHeadFile { AuditHeadFile(path: keysDirectory + "/audit-head") }

  /// Whether a location names a PostgreSQL store.
  public static func isAddress(_ location: String) -> Bool {
    location.hasPrefix("postgresql://") || location.hasPrefix("postgres://")
  }

  /// The address as shown to people: any password taken out.
  public static func displayed(_ address: String) -> String {
    guard let scheme = address.range(of: "://"), let at = address[scheme.upperBound...].firstIndex(of: "@") else { return address }
    let credentials = address[scheme.upperBound..<at]
    guard let colon = credentials.firstIndex(of: ":") else { return address }
    return String(address[..<colon]) + String(address[at...])
  }

  /// The database an address names (the path after the host), for the default keys folder.
  public static func databaseName(_ address: String) -> String? {
    guard let scheme = address.range(of: "://") else { return nil }
    let rest = address[scheme.upperBound...]
    guard let slash = rest.firstIndex(of: "/") else { return nil }
    let name = rest[rest.index(after: slash)...].prefix { $0 != "?" }
    return name.isEmpty ? nil : String(name).removingPercentEncoding
  }

  /// The address `cpd serve` connects with: the same database as the store's gateway login
  /// (`<database>_gateway`, which takes on each signed-in person's role), without a password.
  public static func gatewayAddress(_ address: String) -> String? {
    guard let scheme = address.range(of: "://"), let name = databaseName(address) else { return nil }
    let rest = address[scheme.upperBound...]
    let slash = rest.firstIndex(of: "/")!
    let authority = rest[..<slash]
    let host = authority.firstIndex(of: "@").map { authority[authority.index(after: $0)...] } ?? authority
    let user = (name + "_gateway").addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? ""
    return String(address[..<scheme.upperBound]) + user + "@" + host + String(rest[slash...])
  }

  /// The keys folder for an address: its `keys` parameter, else `CPD_STORE_KEYS`, else
  /// `Records/<database>-keys`.
  public static func keysDirectory(
    for address: String, environment: [String: String] = ProcessInfo.processInfo.environment
  ) -> String {
    if let given = splitKeys(address).keys { return given }
    if let given = environment["CPD_STORE_KEYS"], !given.isEmpty { return given }
    return "Records/\(databaseName(address) ?? "network")-keys"
  }

  /// The address without its `keys` parameter (which is ours, not libpq's), and that parameter.
  static func splitKeys(_ address: String) -> (conninfo: String, keys: String?) {
    guard let question = address.firstIndex(of: "?") else { return (address, nil) }
    var keys: String? = nil
    var kept: [Substring] = []
    for part in address[address.index(after: question)...].split(separator: "&") {
      if part.hasPrefix("keys=") {
        keys = String(part.dropFirst(5)).removingPercentEncoding
      } else {
        kept.append(part)
      }
    }
    let base = String(address[..<question])
    return (kept.isEmpty ? base : base + "?" + kept.joined(separator: "&"), keys)
  }

  static func connect(_ address: String, access: Access) throws(RecordsError) -> (PGConnection, Bool) {
    do {
      return (try PGConnection(address), false)
    } catch {
      guard error.state == "3D000", access == .create, let name = databaseName(address) else {
        throw .storage("\(displayed(address)): cannot connect: \(error.message)")
      }
      // `cpd init` on a server without the database: make it, as the installer.
      do {
        let server = try PGConnection(replacingDatabase(address, with: "postgres"))
        try server.execute("CREATE DATABASE \(quoted(name))")
        return (try PGConnection(address), true)
      } catch {
        throw .storage("\(displayed(address)): cannot create the database: \(error)")
      }
    }
  }

  static func replacingDatabase(_ address: String, with name: String) -> String {
    guard let scheme = address.range(of: "://") else { return address }
    let rest = address[scheme.upperBound...]
    guard let slash = rest.firstIndex(of: "/") else { return address + "/" + name }
    let query = rest[slash...].firstIndex(of: "?").map { String(rest[$0...]) } ?? ""
    return String(address[..<slash]) + "/" + name + query
  }

  static func quoted(_ identifier: String) -> String { "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

  /// Opens (or, for `.create`, makes or migrates) the store at `address`, keeping its audit key
  /// and head in `keys`.
  public static func open(_ address: String, access: Access, keys: String? = nil) throws(RecordsError) -> PostgresStore {
    try open(address, access: access, keys: keys, upTo: PostgresSchema.latest)
  }

  /// As `open`, a new store made only up to schema version `upTo` (for tests of migration).
  package static func open(_ address: String, access: Access, keys: String?, upTo: Int) throws(RecordsError) -> PostgresStore {
    let shown = displayed(address)
    let keys = keys ?? keysDirectory(for: address)
    let address = splitKeys(address).conninfo
    let (connection, madeDatabase) = try connect(address, access: access)
    func sql<T>(_ body: () throws -> T) throws(RecordsError) -> T {
      do {
        return try body()
      } catch let error as RecordsError {
        throw error
      } catch {
        throw .storage("\(shown): \(error)")
      }
    }
    let database = try sql { try connection.scalar("SELECT current_database()") ?? "" }
    guard database.range(of: "^[a-z_][a-z0-9_]{0,39}$", options: .regularExpression) != nil else {
      throw .notAStore(path: shown, reason: "a store's database is named in lower-case letters, digits and _ (at most 40)")
    }
    let installed = try sql { try connection.scalar("SELECT to_regclass('cpd.schema_migrations') IS NOT NULL") == "t" }
    var fresh = false
    if !installed {
      guard access == .create else {
        if madeDatabase { throw .missingStore(shown) }
        let tables = try sql { try connection.scalar("SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')") }
        if tables != "0" { throw .notAStore(path: shown, reason: "a database without cpd's schema") }
        throw .missingStore(shown)
      }
      try install(connection, prefix: database, shown: shown, keys: keys, upTo: upTo)
      fresh = true
    }
    try sql { try connection.execute("SET search_path = cpd, pg_catalog") }
    let identity = try sql { try connection.query("SELECT cpd.caller(), cpd.me_role()") }
    let owner = identity.text(0, 1) == "owner"
    if owner { try sql { try connection.execute("SET ROLE \(quoted(database + "_owner"))") } }
    let key: Ed25519PrivateKey?
    if access == .read {
      key = nil
    } else {
      key = try storeKey(connection, keys: keys, shown: shown)
    }
    let storeID = try sql { try connection.scalar("SELECT value FROM cpd.meta WHERE key = 'store_id'") ?? "" }
    let store = PostgresStore(
      location: shown, keysDirectory: keys, isNew: fresh, prefix: database, caller: identity.string(0, 0), isOwner: owner,
      conninfo: address, connection: connection, auditKey: key, storeID: storeID)
    if !fresh && access != .read { try store.migrate() }
    if !fresh || upTo == PostgresSchema.latest { try store.checkVersions(access: access) }
    if fresh {
      _ = try store.write { c in try store.appendAudit(c, actor: .owner, action: "store.create", subject: "store", detail: [:]) }
    }
    return store
  }

  init(
    location: String, keysDirectory: String, isNew: Bool, prefix: String, caller: String, isOwner: Bool, conninfo: String,
    connection: PGConnection, auditKey: Ed25519PrivateKey?, storeID: String
  ) {
    self.storeID = storeID
    self.location = location
    self.keysDirectory = keysDirectory
    self.isNew = isNew
    self.prefix = prefix
    self.caller = caller
    self.isOwner = isOwner
    self.conninfo = conninfo
    self.connection = connection
    self.auditKey = auditKey
  }

  /// The roles, the schema and the store's first entry, made by the installer in one
  /// transaction (the roles are made first: a server keeps them across databases).
  static func install(_ c: PGConnection, prefix p: String, shown: String, keys: String, upTo: Int) throws(RecordsError) {
    do {
      let key = try StoreKey.loadOrCreate(in: keys)
      try c.execute(PostgresSchema.roles.replacingOccurrences(of: "{p}", with: p))
      let superuser = try c.scalar("SELECT rolsuper FROM pg_roles WHERE rolname = current_user") == "t"
      if !superuser { try c.execute("GRANT \(p)_owner TO CURRENT_USER") }
      try c.execute(
        "GRANT CONNECT ON DATABASE \(quoted(p)) TO \(p)_practitioner, \(p)_team_leader, \(p)_planner, \(p)_admin, \(p)_lms, \(p)_gateway")
      try c.execute("BEGIN")
      do {
        for migration in PostgresSchema.migrations where migration.version <= upTo {
          try c.execute(migration.sql.replacingOccurrences(of: "{p}", with: p))
          try c.query(
            "INSERT INTO cpd.schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
            [String(migration.version), migration.name, Clock.timestamp()])
        }
        try c.query(
          "INSERT INTO cpd.meta (key, value) VALUES ('store_id', $1), ('created_at', $2), ('audit_public_key', $3)",
          [UUID().uuidString.lowercased(), Clock.timestamp(), key.publicKey.pem])
        try c.execute("COMMIT")
      } catch {
        try? c.execute("ROLLBACK")
        throw error
      }
    } catch let error as RecordsError {
      throw error
    } catch {
      throw .storage("\(shown): cannot make the store: \(error)")
    }
  }

  /// The store's audit key from the keys folder: it must be the one the store was made with.
  static func storeKey(_ c: PGConnection, keys: String, shown: String) throws(RecordsError) -> Ed25519PrivateKey {
    let recorded: String?
    do {
      recorded = try c.scalar("SELECT value FROM cpd.meta WHERE key = 'audit_public_key'")
    } catch {
      throw .storage("\(shown): \(error)")
    }
    guard FileManager.default.fileExists(atPath: StoreKey.privatePath(keys)) else {
      throw .storage(
        "\(shown): the store's audit key is not in \(keys) (give the keys folder the store was made with in CPD_STORE_KEYS)")
    }
    let key = try StoreKey.loadOrCreate(in: keys)
    guard key.publicKey.pem == recorded else {
      throw .storage("\(shown): the audit key in \(keys) is not this store's (give its keys folder in CPD_STORE_KEYS)")
    }
    return key
  }

  /// The newest schema this build knows.
  public static var latestSchema: Int { PostgresSchema.latest }

  /// Brings an older store to the latest schema, in one write recorded in the audit log; only
  /// its owner may (a newer store is left for `checkVersions` to refuse).
  func migrate() throws(RecordsError) {
    let versions = Set(try schemaVersions())
    let missing = PostgresSchema.migrations.filter { !versions.contains($0.version) }
    guard !missing.isEmpty, (versions.max() ?? 0) <= PostgresSchema.latest else { return }
    guard isOwner else {
      throw .olderStore(path: location, version: versions.max() ?? 0, latest: PostgresSchema.latest)
    }
    _ = try write { c in
      for migration in missing {
        try c.execute(migration.sql.replacingOccurrences(of: "{p}", with: prefix))
        try c.query(
          "INSERT INTO cpd.schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
          [String(migration.version), migration.name, Clock.timestamp()])
        try appendAudit(
          c, actor: .owner, action: "store.migrate", subject: "store",
          detail: ["version": .int(migration.version), "name": .string(migration.name)])
      }
    }
  }

  func checkVersions(access: Access) throws(RecordsError) {
    let versions = Set(try schemaVersions())
    let newest = versions.max() ?? 0
    if newest > PostgresSchema.latest { throw .newerStore(path: location, version: newest, known: PostgresSchema.latest) }
    if versions != Set(PostgresSchema.migrations.map(\.version)) {
      throw .olderStore(path: location, version: newest, latest: PostgresSchema.latest)
    }
  }

  /// Runs `body` on the connection, alone.
  func withConnection<T>(_ body: (PGConnection) throws -> T) throws(RecordsError) -> T {
    lock.lock()
    defer { lock.unlock() }
    do {
      return try body(connection)
    } catch let error as RecordsError {
      throw error
    } catch let error as PostgresError {
      throw map(error)
    } catch {
      throw .storage("\(location): \(error)")
    }
  }

  /// A database refusal, worded for the user.
  func map(_ error: PostgresError) -> RecordsError {
    if error.state == "42501" {
      return .forbidden("\(caller) may not do this: the database refused it (\(error.message))")
    }
    if error.state == "23514" || error.state == "23503" || error.state == "23505" {
      return .invalid("", .notAllowed, error.message)
    }
    return .storage("\(location): \(error)")
  }

  /// A write: one transaction holding the audit lock from its start; retried when the server
  /// ends it to break a deadlock. The signed head moves forward after the commit.
  func write<T>(_ body: (PGConnection) throws -> T) throws(RecordsError) -> T {
    var attempt = 0
    while true {
      do {
        let result = try withConnection { c -> T in
          try c.execute("BEGIN ISOLATION LEVEL READ COMMITTED")
          do {
            try c.execute("SELECT cpd.audit_lock()")
            let value = try body(c)
            try c.execute("COMMIT")
            return value
          } catch {
            try? c.execute("ROLLBACK")
            throw error
          }
        }
        try advanceHead()
        return result
      } catch {
        if case .storage(let message) = error, message.contains("error 40P01") || message.contains("error 40001"), attempt < 5 {
          attempt += 1
          continue
        }
        throw error
      }
    }
  }

  /// A read in one snapshot.
  func read<T>(_ body: (PGConnection) throws -> T) throws(RecordsError) -> T {
    try withConnection { c -> T in
      try c.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
      do {
        let value = try body(c)
        try c.execute("COMMIT")
        return value
      } catch {
        try? c.execute("ROLLBACK")
        throw error
      }
    }
  }

  // MARK: The protocol

  public var connectedLogin: String? { isOwner ? nil : caller }

  /// The store as `login` sees it: a gateway opens a connection of its own for the person it
  /// serves and sets their role there; a person's own login may act only as itself (the
  /// database refuses anyone else); the owner acts as anyone through the `Service` layer's rules,
  /// as on a local store.
  public func acting(for login: String) throws(RecordsError) -> any RecordStore {
    if isOwner || login == caller { return self }
    guard RecordRules.isValidID(login) else { throw .forbidden("unknown login \"\(login)\"") }
    let (connection, _) = try Self.connect(conninfo, access: .write)
    do {
      try connection.execute("SET search_path = cpd, pg_catalog")
      guard try connection.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [login]).rows > 0 else {
        throw RecordsError.forbidden("unknown login \"\(login)\"")
      }
      try connection.execute("SET ROLE \(Self.quoted(login))")
    } catch let error as RecordsError {
      throw error
    } catch {
      throw .forbidden("\(caller) may not act as \(login)")
    }
    return PostgresStore(
      location: location, keysDirectory: keysDirectory, isNew: false, prefix: prefix, caller: login, isOwner: false,
      conninfo: conninfo, connection: connection, auditKey: auditKey, storeID: storeID)
  }

  public func schemaVersions() throws(RecordsError) -> [Int] {
    try withConnection { c in
      let r = try c.query("SELECT version FROM cpd.schema_migrations ORDER BY version")
      return r.map { Int(r.int($0, 0)) }
    }
  }

  func meta(_ c: PGConnection, _ key: String) throws -> String? {
    try c.scalar("SELECT value FROM cpd.meta WHERE key = $1", [key])
  }

  public func frameworkBinding() throws(RecordsError) -> FrameworkBinding? {
    try read { c in
      guard let id = try meta(c, "framework_id") else { return nil }
      let version = try meta(c, "framework_version") ?? ""
      let r = try c.query("SELECT snapshot FROM cpd.framework_versions WHERE version = $1", [version])
      return FrameworkBinding(id: id, version: version, snapshot: r.rows > 0 ? r.bytes(0, 0) : nil)
    }
  }

  public func bind(_ binding: FrameworkBinding, actor: AuditActor) throws(RecordsError) {
    try write { c in
      var same = false
      if let id = try meta(c, "framework_id") {
        guard id == binding.id else {
          throw RecordsError.invalid("framework", .notAllowed, "the store is kept against framework \"\(id)\", not \"\(binding.id)\"")
        }
        same = try meta(c, "framework_version") == binding.version
      }
      var kept = false
      if let snapshot = binding.snapshot {
        let r = try c.query(
          "INSERT INTO cpd.framework_versions (version, bound_at, snapshot) VALUES ($1, $2, decode($3, 'hex')) ON CONFLICT DO NOTHING",
          [binding.version, Clock.timestamp(), snapshot.hexString])
        kept = r.affected > 0
      }
      if same && !kept { return }
      if !same {
        try c.query(
          """
          INSERT INTO cpd.meta (key, value) VALUES ('framework_id', $1), ('framework_version', $2)
          ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value
          """, [binding.id, binding.version])
      }
      try appendAudit(c, actor: actor, action: "framework.bind", subject: "store", detail: ["version": .string(binding.version)])
    }
  }

  public func contentChecksum() throws(RecordsError) -> String {
    try read { c in
      var hasher = Digest.Hasher(.sha256)
      for table in Self.checksummedTables {
        hasher.update(Array("table \(table)\n".utf8))
        let r = try c.query("SELECT * FROM cpd.\(table) ORDER BY 1, 2")
        for row in 0..<r.rows {
          for col in 0..<r.columns { hasher.update(Array((r.isNull(row, col) ? "∅" : r.string(row, col)).utf8) + [0x1F]) }
          hasher.update([0x0A])
        }
      }
      return hasher.finish().hexString
    }
  }

  static let checksummedTables = [
    "activities", "audit", "certificates", "evidence_blobs", "evidence_files", "framework_versions", "logins", "meta",
    "practitioners", "schema_migrations", "self_assessments", "signoffs", "voidings",
    // web_sessions and sign_in_failures are not records.
  ]

  /// The server's own checks: none beyond its constraints, which it never lets be broken.
  public func integrityProblems() throws(RecordsError) -> [String] { [] }

  public func readEveryRow() throws(RecordsError) -> Int {
    try read { c in
      var rows = 0
      var sink = 0
      for table in ["practitioners", "activities", "self_assessments"] {
        try c.copyOut("COPY cpd.\(table) TO STDOUT") { line in
          rows += 1
          sink &+= line.count
        }
      }
      return rows + (sink == Int.min ? 1 : 0)
    }
  }

  /// Runs raw SQL on the store's connection, outside its rules, for tests.
  package func unsafeExecute(_ sql: String) throws(RecordsError) {
    try withConnection { c in try c.execute(sql) }
  }

  package func unsafeScalar(_ sql: String) throws(RecordsError) -> String? {
    try withConnection { c in try c.scalar(sql) }
  }
}

extension [UInt8] {
  var hexString: String {
    let digits = Array("0123456789abcdef".utf8)
    var out = [UInt8]()
    out.reserveCapacity(count * 2)
    for b in self {
      out.append(digits[Int(b >> 4)])
      out.append(digits[Int(b & 15)])
    }
    return String(decoding: out, as: UTF8.self)
  }
}
