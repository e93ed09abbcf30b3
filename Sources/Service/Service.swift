import Competency
import Foundation
import GapAnalysis
import Records
import RecordsPostgres
import RecordsSQLite
import Workforce

/// Where the records are, as a front end names them: a SQLite file path (the embedded default), or
/// a PostgreSQL address (`postgresql://USER@HOST[:PORT]/DB?host=/socket/dir`, or `postgres://`)
/// for the network store.
public struct StoreLocation: Sendable, Hashable, CustomStringConvertible {
  public let value: String

  public init(_ value: String) { self.value = value }

  public static let defaultPath = "Records/cpd.sqlite"

  /// `--store`, else `$CPD_STORE`, else the default path.
  public static func resolve(_ given: String?, environment: [String: String] = ProcessInfo.processInfo.environment)
    -> StoreLocation
  {
    StoreLocation(given ?? environment["CPD_STORE"].flatMap { $0.isEmpty ? nil : $0 } ?? defaultPath)
  }

  public var description: String { PostgresStore.isAddress(value) ? PostgresStore.displayed(value) : value }

  /// Whether it names the PostgreSQL network store.
  public var isNetwork: Bool { PostgresStore.isAddress(value) }

  /// Where `cpd serve` opens the store: on a network store its gateway login, so that the
  /// database checks each request as the signed-in person; a SQLite store as it is.
  public var served: StoreLocation {
    guard isNetwork, let gateway = PostgresStore.gatewayAddress(value) else { return self }
    return StoreLocation(gateway)
  }

  /// Files that make up the store at this location (for a network store, its keys folder).
  public var files: [String] {
    isNetwork ? [PostgresStore.keysDirectory(for: value)] : SQLiteStore.files(forPath: value)
  }
}

/// What a command does with the store, which decides how it is opened.
public enum StoreIntent: Sendable {
  /// `cpd init`: make the store, or migrate it.
  case create
  /// Writes: an older store is migrated first.
  case write
  /// Only reads: the store is never changed, so an older one is refused rather than migrated.
  case read
}

/// The store and frameworks a front end works with, opened once (a command, or a server's life).
public final class Workspace: @unchecked Sendable {
  public let store: any RecordStore
  public let frameworks: [Framework]
  /// The framework prepared for analysis, shared by every use case.
  public let model: AnalysisModel
  /// Things worth telling the user about opening (a newer framework version bound, say).
  public let notices: [String]
  /// Where it was opened from (nil for a view made from another workspace).
  public private(set) var location: StoreLocation? = nil
  /// How it was opened.
  public private(set) var intent: StoreIntent = .read
  /// Reports a long-running server keeps (`Service.report(_:asOf:language:maxAge:)`).
  /// Shared with the views made from this workspace (a gateway acting for each person), so that
  /// a report worked out for one request serves the next.
  public let reportCache: ReportCache

  public var framework: Framework { frameworks[0] }

  init(store: any RecordStore, frameworks: [Framework], notices: [String]) {
    self.store = store
    self.frameworks = frameworks
    model = AnalysisModel(frameworks: frameworks)
    self.notices = notices
    reportCache = ReportCache()
  }

  /// The same frameworks over another view of the store (a gateway acting for one person).
  init(store: any RecordStore, frameworks: [Framework], model: AnalysisModel, reportCache: ReportCache) {
    self.store = store
    self.frameworks = frameworks
    self.model = model
    self.reportCache = reportCache
    notices = []
  }

  /// Opens the store (chosen by its location) and checks it is kept against the loaded framework:
  /// a store kept against another framework, or a newer version of this one, is refused. One kept
  /// against an older version opens, with a notice that `cpd init` moves it to the loaded one.
  public static func open(_ location: StoreLocation, frameworks: [Framework], intent: StoreIntent) throws(RecordsError)
    -> Workspace
  {
    let store = try openStore(location, intent: intent)
    var notices: [String] = []
    let framework = frameworks[0]
    if let kept = try store.frameworkBinding() {
      guard kept.id == framework.id else {
        throw .invalid(
          "framework", .notAllowed,
          "the store is kept against framework \"\(kept.id)\", but \"\(framework.id)\" was loaded (give --framework)")
      }
      if isVersion(kept.version, newerThan: framework.version) {
        throw .invalid(
          "framework", .notAllowed,
          "the store is kept against \(kept.id) \(kept.version), newer than the \(framework.version) loaded (give --framework)")
      }
      if kept.version != framework.version && intent != .create {
        notices.append(
          "\(store.location): kept against \(kept.id) \(kept.version); 'cpd init' moves it to the \(framework.version) loaded")
        notices += changes(from: kept, to: framework)
      }
    }
    let workspace = Workspace(store: store, frameworks: frameworks, notices: notices)
    workspace.location = location
    workspace.intent = intent
    return workspace
  }

  /// The same store opened again, on a connection of its own (a benchmark's many clients).
  public func reopened() throws(RecordsError) -> Workspace {
    guard let location else { throw .storage("this workspace cannot be opened again") }
    return try Workspace.open(location, frameworks: frameworks, intent: intent == .create ? .write : intent)
  }

  /// What changed from the version a store was kept against to `framework`, as lines to show.
  static func changes(from kept: FrameworkBinding, to framework: Framework) -> [String] {
    guard let snapshot = kept.snapshot, let older = try? Framework.load(snapshot: snapshot) else {
      return ["no copy of \(kept.id) \(kept.version) was kept with the store, so what changed cannot be listed"]
    }
    return framework.changes(from: older).summary
  }

  /// The backend for a location. Only this module chooses one.
  static func openStore(_ location: StoreLocation, intent: StoreIntent) throws(RecordsError) -> any RecordStore {
    if location.isNetwork {
      let access: PostgresStore.Access =
        switch intent {
        case .create: .create
        case .write: .write
        case .read: .read
        }
      return try PostgresStore.open(location.value, access: access)
    }
    let access: SQLiteStore.Access =
      switch intent {
      case .create: .create
      case .write: .write
      case .read: .read
      }
    return try SQLiteStore.open(at: location.value, access: access)
  }

  /// Compares dotted versions number by number (`2.0.0` is newer than `1.10.0`).
  static func isVersion(_ a: String, newerThan b: String) -> Bool {
    let x = a.split(separator: ".").map { Int($0) ?? 0 }
    let y = b.split(separator: ".").map { Int($0) ?? 0 }
    for i in 0..<max(x.count, y.count) {
      let l = i < x.count ? x[i] : 0
      let r = i < y.count ? y[i] : 0
      if l != r { return l > r }
    }
    return false
  }

  /// The use cases, as `actor`.
  public func service(as actor: Actor, today: Day = .today) -> Service {
    Service(workspace: self, actor: actor, today: today)
  }

  /// The use cases as the login named `login` (nil: the login the store's connection is, on a
  /// network store; else the store's owner). On a network store a gateway takes on the login's
  /// identity in the database; a person's own connection may act only as itself.
  public func service(login name: String?, today: Day = .today) throws(RecordsError) -> Service {
    guard let name = name ?? store.connectedLogin else { return service(as: .owner, today: today) }
    let acting = try store.acting(for: name)
    let workspace = acting === store ? self : Workspace(store: acting, frameworks: frameworks, model: model, reportCache: reportCache)
    guard let login = try acting.login(named: name) else { throw .forbidden("unknown login \"\(name)\"") }
    let person = try login.practitioner.flatMap { id throws(RecordsError) in try acting.practitioner(id) }
    return workspace.service(as: Actor(login: login, person: person), today: today)
  }
}

/// The use cases every front end calls, as one actor: each applies the access model before it
/// touches the store, and the audit log names the actor.
public struct Service: Sendable {
  public let workspace: Workspace
  public let actor: Actor
  public let today: Day

  public var store: any RecordStore { workspace.store }
  /// The store as the user named it, for messages.
  public var location: String { workspace.store.location }
  public var framework: Framework { workspace.framework }
  public var model: AnalysisModel { workspace.model }
  public var rules: RecordRules { RecordRules(frameworks: workspace.frameworks, today: today) }

  /// A practitioner the actor may act on: refused, without saying whether they exist, when the
  /// actor could not see them anyway.
  func person(_ id: String, _ permission: (PractitionerRecord) -> Permission) throws(RecordsError) -> PractitionerRecord {
    guard let found = try store.practitioner(id) else {
      switch actor.role {
      case nil, .admin?: throw .invalid("practitioner", .unknown, "unknown practitioner \"\(id)\"")
      case .teamLeader?, .practitioner?, .planner?, .lms?:
        throw .forbidden("\(actor) may not act on practitioner \"\(id)\"")
      }
    }
    try actor.require(permission(found))
    return found
  }
}

extension Service {
  /// Refuses an output path that is part of the store (its database, WAL, shared memory, or
  /// anything in its evidence or keys folders), so that no `-o` can destroy the records.
  public func checkOutput(_ path: String) throws(RecordsError) {
    try Workspace.checkOutput(path, against: store.files)
  }
}

extension Workspace {
  static func resolved(_ path: String) -> String {
    URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
  }

  /// Refuses `path` when it is part of the store at `location`, opened or not.
  public static func checkOutput(_ path: String, near location: StoreLocation) throws(RecordsError) {
    try checkOutput(path, against: location.files)
  }

  /// Refuses `path` when it is one of `files` or inside one of them (as folders).
  public static func checkOutput(_ path: String, against files: [String]) throws(RecordsError) {
    let target = resolved(path)
    for file in files {
      let protected = resolved(file)
      if target == protected || target.hasPrefix(protected + "/") {
        throw .invalid("output", .notAllowed, "\(path) is part of the records store (\(file)); write somewhere else")
      }
    }
  }
}
