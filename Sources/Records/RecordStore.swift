import Competency
import Workforce

/// Which people a read covers.
public enum PeopleFilter: Sendable, Hashable {
  case everyone
  case people([String])
  case team(String)
  case agencies([String])
}

/// The framework a store is kept against: claims in it mean what that framework says.
public struct FrameworkBinding: Sendable, Hashable {
  public var id: String
  public var version: String
  /// The whole framework (`Framework.snapshot()`), kept so that a later version can say what
  /// changed; nil for a store bound before snapshots were kept.
  public var snapshot: [UInt8]?

  public init(id: String, version: String, snapshot: [UInt8]? = nil) {
    self.id = id
    self.version = version
    self.snapshot = snapshot
  }

  /// The same framework and version, whatever the snapshot.
  public func isSameVersion(as other: FrameworkBinding?) -> Bool { other?.id == id && other?.version == version }
}

/// What a login may do, as the access model of the `Service` layer defines it.
public enum LoginRole: String, Sendable, Hashable, CaseIterable {
  case practitioner
  case teamLeader = "team-leader"
  case planner
  case admin
  case lms

  /// Whether the login acts as a practitioner of the store (and must name one).
  public var isPerson: Bool { self == .practitioner || self == .teamLeader }

  public static let allNames = allCases.map(\.rawValue).joined(separator: "|")
}

/// A login as the store keeps it.
public struct LoginRecord: Sendable, Hashable {
  /// The store's number for the login, never reused; the audit log names logins by it.
  public var number: Int64
  public var name: String
  public var role: LoginRole
  public var practitioner: String?
  public var createdAt: String

  public init(number: Int64, name: String, role: LoginRole, practitioner: String?, createdAt: String) {
    self.number = number
    self.name = name
    self.role = role
    self.practitioner = practitioner
    self.createdAt = createdAt
  }
}

/// A login the rules have checked.
public struct CheckedLogin: Sendable, Hashable {
  public let name: String
  public let role: LoginRole
  public let practitioner: String?

  init(name: String, role: LoginRole, practitioner: String?) {
    self.name = name
    self.role = role
    self.practitioner = practitioner
  }
}

extension RecordRules {
  /// Login names are ids (they become database role names on the network store); a practitioner
  /// or team leader login names the person it is, the others name nobody.
  public func checkLogin(name: String, role: LoginRole, practitioner: String?) throws(RecordsError) -> CheckedLogin {
    guard Self.isValidID(name), name.utf8.count <= 60, !name.contains(":") else {
      throw .invalid("login", .malformed, "\"\(name)\" is not a valid login (letters, digits and . _ @ -, at most 60)")
    }
    if role.isPerson {
      guard let practitioner else { throw .invalid("practitioner", .required, "a \(role.rawValue) login needs --practitioner ID") }
      guard Self.isValidID(practitioner) else {
        throw .invalid("practitioner", .malformed, "\"\(practitioner)\" is not a valid practitioner id")
      }
    } else if practitioner != nil {
      throw .invalid("practitioner", .notAllowed, "a \(role.rawValue) login acts for no one practitioner")
    }
    return CheckedLogin(name: name, role: role, practitioner: practitioner)
  }
}

/// A signed-off decision given by a person, as their subject access export lists it.
public struct SignOffGiven: Sendable, Hashable {
  public var activity: String
  public var decision: SignOffStatus
  public var note: String?
  public var date: Day

  public init(activity: String, decision: SignOffStatus, note: String?, date: Day) {
    self.activity = activity
    self.decision = decision
    self.note = note
    self.date = date
  }
}

/// Everything a store holds about one person, for a subject access request.
public struct PersonalData: Sendable {
  public var practitioner: PractitionerRecord
  public var activities: [ActivityRecord]
  public var selfAssessments: [SelfAssessmentRecord]
  public var signOffsGiven: [SignOffGiven]
  public var logins: [LoginRecord]
  public var auditEntries: [AuditEntry]

  public init(
    practitioner: PractitionerRecord, activities: [ActivityRecord], selfAssessments: [SelfAssessmentRecord],
    signOffsGiven: [SignOffGiven], logins: [LoginRecord], auditEntries: [AuditEntry]
  ) {
    self.practitioner = practitioner
    self.activities = activities
    self.selfAssessments = selfAssessments
    self.signOffsGiven = signOffsGiven
    self.logins = logins
    self.auditEntries = auditEntries
  }
}

/// What an erasure removed.
public struct Erasure: Sendable, Hashable {
  public var activities: Int
  public var files: Int
  /// False when another program held the store so long that deleted data may stay in its
  /// journal (the WAL) until that program lets go.
  public var walCleared: Bool

  public init(activities: Int, files: Int, walCleared: Bool = true) {
    self.activities = activities
    self.files = files
    self.walCleared = walCleared
  }
}

/// The records store, whatever keeps it. Every backend obeys the same rules and passes the same
/// tests:
/// - every write is one transaction that rolls back on any error, so a refused write leaves the
///   store as it was;
/// - inputs arrive checked (`Checked...` values only `RecordRules` makes); the rules that need the
///   store are checked by it (people and activities exist, ids are new, a correction supersedes an
///   activity of the same person with no other correction, a sign-off is by someone else, of a
///   pending activity, not dated before it; no one's hours on a day exceed 24);
/// - a signed-off activity is never edited: a correction supersedes it;
/// - every write appends to the hash-chained audit log, naming the actor, inside its transaction;
/// - a read that runs several queries sees one snapshot.
public protocol RecordStore: AnyObject, Sendable {
  /// The store as the user named it (a path, or an address without its password), for messages.
  var location: String { get }
  /// Files and folders that make up the store, which no output may replace.
  var files: [String] { get }
  /// Where the certificate issuer's signing keys are kept for this store.
  var keysDirectory: String { get }
  /// Whether opening it made it (`cpd init` on a new location).
  var isNew: Bool { get }

  func schemaVersions() throws(RecordsError) -> [Int]
  func frameworkBinding() throws(RecordsError) -> FrameworkBinding?
  /// Records the framework the store is kept against (a store already kept against another
  /// framework id refuses; a newer version of the same framework replaces the version).
  func bind(_ binding: FrameworkBinding, actor: AuditActor) throws(RecordsError)

  // People.
  func add(_ people: [CheckedPractitioner], actor: AuditActor, label: (Int) -> String?) throws(RecordsError)
  func practitioners(_ filter: PeopleFilter) throws(RecordsError) -> [PractitionerRecord]
  func practitioner(_ id: String) throws(RecordsError) -> PractitionerRecord?

  // Activities and sign-off.
  /// Stores activities (and people they need) in one transaction; returns the activities' ids.
  /// An error about an activity names its `place`; `progress` hears the running count.
  func log(
    _ activities: ChunkStream<CheckedActivity>, creating people: [CheckedPractitioner], source: String,
    frameworkVersion: String, actor: AuditActor, progress: ((Int) -> Void)?
  ) throws(RecordsError) -> [String]
  /// The one sign-off path: one decision or many, in one transaction.
  func signOff(_ decisions: [CheckedSignOff], actor: AuditActor) throws(RecordsError)
  func activities(of practitioner: String) throws(RecordsError) -> [ActivityRecord]
  func activity(_ id: String) throws(RecordsError) -> ActivityRecord?
  /// Every activity in the order it was recorded, in pages.
  func forEachActivity(pageSize: Int, _ body: ([ActivityRecord]) throws -> Void) throws(RecordsError)
  func activityCount() throws(RecordsError) -> Int
  /// An evidence file's content, by its SHA-256.
  func evidence(_ sha256: String) throws(RecordsError) -> [UInt8]?

  // Self-assessments.
  func assess(_ ratings: [CheckedAssessment], actor: AuditActor) throws(RecordsError)
  func selfAssessments(of practitioner: String) throws(RecordsError) -> [SelfAssessmentRecord]

  /// People, their activities and self-assessments as plain values for the analyser, in one
  /// snapshot. Competencies and modules are numbered as `catalog` and `framework` number them.
  func workforce(catalog: CompetencyCatalog, framework: Framework, filter: PeopleFilter) throws(RecordsError) -> Workforce

  // Privacy.
  func personalData(of practitioner: String) throws(RecordsError) -> PersonalData
  func erase(_ practitioner: String, actor: AuditActor) throws(RecordsError) -> Erasure

  // Logins.
  func addLogin(_ login: CheckedLogin, actor: AuditActor) throws(RecordsError) -> LoginRecord
  func logins() throws(RecordsError) -> [LoginRecord]
  func login(named name: String) throws(RecordsError) -> LoginRecord?
  func removeLogin(named name: String, actor: AuditActor) throws(RecordsError)

  // Integrity.
  func auditEntries() throws(RecordsError) -> [AuditEntry]
  /// The audit chain checked end to end.
  func verifyAudit() throws(RecordsError) -> AuditCheck
  /// The backend's own consistency checks; empty when sound.
  func integrityProblems() throws(RecordsError) -> [String]
  /// A checksum of everything the store holds, for proving that a refused write changed nothing.
  func contentChecksum() throws(RecordsError) -> String

  /// Sums every column a report reads from the tables it reads, building nothing (the benchmark's floor).
  func readEveryRow() throws(RecordsError) -> Int
}

extension RecordStore {
  public func log(_ activities: [CheckedActivity], source: String, frameworkVersion: String, actor: AuditActor)
    throws(RecordsError) -> [String]
  {
    try log(ChunkStream(activities), creating: [], source: source, frameworkVersion: frameworkVersion, actor: actor, progress: nil)
  }

  public func add(_ people: [CheckedPractitioner], actor: AuditActor) throws(RecordsError) {
    try add(people, actor: actor, label: { _ in nil })
  }

  public func verifyAudit() throws(RecordsError) -> AuditCheck { AuditCheck.walk(try auditEntries()) }
}
