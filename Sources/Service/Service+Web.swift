import Certificates
import Competency
import Foundation
import GapAnalysis
import JSON
import Records
import Reports
import Workforce

/// What a practitioner's home page shows: their gaps and the training that closes them, their
/// CPD this period against the policy, and what awaits sign-off.
public struct PractitionerHome: Sendable {
  public var gap: PersonGapReport
  public var period: CPDPeriod
  /// Nil when no CPD policy is in effect at the end of the period.
  public var compliance: CPDCompliance?
  /// Activities awaiting sign-off, oldest first.
  public var pending: [ActivityRecord]
}

/// An activity awaiting sign-off, with whose it is.
public struct PendingSignOff: Sendable {
  public var activity: ActivityRecord
  public var practitioner: PractitionerRecord
}

/// An evidence file to hand back to someone allowed to read it.
public struct EvidenceDownload: Sendable {
  public var name: String
  public var bytes: [UInt8]
}

/// What a learning platform's statements did.
public struct StatementReceipt: Sendable {
  /// Every statement's id, in the order sent (ids are given to statements that had none).
  public var statementIDs: [String]
  /// Activities stored now.
  public var stored: Int
  /// Statements the store already held (stored once, never twice).
  public var alreadyStored: Int
  public var warnings: [String]
}

extension CPDPeriod {
  /// The calendar year `day` falls in (the period the home page shows).
  public static func year(of day: Day) -> CPDPeriod {
    CPDPeriod(String(day.components.year)) ?? CPDPeriod(start: day, end: day)
  }
}

extension Service {
  /// A practitioner's home: gaps, recommended training, CPD this year against the policy, and
  /// activities awaiting sign-off.
  public func home(_ id: String, asOf: Day, language: String) throws(RecordsError) -> PractitionerHome {
    _ = try person(id) { .readRecords($0) }
    let workforce = try store.workforce(catalog: model.catalog, framework: framework, filter: .people([id]))
    guard !workforce.people.isEmpty else { throw .invalid("practitioner", .unknown, "unknown practitioner \"\(id)\"") }
    let analysis = GapAnalyser(model: model, asOf: asOf).analyse(workforce, person: 0)
    let gap = PersonGapReport(
      person: workforce.people[0], analysis: analysis, asOf: asOf, context: ReportContext(model: model, language: language))
    let period = CPDPeriod.year(of: asOf)
    let compliance = CPDCompliance.assess(workforce, person: 0, framework: framework, period: period)
    let pending = try store.activities(of: id).filter { $0.status == .pending && $0.supersededBy == nil }
      .sorted { ($0.date, $0.recordedAt) < ($1.date, $1.recordedAt) }
    return PractitionerHome(gap: gap, period: period, compliance: compliance, pending: pending)
  }

  /// The activities the actor may sign off that await it, oldest first: a team leader's team's,
  /// never their own.
  public func signOffQueue() throws(RecordsError) -> [PendingSignOff] {
    let people: [PractitionerRecord]
    if actor.role == nil {
      people = try store.practitioners(.everyone)
    } else {
      guard let team = actor.team else { throw .forbidden("\(actor) signs off no one's activities") }
      people = try store.practitioners(.team(team))
    }
    var queue: [PendingSignOff] = []
    for p in people where actor.allows(.signOff(p)) {
      for a in try store.activities(of: p.id) where a.status == .pending && a.supersededBy == nil {
        queue.append(PendingSignOff(activity: a, practitioner: p))
      }
    }
    return queue.sorted { ($0.activity.date, $0.activity.recordedAt, $0.activity.id) < ($1.activity.date, $1.activity.recordedAt, $1.activity.id) }
  }

  /// One activity, for those who may read its owner's records.
  public func activity(_ id: String) throws(RecordsError) -> ActivityRecord {
    guard let found = try store.activity(id) else {
      if actor.role == nil || actor.role == .admin { throw .invalid("activity", .unknown, "unknown activity \"\(id)\"") }
      throw .forbidden("\(actor) may not read activity \"\(id)\"")
    }
    _ = try person(found.practitioner) { .readRecords($0) }
    return found
  }

  /// An evidence file of an activity, for those who may read its owner's records.
  public func evidence(activity id: String, sha256: String) throws(RecordsError) -> EvidenceDownload {
    let activity = try activity(id)
    guard let file = activity.evidence.first(where: { $0.sha256 == sha256 }), let bytes = try store.evidence(sha256) else {
      throw .invalid("evidence", .unknown, "activity \"\(id)\" has no such evidence file")
    }
    return EvidenceDownload(name: file.name, bytes: bytes)
  }

  /// Moves a practitioner to another team or agency, or changes their role.
  public func updatePractitioner(_ change: PractitionerChange) throws(RecordsError) {
    try actor.require(.managePeople)
    try store.update(try rules.check(change), actor: actor.auditActor)
  }

  /// Statements a learning platform sends (xAPI 1.0.3: one statement or an array), imported as
  /// `importXAPI` imports a file. A statement without an id is given one; one the store already
  /// holds is not stored again. `statementID` (a PUT's) must match the one statement's own id.
  public func receiveStatements(_ bytes: [UInt8], statementID: String?) throws(RecordsError) -> StatementReceipt {
    try actor.require(.importStatements)
    let value: JSONValue
    do {
      value = try JSONParser.parse(bytes)
    } catch {
      throw .invalid("", .malformed, "the request body is not JSON: \(error)")
    }
    var statements: [JSONValue]
    if let array = value.arrayValue {
      guard statementID == nil else { throw .invalid("statementId", .notAllowed, "a PUT carries one statement, not an array") }
      statements = array
    } else {
      statements = [value]
    }
    guard !statements.isEmpty else { throw .invalid("", .required, "the array holds no statements") }
    var ids: [String] = []
    for i in statements.indices {
      guard case .object(var object) = statements[i] else {
        throw .invalid("statements[\(i)]", .malformed, "a statement is a JSON object")
      }
      var id = object["id"]?.stringValue?.lowercased()
      if let given = statementID?.lowercased() {
        guard UUID(uuidString: given) != nil else { throw .invalid("statementId", .malformed, "\"\(given)\" is not a UUID") }
        if let id, id != given { throw .invalid("id", .notAllowed, "the statement's id \(id) is not the statementId \(given)") }
        id = given
      }
      if id == nil { id = UUID().uuidString.lowercased() }
      object["id"] = .string(id!)
      statements[i] = .object(object)
      ids.append(id!)
    }
    let known = try store.storedStatements(ids)
    let fresh = zip(statements, ids).filter { !known.contains($0.1) }.map(\.0)
    var receipt = StatementReceipt(statementIDs: ids, stored: 0, alreadyStored: ids.count - fresh.count, warnings: [])
    guard !fresh.isEmpty else { return receipt }
    do throws(RecordsError) {
      let done = try importXAPI(Array(JSONWriter.string(.array(fresh), style: .compact).utf8), file: "statements", create: nil)
      receipt.stored = done.ids.count
      receipt.warnings = done.warnings
    } catch {
      // Statements that are not CPD activities (a course launched, say) are received and kept out.
      guard let input = error.inputError, input.field.isEmpty, input.rule == .required else { throw error }
      receipt.warnings = [input.message]
    }
    return receipt
  }
}

extension Service {
  /// A practitioner, for an admin (who manages people) or for those who may read their records.
  public func practitioner(_ id: String) throws(RecordsError) -> PractitionerRecord {
    guard actor.allows(.managePeople) else { return try person(id) { .readRecords($0) } }
    guard let found = try store.practitioner(id) else { throw .invalid("practitioner", .unknown, "unknown practitioner \"\(id)\"") }
    return found
  }

  /// A person's self-assessments, newest first.
  public func selfAssessments(of id: String) throws(RecordsError) -> [SelfAssessmentRecord] {
    _ = try person(id) { .readRecords($0) }
    return try store.selfAssessments(of: id)
  }

  /// How a person's verified CPD in a period measures up to the CPD policy (nil: no policy then).
  public func compliance(_ id: String, period: CPDPeriod) throws(RecordsError) -> CPDCompliance? {
    _ = try person(id) { .readRecords($0) }
    let workforce = try store.workforce(catalog: model.catalog, framework: framework, filter: .people([id]))
    guard !workforce.people.isEmpty else { throw .invalid("practitioner", .unknown, "unknown practitioner \"\(id)\"") }
    return CPDCompliance.assess(workforce, person: 0, framework: framework, period: period)
  }

  /// A group report for a server to show: one worked out within `maxAge` seconds is reused (the
  /// access model is applied first, every time); an older one is shown while a fresh one is
  /// worked out, so a busy network's report never keeps a page waiting once it has been made.
  /// The totals are kept once for both languages. With none kept yet, the work is started in the
  /// background (once, however many ask) and this waits for it at most `waitAtMost` seconds:
  /// nil means it is still being worked out (ask again).
  public func report(_ scope: ReportScope, asOf: Day, language: String, maxAge: Double, waitAtMost: Double = .infinity)
    throws(RecordsError) -> GroupReportDocument?
  {
    _ = try people(in: scope)
    let key = "\(scope)|\(asOf)"
    let cache = workspace.reportCache
    let context = ReportContext(model: model, language: language)
    if let kept = cache.get(key), case .success(let report) = kept.outcome {
      if Date().timeIntervalSince(kept.made) > maxAge { refresh(scope, asOf: asOf, key: key) }
      return GroupReportDocument(report: report, context: context)
    }
    refresh(scope, asOf: asOf, key: key)
    guard let made = cache.waitForRefresh(key, seconds: waitAtMost) else { return nil }
    return GroupReportDocument(report: try made.outcome.get(), context: context)
  }

  /// Works out a group report's totals in the background, unless that is already under way.
  func refresh(_ scope: ReportScope, asOf: Day, key: String) {
    let cache = workspace.reportCache
    guard cache.startRefresh(key) else { return }
    let service = self
    DispatchQueue.global(qos: .userInitiated).async {
      let outcome: Result<GroupReport, RecordsError>
      do throws(RecordsError) {
        // On a connection of its own where the store can be opened again, so that the pages
        // sharing this one (a SQLite connection serves one read at a time) are not kept waiting
        // for the whole workforce to be read. (A gateway's view acting for one person is
        // already a connection of its own.)
        let worker = (try? service.workspace.reopened()).map { $0.service(as: service.actor, today: service.today) } ?? service
        outcome = .success(try worker.groupReport(scope, asOf: asOf))
      } catch {
        outcome = .failure(error)
      }
      cache.put(key, outcome)
      cache.endRefresh(key)
    }
  }
}

/// Group reports a long-running server has worked out (their totals, for every language), by
/// scope and date. A failure is kept too, for those waiting, until the next attempt succeeds;
/// a report once made is never replaced by a failure.
public final class ReportCache: @unchecked Sendable {
  typealias Kept = (outcome: Result<GroupReport, RecordsError>, made: Date)
  private let lock = NSCondition()
  private var kept: [String: Kept] = [:]
  private var refreshing: Set<String> = []

  public init() {}

  func get(_ key: String) -> Kept? { lock.withLock { kept[key] } }
  func put(_ key: String, _ outcome: Result<GroupReport, RecordsError>) {
    lock.withLock {
      if case .failure = outcome, case .success? = kept[key]?.outcome { return }
      kept[key] = (outcome, Date())
    }
  }
  func startRefresh(_ key: String) -> Bool { lock.withLock { refreshing.insert(key).inserted } }
  func endRefresh(_ key: String) {
    lock.withLock {
      refreshing.remove(key)
      lock.broadcast()
    }
  }
  /// Waits at most `seconds` while the report is being worked out; what was kept then (nil if
  /// it is still being worked out).
  func waitForRefresh(_ key: String, seconds: Double) -> Kept? {
    let deadline = Date(timeIntervalSinceNow: min(seconds, 365 * 24 * 3600))
    lock.lock()
    defer { lock.unlock() }
    while refreshing.contains(key) {
      if !lock.wait(until: deadline) { break }
    }
    return refreshing.contains(key) ? nil : kept[key]
  }
}
