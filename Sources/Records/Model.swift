import Competency
import Workforce

/// What went wrong in the records store, worded for the person at the keyboard.
public enum RecordsError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The input is wrong (a field, a row, a statement); nothing was stored.
  case invalid(String)
  /// There is no store at the path.
  case missingStore(String)
  /// The store was written by a newer build.
  case newerStore(path: String, version: Int, known: Int)
  /// The database or the file system failed.
  case storage(String)

  public var description: String {
    switch self {
    case .invalid(let message): message
    case .missingStore(let path): "\(path): no records store here (create one with 'cpd init --store \(path)')"
    case .newerStore(let path, let version, let known):
      "\(path): the store has schema version \(version), newer than this cpd knows (\(known)); use a newer cpd"
    case .storage(let message): message
    }
  }

  /// Prefixes the message with where it happened, e.g. "file.csv: row 3".
  public func located(_ place: String) -> RecordsError {
    if case .invalid(let message) = self { return .invalid("\(place): \(message)") }
    return self
  }
}

public struct NewPractitioner: Sendable, Hashable {
  public var id: String
  public var name: String
  public var email: String?
  public var agency: String
  public var team: String
  public var role: String
  public var manager: String?
  public var language: String

  public init(
    id: String, name: String, email: String? = nil, agency: String, team: String, role: String, manager: String? = nil,
    language: String = "en"
  ) {
    self.id = id
    self.name = name
    self.email = email
    self.agency = agency
    self.team = team
    self.role = role
    self.manager = manager
    self.language = language
  }
}

public struct PractitionerRecord: Sendable, Hashable {
  public var id: String
  public var name: String
  public var email: String?
  public var agency: String
  public var team: String
  public var role: String
  public var manager: String?
  public var language: String
  public var createdAt: String
}

/// A competency claimed at a level, written `COMPETENCY:LEVEL`.
public struct ClaimedLevel: Sendable, Hashable {
  public var competency: String
  public var level: Int

  public init(competency: String, level: Int) {
    self.competency = competency
    self.level = level
  }

  /// Parses `COMPETENCY:LEVEL`.
  public init?(_ text: some StringProtocol) {
    guard let colon = text.lastIndex(of: ":"), let level = Int(text[text.index(after: colon)...]) else { return nil }
    let competency = String(text[..<colon])
    guard !competency.isEmpty else { return nil }
    self.init(competency: competency, level: level)
  }

  public var text: String { "\(competency):\(level)" }
}

/// A file to attach as evidence: where it is now, and the name to keep.
public struct EvidenceFile: Sendable, Hashable {
  public var path: String
  public var name: String

  public init(path: String, name: String) {
    self.path = path
    self.name = name
  }
}

/// A sign-off that comes with an imported activity (an HR or LMS export of assessed work).
public struct PresetSignOff: Sendable, Hashable {
  public var decision: SignOffStatus
  public var verifier: String
  public var note: String?
  public var date: Day

  public init(decision: SignOffStatus, verifier: String, note: String?, date: Day) {
    self.decision = decision
    self.verifier = verifier
    self.note = note
    self.date = date
  }
}

public struct NewActivity: Sendable, Hashable {
  public var id: String?
  public var practitioner: String
  public var date: Day
  public var kind: ActivityKind
  public var hours: Double
  public var participatory: Bool
  public var title: String
  public var module: String?
  public var claims: [ClaimedLevel]
  public var reflection: String?
  public var evidence: [EvidenceFile]
  public var supersedes: String?
  public var xapiID: String?
  public var signOff: PresetSignOff?
  /// The claims as the store writes them (`ID:LEVEL,ID:LEVEL`), when a reader on another
  /// core already made the text.
  var encodedClaims: String?

  /// The claims as the store writes them.
  var claimsText: String {
    encodedClaims ?? (claims.count == 1 ? claims[0].text : claims.map(\.text).joined(separator: ","))
  }

  public init(
    id: String? = nil, practitioner: String, date: Day, kind: ActivityKind, hours: Double, participatory: Bool = true,
    title: String, module: String? = nil, claims: [ClaimedLevel] = [], reflection: String? = nil,
    evidence: [EvidenceFile] = [], supersedes: String? = nil, xapiID: String? = nil, signOff: PresetSignOff? = nil
  ) {
    self.id = id
    self.practitioner = practitioner
    self.date = date
    self.kind = kind
    self.hours = hours
    self.participatory = participatory
    self.title = title
    self.module = module
    self.claims = claims
    self.reflection = reflection
    self.evidence = evidence
    self.supersedes = supersedes
    self.xapiID = xapiID
    self.signOff = signOff
  }
}

public struct StoredEvidence: Sendable, Hashable {
  public var sha256: String
  public var name: String
  public var bytes: Int
}

public struct SignOffRecord: Sendable, Hashable {
  public var decision: SignOffStatus
  public var verifier: String?
  public var note: String?
  public var date: Day
  public var recordedAt: String
}

public struct ActivityRecord: Sendable, Hashable {
  public var id: String
  public var practitioner: String
  public var date: Day
  public var kind: ActivityKind
  public var hours: Double
  public var participatory: Bool
  public var title: String
  public var module: String?
  public var claims: [ClaimedLevel]
  public var reflection: String?
  public var status: SignOffStatus
  public var supersedes: String?
  public var supersededBy: String?
  public var evidence: [StoredEvidence]
  public var signOffs: [SignOffRecord]
  public var source: String
  public var xapiID: String?
  public var frameworkVersion: String
  public var recordedAt: String
}

public struct SelfAssessmentRecord: Sendable, Hashable {
  public var competency: String
  public var level: Int
  public var date: Day
}

/// Who made a change, for the audit log: a practitioner (by the store's internal number,
/// so that erasing a person leaves no personal data behind) or the operator of the tool.
public enum Actor: Sendable, Hashable {
  case practitioner(String)
  case system(String)
}

/// Which people an analysis reads.
public enum PeopleFilter: Sendable, Hashable {
  case everyone
  case people([String])
  case team(String)
  case agencies([String])
}

extension Actor {
  /// The operating-system user running this process.
  public static var currentOperator: Actor { .system(Clock.operator) }
}
