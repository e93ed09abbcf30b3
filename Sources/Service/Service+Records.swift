import Competency
import Foundation
import Interchange
import JSON
import Records
import Workforce

/// What `cpd init` did.
public struct StoreReadiness: Sendable {
  public var location: String
  public var created: Bool
  public var schema: Int
  public var framework: FrameworkBinding
  /// The framework version the store was kept against before, when `init` moved it.
  public var previousVersion: String?
  /// What changed between that version and this one, line by line.
  public var changes: [String]
}

extension Service {
  /// Makes the store ready: created or migrated (by opening it to create), and kept against the
  /// loaded framework, moving it to a newer version of the same framework if need be.
  public func initialise() throws(RecordsError) -> StoreReadiness {
    try actor.require(.manageFramework)
    let loaded = FrameworkBinding(id: framework.id, version: framework.version, snapshot: framework.snapshot())
    let before = try store.frameworkBinding()
    let moved = before.flatMap { loaded.isSameVersion(as: $0) ? nil : $0 }
    try store.bind(loaded, actor: actor.auditActor)
    return StoreReadiness(
      location: store.location, created: store.isNew, schema: try store.schemaVersions().last ?? 0,
      framework: FrameworkBinding(id: loaded.id, version: loaded.version), previousVersion: moved?.version,
      changes: moved.map { Workspace.changes(from: $0, to: framework) } ?? [])
  }

  public func addPractitioner(_ p: NewPractitioner) throws(RecordsError) {
    try actor.require(.managePeople)
    try store.add([try rules.check(p)], actor: actor.auditActor)
  }

  /// Practitioners, optionally one team's. A team leader sees their own team.
  public func practitioners(team: String?) throws(RecordsError) -> [PractitionerRecord] {
    if actor.allows(.managePeople) { return try store.practitioners(team.map { .team($0) } ?? .everyone) }
    guard let own = actor.team, team == nil || team == own else { throw .forbidden(actor.refusal(.managePeople)) }
    return try store.practitioners(.team(own))
  }

  /// Logs one activity; returns its id.
  public func log(_ activity: NewActivity, source: String = "cli") throws(RecordsError) -> String {
    _ = try person(activity.practitioner) { .record(for: $0) }
    let checked = try rules.check(activity)
    return try store.log([checked], source: source, frameworkVersion: framework.version, actor: actor.auditActor)[0]
  }

  /// Verifies or rejects a pending activity. `by` is the verifier (a team leader signs off as
  /// themselves, so for them it may be left out). `hours` confirms the hours of an activity
  /// imported without them; it cannot be verified without.
  public func signOff(
    activity id: String, decision: SignOffStatus, by verifier: String?, note: String?, on date: Day, hours: Hours? = nil
  ) throws(RecordsError) -> String {
    guard let by = verifier ?? actor.person?.id else { throw .invalid("by", .required, "give the verifier's practitioner id (--by)") }
    if actor.role != nil && !actor.isPerson(by) {
      throw .forbidden("\(actor) signs off as themselves, not as \(by)")
    }
    let checked = try rules.checkSignOff(activity: id, decision: decision, by: by, note: note, on: date, hours: hours)
    if actor.role != nil {
      // Whose activity it is decides whether this actor may sign it off.
      guard let activity = try store.activity(id), let owner = try store.practitioner(activity.practitioner) else {
        throw .forbidden("\(actor) may not sign off activity \"\(id)\"")
      }
      try actor.require(.signOff(owner))
    }
    try store.signOff([checked], actor: actor.auditActor)
    return by
  }

  public func assess(practitioner: String, competency: String, level: Int, on date: Day) throws(RecordsError) {
    _ = try person(practitioner) { .record(for: $0) }
    let checked = try rules.checkAssessment(practitioner: practitioner, competency: competency, level: level, on: date)
    try store.assess([checked], actor: actor.auditActor)
  }

  /// A practitioner's CPD log, newest first.
  public func activities(of practitioner: String) throws(RecordsError) -> [ActivityRecord] {
    _ = try person(practitioner) { .readRecords($0) }
    return try store.activities(of: practitioner)
  }

  public func practitionerJSON(_ people: [PractitionerRecord]) -> JSONValue {
    .array(
      people.map {
        [
          "id": .string($0.id), "name": .string($0.name), "email": .optional($0.email), "agency": .string($0.agency),
          "team": .string($0.team), "role": .string($0.role), "manager": .optional($0.manager),
          "language": .string($0.language),
        ]
      })
  }
}

extension Service {
  /// Imports a CSV file of activities in one transaction: read and checked on one core while the
  /// store writes on the other. Every problem names the row; nothing is stored unless all is well.
  public func importCSV(_ bytes: [UInt8], file: String, progress: ((Int) -> Void)? = nil) throws(RecordsError) -> [String] {
    try actor.require(.importActivities)
    let reader: ActivityCSV.Reader
    do {
      reader = try ActivityCSV.reader(bytes, file: file)
    } catch {
      throw .invalid(error)
    }
    let rules = self.rules
    let box = ReaderBox(reader)
    let stream = ChunkStream<CheckedActivity> { emit in
      var chunk: [CheckedActivity] = []
      chunk.reserveCapacity(2048)
      while let row = try box.next() {
        let place = "row \(row.number)"
        do throws(RecordsError) {
          chunk.append(try rules.check(row.activity).located(place))
        } catch {
          throw error.located(place).located(file)
        }
        if chunk.count == 2048 {
          try emit(chunk)
          chunk.removeAll(keepingCapacity: true)
        }
      }
      if !chunk.isEmpty { try emit(chunk) }
    }
    do throws(RecordsError) {
      return try store.log(
        stream, creating: [], source: "csv", frameworkVersion: framework.version, actor: actor.auditActor, progress: progress)
    } catch {
      throw error.located(error.inputError?.location.first == file ? nil : file)
    }
  }

  /// What an xAPI import did.
  public struct StatementImport: Sendable {
    public var ids: [String]
    public var newPractitioners: Int
    public var warnings: [String]
    /// Activities pending until their verifier confirms the hours (their statements gave none).
    public var needingHours: Int
    /// Activities given the import's default hours.
    public var defaultedHours: Int
    /// What each voiding statement did, in the file's order.
    public var voidings: [VoidingOutcome]
  }

  /// Imports xAPI 1.0.3 statements (one, an array, or a record store's `StatementResult`) in one
  /// transaction, read, validated and checked one statement at a time on one core while the
  /// store writes on the other. Actors are matched to practitioners by email or account;
  /// `create` adds practitioners for the others. A statement with no duration takes
  /// `defaultHours`, or else stays pending until its verifier confirms the hours.
  public func importXAPI(
    _ bytes: [UInt8], file: String, create: XAPI.NewPractitionerDefaults?, defaultHours: Hours? = nil
  ) throws(RecordsError) -> StatementImport {
    try actor.require(.importStatements)
    if let create {
      try actor.require(.managePeople)
      guard framework.agency(create.agency) != nil else { throw .invalid("agency", .unknown, "unknown agency \"\(create.agency)\"") }
      guard framework.role(create.role) != nil else { throw .invalid("role", .unknown, "unknown role \"\(create.role)\"") }
    }
    if let defaultHours {
      do throws(RecordsError) {
        _ = try rules.check(
          NewActivity(practitioner: "x", date: today, kind: .classroom, hours: defaultHours, title: "default hours"))
      } catch {
        throw .invalid("default-hours", error.inputError?.rule ?? .outOfRange, error.inputError?.message ?? "\(error)")
      }
    }
    let reader: XAPI.Reader
    let directory = XAPI.ActorDirectory(try store.practitioners(.everyone))
    do throws(InputError) {
      reader = try XAPI.Reader(
        bytes, file: file, framework: framework, actors: directory, create: create, defaultHours: defaultHours, today: today)
    } catch {
      throw .invalid(error)
    }
    let rules = self.rules
    let box = StatementReaderBox(reader)
    let stream = ChunkStream<StatementEntry> { emit in
      var chunk: [StatementEntry] = []
      chunk.reserveCapacity(512)
      while let item = try box.next() {
        switch item {
        case .practitioner(let p, let place):
          do throws(RecordsError) {
            chunk.append(.practitioner(try rules.check(p)))
          } catch {
            throw error.located("actor").located(place).located(file)
          }
        case .activity(let a, let place):
          do throws(RecordsError) {
            chunk.append(.activity(try rules.check(a).located(place)))
          } catch {
            throw error.located(place).located(file)
          }
        case .voiding(let v, let place):
          do throws(RecordsError) {
            chunk.append(
              .voiding(try rules.checkVoiding(statement: v.statement, target: v.target, reason: v.reason, on: v.date, place: place)))
          } catch {
            throw error.located(place).located(file)
          }
        }
        if chunk.count == 512 {
          try emit(chunk)
          chunk.removeAll(keepingCapacity: true)
        }
      }
      if !chunk.isEmpty { try emit(chunk) }
    }
    let stored: StatementsImported
    do throws(RecordsError) {
      stored = try store.importStatements(
        stream, source: "xapi", frameworkVersion: framework.version, actor: actor.auditActor, progress: nil)
    } catch {
      throw error.located(error.inputError?.location.first == file ? nil : file)
    }
    let summary = box.summary
    return StatementImport(
      ids: stored.ids, newPractitioners: box.newPractitioners, warnings: summary.warnings + Self.voidingWarnings(stored.voidings, file: file),
      needingHours: summary.needingHours, defaultedHours: summary.defaultedHours, voidings: stored.voidings)
  }

  /// A warning for each voiding that voided nothing.
  static func voidingWarnings(_ outcomes: [VoidingOutcome], file: String) -> [String] {
    outcomes.compactMap { o in
      let place = o.place.map { "\(file): \($0)" } ?? file
      switch o.effect {
      case .withdrawn, .superseded, .alreadyRejected: return nil
      case .unknownTarget:
        return "\(place): voids statement \(o.target), which was never imported; it is kept as voided, so it will not be"
      case .alreadyVoided(let by):
        return "\(place): statement \(o.target) was voided already\(by.isEmpty ? "" : " (by \(by))"); nothing more is recorded"
      case .targetIsVoiding:
        return "\(place): statement \(o.target) voids another itself, and a voiding statement cannot be voided "
          + "(xAPI 1.0.3 Part Two §2.3.2); nothing is recorded"
      }
    }
  }

  /// Every activity as xAPI 1.0.3 statements (a JSON array) that `importXAPI` reads back.
  public func exportXAPI(homePage: String) throws(RecordsError) -> String {
    try actor.require(.exportEverything)
    var names: [String: String] = [:]
    for p in try store.practitioners(.everyone) { names[p.id] = p.name }
    var out = "["
    var first = true
    try store.forEachActivity(pageSize: 5_000) { page in
      for a in page {
        for statement in XAPI.statements(a, name: names[a.practitioner], homePage: homePage) {
          out += (first ? "\n" : ",\n") + JSONWriter.string(statement, style: .compact)
          first = false
        }
      }
    }
    return out + "\n]\n"
  }

  /// Everything held about one person (a subject access request), evidence files included.
  public func exportPerson(_ id: String) throws(RecordsError) -> JSONValue {
    _ = try person(id) { .exportPerson($0) }
    let data = try store.personalData(of: id)
    let store = self.store
    func audit(_ e: AuditEntry) -> JSONValue {
      [
        "seq": .int(Int(e.seq)), "at": .string(e.at), "actor": .string(e.actor), "action": .string(e.action),
        "subject": .string(e.subject), "detail": .string(e.detail),
      ]
    }
    return [
      "exportedAt": .string(Clock.timestamp()),
      "store": .string(store.location),
      "practitioner": RecordJSON.practitioner(data.practitioner),
      "activities": .array(data.activities.map { RecordJSON.activity($0, content: { try? store.evidence($0) }) }),
      "selfAssessments": .array(
        data.selfAssessments.map {
          ["competency": .string($0.competency), "level": .int($0.level), "date": .string($0.date.description)]
        }),
      "signOffsGiven": .array(
        data.signOffsGiven.map {
          [
            "activity": .string($0.activity), "decision": .string($0.decision.name), "note": .optional($0.note),
            "date": .string($0.date.description),
          ]
        }),
      "logins": .array(
        data.logins.map { ["login": .string($0.name), "role": .string($0.role.rawValue), "createdAt": .string($0.createdAt)] }),
      "auditEntries": .array(data.auditEntries.map(audit)),
      "certificates": .array(data.certificates.map(\.json)),
    ]
  }

  public func erase(_ id: String) throws(RecordsError) -> Erasure {
    try actor.require(.erase)
    return try store.erase(id, actor: actor.auditActor)
  }

  /// The outcome of checking the store: the database's own checks first, then the audit chain.
  public enum AuditOutcome: Sendable {
    case intact(entries: Int)
    case damaged(String)
    case broken(seq: Int64, reason: String)
  }

  public func checkAudit() throws(RecordsError) -> AuditOutcome {
    try actor.require(.checkAudit)
    if let problem = try store.integrityProblems().first { return .damaged(problem) }
    let check = try store.verifyAudit()
    if let broken = check.firstBroken { return .broken(seq: broken.seq, reason: broken.reason) }
    return .intact(entries: check.entries)
  }
}

/// A statement reader handed to the one producer thread that uses it; the summary is read once
/// the stream has ended (the store has taken every chunk), when the producer is done with it.
final class StatementReaderBox: @unchecked Sendable {
  private var reader: XAPI.Reader
  private var added = 0
  private let lock = NSLock()

  init(_ reader: XAPI.Reader) { self.reader = reader }

  func next() throws(RecordsError) -> XAPI.Item? {
    lock.lock()
    defer { lock.unlock() }
    do {
      let item = try reader.next()
      if case .practitioner = item { added += 1 }
      return item
    } catch {
      throw .invalid(error)
    }
  }

  var summary: XAPI.Summary {
    lock.lock()
    defer { lock.unlock() }
    return reader.summary
  }

  var newPractitioners: Int {
    lock.lock()
    defer { lock.unlock() }
    return added
  }
}

/// A CSV reader handed to the one producer thread that uses it.
final class ReaderBox: @unchecked Sendable {
  private let reader: ActivityCSV.Reader
  init(_ reader: ActivityCSV.Reader) { self.reader = reader }
  /// The next row; a reading error comes as a records error, as the store expects of a stream.
  func next() throws(RecordsError) -> ActivityCSV.Row? {
    do {
      return try reader.next()
    } catch {
      throw .invalid(error)
    }
  }
}
