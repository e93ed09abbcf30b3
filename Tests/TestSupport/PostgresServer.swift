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
    let process = Process()
    if Self.runningAsRoot {
      process.executableURL = URL(fileURLWithPath: "/usr/sbin/runuser")
      process.arguments = ["-u", "postgres", "--"] + arguments
    } else {
      process.executableURL = URL(fileURLWithPath: arguments[0])
      process.arguments = Array(arguments.dropFirst())
    }
    process.currentDirectoryURL = URL(fileURLWithPath: "/tmp")
    // The server that pg_ctl starts keeps whatever it inherits open: it gets no pipe of ours.
    let out = Pipe()
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = detached ? FileHandle.nullDevice : out
    process.standardError = detached ? FileHandle.nullDevice : out
    try process.run()
    let output = detached ? Data() : out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      throw ServerError("\(arguments[0]) failed: \(String(decoding: output, as: UTF8.self))")
    }
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
    let process = Process()
    process.executableURL = URL(fileURLWithPath: bin + "/psql")
    process.arguments = ["-h", folder, "-U", user, "-d", database, "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", sql]
    var env = ProcessInfo.processInfo.environment
    env["PGOPTIONS"] = nil
    process.environment = env
    let out = Pipe()
    process.standardOutput = out
    process.standardError = out
    try! process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
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
