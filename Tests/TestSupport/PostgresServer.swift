import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A real PostgreSQL 15 server for the tests, started once per test process: `initdb` into a
/// temporary folder, listening on a Unix socket in that folder only (no TCP), run as the
/// `postgres` user when the tests run as root (the server refuses to run as root). It is stopped
/// and its folder removed when the process exits.
///
/// Stores are made by `cpd_installer`, a login that may create databases and roles but is
/// neither superuser nor BYPASSRLS, as a network store's installer would be.
public final class PostgresServer: @unchecked Sendable {
  public let folder: String
  public let bin: String
  private let lock = NSLock()
  private var counter = 0

  public static let binaries = ProcessInfo.processInfo.environment["CPD_PG_BIN"] ?? "/usr/lib/postgresql/15/bin"

  /// Whether the server binaries are installed here.
  public static var isAvailable: Bool { FileManager.default.isExecutableFile(atPath: binaries + "/initdb") }

  /// The one server of this test process.
  public static let shared: PostgresServer = {
    do {
      return try PostgresServer()
    } catch {
      fatalError("cannot start the test PostgreSQL server: \(error)")
    }
  }()

  static var runningAsRoot: Bool { getuid() == 0 }

  init() throws {
    bin = Self.binaries
    let base = "/tmp/cpd-pg-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    guard mkdir(base, 0o700) == 0 else { throw ServerError("cannot make \(base)") }
    folder = base
    if Self.runningAsRoot {
      // The server's user must own its folder.
      guard let user = getpwnam("postgres") else { throw ServerError("there is no postgres user to run the server as") }
      chown(base, user.pointee.pw_uid, user.pointee.pw_gid)
    }
    try run([bin + "/initdb", "-D", base + "/data", "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8", "--locale=C.UTF-8"])
    try run([
      bin + "/pg_ctl", "-D", base + "/data", "-l", base + "/server.log", "-w", "-o",
      "-k \(base) -c listen_addresses= -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200",
      "start",
    ], detached: true)
    Self.stopAtExit = self
    atexit { PostgresServer.stopAtExit?.stop() }
    try psql(
      "postgres",
      "CREATE ROLE cpd_installer LOGIN CREATEDB CREATEROLE NOSUPERUSER NOBYPASSRLS;")
  }

  nonisolated(unsafe) static var stopAtExit: PostgresServer?

  /// Runs a server program, as the postgres user when we are root.
  func run(_ arguments: [String], detached: Bool = false) throws {
    let command = Self.runningAsRoot ? ["/usr/sbin/runuser", "-u", "postgres", "--"] + arguments : arguments
    // The server that pg_ctl starts keeps whatever it inherits open: it gets a file, no pipe.
    let result = Self.spawn(command, outputFile: folder + "/\(detached ? "start" : "run").out")
    guard result.status == 0 else { throw ServerError("\(arguments[0]) failed: \(result.output)") }
  }

  /// Runs `command` to its end (posix_spawn and waitpid: Foundation's `Process` can miss the end of
  /// a child that `runuser` started), its output going to `outputFile`; returns its status and output.
  static func spawn(_ command: [String], environment: [String: String]? = nil, outputFile: String) -> (status: Int32, output: String) {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, outputFile, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_adddup2(&actions, 1, 2)
    let env = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
    var argv: [UnsafeMutablePointer<CChar>?] = command.map { strdup($0) } + [nil]
    var envp: [UnsafeMutablePointer<CChar>?] = env.map { strdup($0) } + [nil]
    defer {
      for p in argv { free(p) }
      for p in envp { free(p) }
    }
    var pid: pid_t = 0
    guard posix_spawn(&pid, command[0], &actions, nil, &argv, &envp) == 0 else { return (127, "cannot run \(command[0])") }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    let output = (try? String(contentsOfFile: outputFile, encoding: .utf8)) ?? ""
    unlink(outputFile)
    let exited = (status & 0x7f) == 0
    return (exited ? (status >> 8) & 0xff : 128 + (status & 0x7f), output.trimmingCharacters(in: .whitespacesAndNewlines))
  }

  func stop() {
    try? run([bin + "/pg_ctl", "-D", folder + "/data", "-m", "immediate", "-w", "stop"])
    try? FileManager.default.removeItem(atPath: folder)
  }

  /// Runs SQL through `psql` as `user` on `database`; returns what it printed (unaligned, tuples only).
  @discardableResult
  public func psql(_ database: String, _ sql: String, user: String = "postgres") throws -> String {
    let result = psqlResult(database, sql, user: user)
    guard result.status == 0 else { throw ServerError("psql failed: \(result.output)") }
    return result.output
  }

  /// What `psql` printed and its exit status (errors included), for tests that expect a refusal.
  public func psqlResult(_ database: String, _ sql: String, user: String) -> (status: Int32, output: String) {
    var env = ProcessInfo.processInfo.environment
    env["PGOPTIONS"] = nil
    return Self.spawn(
      [bin + "/psql", "-h", folder, "-U", user, "-d", database, "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", sql],
      environment: env, outputFile: folder + "/psql-\(UUID().uuidString).out")
  }

  /// A name for a new database, unique in this process.
  public func newDatabaseName(_ label: String = "store") -> String {
    lock.lock()
    defer { lock.unlock() }
    counter += 1
    let clean = label.lowercased().filter { $0.isLetter || $0.isNumber || $0 == "_" }.prefix(16)
    return "t\(counter)_\(clean)"
  }

  /// The address of `database` as `user`, on the socket.
  public func address(_ database: String, user: String = "cpd_installer") -> String {
    "postgresql://\(user)@/\(database)?host=\(folder)"
  }

  public struct ServerError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
  }
}
