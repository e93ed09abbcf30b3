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
  /// The language the login chose for the web application (`en` or `cy`), if any.
  public var language: String?

  public init(
    number: Int64, name: String, role: LoginRole, practitioner: String?, createdAt: String, language: String? = nil
  ) {
    self.number = number
    self.name = name
    self.role = role
    self.practitioner = practitioner
    self.createdAt = createdAt
    self.language = language
  }
}

/// A login the rules have checked.
public struct CheckedLogin: Sendable, Hashable {
  public let name: String
  public let role: LoginRole
  public let practitioner: String?
  /// The password's hash (`PasswordHash.make`) to store with the login, if it has one.
  public private(set) var passwordHash: String?

  init(name: String, role: LoginRole, practitioner: String?) {
    self.name = name
    self.role = role
    self.practitioner = practitioner
  }

  /// The same login, stored with this password hash.
  public func withPasswordHash(_ hash: String) -> CheckedLogin {
    var copy = self
    copy.passwordHash = hash
    return copy
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

/// A signed-in browser session, as the store keeps it for the web application (so that several
/// servers can share one store). The cookie's token is never stored: only its SHA-256.
public struct WebSession: Sendable, Hashable {
  /// SHA-256 of the session token, in hexadecimal.
  public var tokenHash: String
  /// The login's number.
  public var login: Int64
  /// The token every form of the session carries (cross-site request forgery protection).
  public var csrf: String
  /// Seconds since 1970.
  public var createdAt: Int64
  public var seenAt: Int64
  /// The login's name (as read back; not needed to create a session).
  public var loginName: String

  public init(tokenHash: String, login: Int64, csrf: String, createdAt: Int64, seenAt: Int64, loginName: String = "") {
    self.tokenHash = tokenHash
    self.login = login
    self.csrf = csrf
    self.createdAt = createdAt
    self.seenAt = seenAt
    self.loginName = loginName
  }
}

/// Failed sign-ins under one login name since the last success.
public struct SignInFailures: Sendable, Hashable {
  public var count: Int
  /// Seconds since 1970 of the latest.
  public var lastAt: Int64

  public init(count: Int, lastAt: Int64) {
    self.count = count
    self.lastAt = lastAt
  }
}

/// A change to a practitioner's place in the workforce (an admin moving them or changing their role).
public struct PractitionerChange: Sendable, Hashable {
  public var id: String
  public var team: String?
  public var role: String?
  public var agency: String?

  public init(id: String, team: String? = nil, role: String? = nil, agency: String? = nil) {
    self.id = id
    self.team = team
    self.role = role
    self.agency = agency
  }
}

/// A practitioner change the rules have checked.
public struct CheckedPractitionerChange: Sendable, Hashable {
  public let value: PractitionerChange
  init(_ value: PractitionerChange) { self.value = value }
}

extension RecordRules {
  /// A move to another team or agency, or a new role: known agency and role, a plain team name.
  public func check(_ change: PractitionerChange) throws(RecordsError) -> CheckedPractitionerChange {
    guard Self.isValidID(change.id) else { throw .invalid("id", .malformed, "\"\(change.id)\" is not a valid practitioner id") }
    guard change.team != nil || change.role != nil || change.agency != nil else {
      throw .invalid("team", .required, "give a new team, agency or role")
    }
    if let team = change.team { try Self.checkText(team, field: "team", max: 200, multiline: false) }
    if let agency = change.agency, framework.agency(agency) == nil {
      throw .invalid("agency", .unknown, "unknown agency \"\(agency)\" (see 'cpd framework list agencies')")
    }
    if let role = change.role, framework.role(role) == nil {
      throw .invalid("role", .unknown, "unknown role \"\(role)\" (see 'cpd framework list roles')")
    }
    return CheckedPractitionerChange(change)
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
  public var certificates: [CertificateEntry]

  public init(
    practitioner: PractitionerRecord, activities: [ActivityRecord], selfAssessments: [SelfAssessmentRecord],
    signOffsGiven: [SignOffGiven], logins: [LoginRecord], auditEntries: [AuditEntry], certificates: [CertificateEntry] = []
  ) {
    self.certificates = certificates
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
  /// The login the store's connection itself is, where the store knows who connected (a network
  /// store's database login); nil where holding the store gives every right (a local file, or the
  /// network store's owner).
  var connectedLogin: String? { get }
  /// The store as `login` sees it: for a trusted gateway, a connection of its own that has taken
  /// on the identity of the person it serves (so that requests served at once never share an
  /// identity); any other connection may act only as itself. A local file is itself.
  func acting(for login: String) throws(RecordsError) -> any RecordStore

  func schemaVersions() throws(RecordsError) -> [Int]
  func frameworkBinding() throws(RecordsError) -> FrameworkBinding?
  /// Records the framework the store is kept against (a store already kept against another
  /// framework id refuses; a newer version of the same framework replaces the version).
  func bind(_ binding: FrameworkBinding, actor: AuditActor) throws(RecordsError)

  // People.
  func add(_ people: [CheckedPractitioner], actor: AuditActor, label: (Int) -> String?) throws(RecordsError)
  /// Moves a practitioner to another team or agency, or gives them another role.
  func update(_ change: CheckedPractitionerChange, actor: AuditActor) throws(RecordsError)
  func practitioners(_ filter: PeopleFilter) throws(RecordsError) -> [PractitionerRecord]
  func practitioner(_ id: String) throws(RecordsError) -> PractitionerRecord?

  // Activities and sign-off.
  /// Stores activities (and people they need) in one transaction; returns the activities' ids.
  /// An error about an activity names its `place`; `progress` hears the running count.
  func log(
    _ activities: ChunkStream<CheckedActivity>, creating people: [CheckedPractitioner], source: String,
    frameworkVersion: String, actor: AuditActor, progress: ((Int) -> Void)?
  ) throws(RecordsError) -> [String]
  /// The one sign-off path: one decision or many, in one transaction. A verification of an
  /// activity that `needsHours` must bring `hours` (kept with the sign-off, covered by its audit
  /// entry, and then the activity's hours everywhere, the 24-hour rule included); hours for an
  /// activity that has them are refused.
  func signOff(_ decisions: [CheckedSignOff], actor: AuditActor) throws(RecordsError)
  func activities(of practitioner: String) throws(RecordsError) -> [ActivityRecord]
  func activity(_ id: String) throws(RecordsError) -> ActivityRecord?
  /// Every activity in the order it was recorded, in pages.
  func forEachActivity(pageSize: Int, _ body: ([ActivityRecord]) throws -> Void) throws(RecordsError)
  func activityCount() throws(RecordsError) -> Int
  /// An evidence file's content, by its SHA-256.
  func evidence(_ sha256: String) throws(RecordsError) -> [UInt8]?

  // Statements (xAPI 1.0.3; see Records/Statements.swift).
  /// Stores what a file of statements records, in one transaction: the people it adds, its
  /// activities (as `log` does, plus: a statement id that a voiding has named is refused, as is
  /// one already imported, whether it made an activity or voided one), then its voidings,
  /// whatever their place in the file. Voiding a pending activity withdraws it; a verified one
  /// is superseded (kept, no longer counted, the voiding recorded); a target never imported is
  /// recorded so that it never will be; a voiding statement cannot be voided (Part Two
  /// §2.3.2). Voidings are covered by the audit entry like the activities.
  func importStatements(
    _ entries: ChunkStream<StatementEntry>, source: String, frameworkVersion: String, actor: AuditActor,
    progress: ((Int) -> Void)?
  ) throws(RecordsError) -> StatementsImported

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

  // The certificate register.
  /// Records an issued certificate. Refused, with nothing written, when its credential id or its
  /// status slot is already taken (the caller picks another slot and signs again).
  func register(_ certificate: CertificateEntry, actor: AuditActor) throws(RecordsError)
  /// Every certificate, newest first, or one practitioner's.
  func certificates(of practitioner: String?) throws(RecordsError) -> [CertificateEntry]
  func certificate(_ credentialID: String) throws(RecordsError) -> CertificateEntry?
  /// The slots of a status list already given out (revoked or not).
  func usedStatusIndexes(list: String) throws(RecordsError) -> Set<Int>
  /// Revokes a certificate (once: a second revocation is refused) and returns it as it now is.
  func revoke(_ revocation: CheckedRevocation, actor: AuditActor) throws(RecordsError) -> CertificateEntry
  // The web application (`cpd serve`): password hashes, language, sign-in failures, sessions
  // and statements already received. Sessions and failure counts are not records: they are
  // not audited and `contentChecksum` leaves them out.
  /// Sets (or, with nil, clears) a login's password hash (`PasswordHash.make`), audited.
  func setPassword(login name: String, hash: String?, actor: AuditActor) throws(RecordsError)
  func passwordHash(login name: String) throws(RecordsError) -> String?
  /// Remembers the language a login chose (`en` or `cy`), audited.
  func setLanguage(login name: String, language: String, actor: AuditActor) throws(RecordsError)
  /// Failed sign-ins under a name (known or not) since its last success.
  func signInFailures(login name: String) throws(RecordsError) -> SignInFailures?
  /// Counts one more failure under a name; returns the count.
  func recordSignInFailure(login name: String, at time: Int64) throws(RecordsError) -> SignInFailures
  func clearSignInFailures(login name: String) throws(RecordsError)
  func createSession(_ session: WebSession) throws(RecordsError)
  func session(tokenHash: String) throws(RecordsError) -> WebSession?
  /// Marks a session as seen at `time` (idle expiry counts from the last sight).
  func touchSession(tokenHash: String, at time: Int64) throws(RecordsError)
  func endSession(tokenHash: String) throws(RecordsError)
  /// Ends every session last seen before `time` (and forgets failures older than it); returns how
  /// many sessions ended.
  func endSessions(seenBefore time: Int64) throws(RecordsError) -> Int
  /// Which of these xAPI statement ids (lower case) the store already holds.
  func storedStatements(_ ids: [String]) throws(RecordsError) -> Set<String>

  // Integrity.
  func auditEntries() throws(RecordsError) -> [AuditEntry]
  /// The audit chain checked end to end.
  func verifyAudit() throws(RecordsError) -> AuditCheck
  /// The backend's own consistency checks; empty when sound.
  func integrityProblems() throws(RecordsError) -> [String]
  /// A checksum of everything the store holds (web sessions and sign-in failure counts aside),
  /// for proving that a refused write changed nothing.
  func contentChecksum() throws(RecordsError) -> String

  /// Sums every column a report reads from the tables it reads, building nothing (the benchmark's floor).
  func readEveryRow() throws(RecordsError) -> Int

  // Moving a team's store into the network store (`cpd store copy`).
  /// Everything the store holds, from one snapshot.
  func contents() throws(RecordsError) -> StoreContents
  /// Writes everything `contents` holds, in one transaction, numbered after what this store
  /// holds, and refuses the whole copy, writing nothing, on any conflict (a practitioner, e-mail
  /// address, activity, statement, login or certificate this store already has). The copied
  /// store's audit entries are carried whole (`CopiedAuditEntry`), and one closing entry covers
  /// every row written. `evidence` gives a file's content by its SHA-256.
  func receive(_ contents: StoreContents, evidence: (String) throws(RecordsError) -> [UInt8]?, source: String, actor: AuditActor)
    throws(RecordsError) -> StoreCounts
}

extension RecordStore {
  public var connectedLogin: String? { nil }
  public func acting(for login: String) throws(RecordsError) -> any RecordStore { self }

  public func log(_ activities: [CheckedActivity], source: String, frameworkVersion: String, actor: AuditActor)
    throws(RecordsError) -> [String]
  {
    try log(ChunkStream(activities), creating: [], source: source, frameworkVersion: frameworkVersion, actor: actor, progress: nil)
  }

  public func add(_ people: [CheckedPractitioner], actor: AuditActor) throws(RecordsError) {
    try add(people, actor: actor, label: { _ in nil })
  }

  public func verifyAudit() throws(RecordsError) -> AuditCheck { AuditCheck.walk(try auditEntries()) }

  public func contents() throws(RecordsError) -> StoreContents {
    throw .invalid("from", .notAllowed, "\(location): only a SQLite store can be copied from")
  }

  public func receive(
    _ contents: StoreContents, evidence: (String) throws(RecordsError) -> [UInt8]?, source: String, actor: AuditActor
  ) throws(RecordsError) -> StoreCounts {
    throw .invalid("to", .notAllowed, "\(location): a store can be copied only into the network store (a postgresql:// address)")
  }
}
