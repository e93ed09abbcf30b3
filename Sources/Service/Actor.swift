import Records
import Workforce

/// Who is acting, and so what they may do: the access model, defined once for every front end
/// (and enforced again by row-level security on the network store).
///
/// - *practitioner*: their own records only: log activities with evidence, self-assess, read
///   their gaps, certificate and everything held about them.
/// - *team leader*: as a practitioner for themselves, and their team's records (the team the
///   store records for them): reads them and signs off their activities, never their own.
/// - *planner*: aggregates only (counts below 5 suppressed) and cohort plans; no individual row.
/// - *admin*: practitioners, logins, the framework version, and the data controller's duties
///   (subject access exports, erasure, bulk imports and exports, the audit check).
/// - *lms*: a learning platform's machine login: adds activities from xAPI statements, reads
///   nothing.
/// - *owner*: whoever holds a local store file (the command line on SQLite without `--as`): all
///   of the above, since holding the file gives it anyway.
public struct Actor: Sendable, Hashable, CustomStringConvertible {
  public enum Kind: Sendable, Hashable {
    case owner
    case login(LoginRole)
  }

  public let kind: Kind
  public let login: LoginRecord?
  /// The practitioner a practitioner or team leader login is.
  public let person: PractitionerRecord?

  public static let owner = Actor(kind: .owner, login: nil, person: nil)

  public init(login: LoginRecord, person: PractitionerRecord?) {
    kind = .login(login.role)
    self.login = login
    self.person = person
  }

  init(kind: Kind, login: LoginRecord?, person: PractitionerRecord?) {
    self.kind = kind
    self.login = login
    self.person = person
  }

  /// How the audit log names this actor: by number, never by a chosen name.
  public var auditActor: AuditActor { login.map { .login($0.number) } ?? .owner }

  public var role: LoginRole? {
    if case .login(let role) = kind { return role }
    return nil
  }

  public var description: String {
    guard let login else { return "the store's owner" }
    return "\(login.name) (\(login.role.rawValue))"
  }

  /// The team a team leader leads.
  public var team: String? { role == .teamLeader ? person?.team : nil }

  func isPerson(_ id: String) -> Bool { person?.id == id }
}

/// What an action needs.
public enum Permission: Sendable {
  /// Add, move and list practitioners.
  case managePeople
  case manageLogins
  /// Bind the store to a framework version; create the issuer's keys.
  case manageFramework
  /// Read a person's activities, gaps and certificate.
  case readRecords(PractitionerRecord)
  /// Log an activity or a self-assessment for a person.
  case record(for: PractitionerRecord)
  /// Verify or reject a person's activity.
  case signOff(PractitionerRecord)
  /// A team's report, naming its people.
  case readTeam(String)
  /// Agency, region and network reports and cohort plans: aggregates only.
  case readAggregates
  /// Bulk imports from spreadsheets and HR exports.
  case importActivities
  /// Activities from a learning platform's xAPI statements (creating practitioners is
  /// `managePeople` as well).
  case importStatements
  /// Every activity, as xAPI statements.
  case exportEverything
  /// Everything held about a person (a subject access request).
  case exportPerson(PractitionerRecord)
  case erase
  case checkAudit
  /// The certificate register: every certificate, revocation and the published status list.
  case manageCertificates
  /// Copy a team's whole store into this one (`cpd store copy`): its owner's alone, since the
  /// copy writes sign-offs, logins and audit entries made by others.
  case copyStores
}

extension Actor {
  public func allows(_ permission: Permission) -> Bool {
    guard let role else { return true }
    switch (role, permission) {
    case (.admin, .managePeople), (.admin, .manageLogins), (.admin, .manageFramework), (.admin, .exportPerson),
      (.admin, .erase), (.admin, .checkAudit), (.admin, .importActivities), (.admin, .importStatements),
      (.admin, .exportEverything), (.admin, .manageCertificates):
      return true
    case (.planner, .readAggregates):
      return true
    case (.lms, .importStatements):
      return true
    case (.practitioner, .readRecords(let p)), (.practitioner, .record(let p)), (.practitioner, .exportPerson(let p)),
      (.teamLeader, .record(let p)), (.teamLeader, .exportPerson(let p)):
      return isPerson(p.id)
    case (.teamLeader, .readRecords(let p)):
      return isPerson(p.id) || (team != nil && p.team == team)
    case (.teamLeader, .signOff(let p)):
      return !isPerson(p.id) && team != nil && p.team == team
    case (.teamLeader, .readTeam(let t)):
      return team == t
    default:
      return false
    }
  }

  /// Refuses, before anything is read or stored, what the access model does not allow.
  public func require(_ permission: Permission) throws(RecordsError) {
    guard allows(permission) else { throw .forbidden(refusal(permission)) }
  }

  func refusal(_ permission: Permission) -> String {
    let who = description
    switch permission {
    case .managePeople: return "\(who) may not manage practitioners"
    case .manageLogins: return "\(who) may not manage logins"
    case .manageFramework: return "\(who) may not change the store's framework or keys"
    case .readRecords(let p): return "\(who) may not read \(p.id)'s records"
    case .record(let p): return "\(who) may not record for \(p.id)"
    case .signOff(let p):
      return isPerson(p.id) ? "\(who) cannot sign off their own activity" : "\(who) may not sign off \(p.id)'s activities"
    case .readTeam(let t): return "\(who) may not read the report of team \"\(t)\""
    case .readAggregates: return "\(who) may not read network reports or plans"
    case .importActivities: return "\(who) may not import activities"
    case .importStatements: return "\(who) may not import xAPI statements"
    case .exportEverything: return "\(who) may not export every activity"
    case .exportPerson(let p): return "\(who) may not export \(p.id)'s data"
    case .erase: return "\(who) may not erase anyone's data"
    case .checkAudit: return "\(who) may not check the audit log"
    case .manageCertificates: return "\(who) may not manage the certificate register"
    case .copyStores: return "\(who) may not copy a store into this one (only its owner may)"
    }
  }
}
