import Competency

/// A person to add to the records.
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

/// A person as the records hold them.
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

  public init(
    id: String, name: String, email: String?, agency: String, team: String, role: String, manager: String?,
    language: String, createdAt: String
  ) {
    self.id = id
    self.name = name
    self.email = email
    self.agency = agency
    self.team = team
    self.role = role
    self.manager = manager
    self.language = language
    self.createdAt = createdAt
  }
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
  /// A folder the file must stay inside once links are followed (an import's own folder).
  public var within: String?

  public init(path: String, name: String, within: String? = nil) {
    self.path = path
    self.name = name
    self.within = within
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

/// An activity to log, as a person or an import describes it; the record-keeping rules check it
/// (and settle what it leaves open) before any store sees it.
public struct NewActivity: Sendable, Hashable {
  public var id: String?
  public var practitioner: String
  public var date: Day
  public var kind: ActivityKind
  /// The hours; `.zero` when `needsHours`.
  public var hours: Hours
  /// The hours are not known yet (a statement that gave no duration): the activity stays
  /// pending until a verifier confirms them at sign-off.
  public var needsHours: Bool
  /// Learning done with others; nil leaves it to the kind's default.
  public var participatory: Bool?
  public var title: String
  public var module: String?
  /// Competencies claimed explicitly; a module's own are added by the rules.
  public var claims: [ClaimedLevel]
  public var reflection: String?
  public var evidence: [EvidenceFile]
  public var supersedes: String?
  public var xapiID: String?
  public var signOff: PresetSignOff?

  public init(
    id: String? = nil, practitioner: String, date: Day, kind: ActivityKind, hours: Hours, participatory: Bool? = nil,
    title: String, module: String? = nil, claims: [ClaimedLevel] = [], reflection: String? = nil,
    evidence: [EvidenceFile] = [], supersedes: String? = nil, xapiID: String? = nil, signOff: PresetSignOff? = nil,
    needsHours: Bool = false
  ) {
    self.id = id
    self.practitioner = practitioner
    self.date = date
    self.kind = kind
    self.hours = hours
    self.needsHours = needsHours
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

  public init(sha256: String, name: String, bytes: Int) {
    self.sha256 = sha256
    self.name = name
    self.bytes = bytes
  }
}

public struct SignOffRecord: Sendable, Hashable {
  public var decision: SignOffStatus
  public var verifier: String?
  public var note: String?
  public var date: Day
  public var recordedAt: String
  /// The hours the verifier confirmed, for an activity that had none.
  public var hours: Hours?

  public init(decision: SignOffStatus, verifier: String?, note: String?, date: Day, recordedAt: String, hours: Hours? = nil) {
    self.decision = decision
    self.verifier = verifier
    self.note = note
    self.date = date
    self.recordedAt = recordedAt
    self.hours = hours
  }
}

/// A statement that voided the one an activity was imported from (xAPI 1.0.3 Part Two §2.3.2).
public struct StatementVoiding: Sendable, Hashable {
  /// The voiding statement's id.
  public var statement: String
  /// The voided statement's id.
  public var target: String
  /// What the voiding statement said (its `result.response`), if anything.
  public var reason: String?
  public var date: Day
  public var recordedAt: String

  public init(statement: String, target: String, reason: String?, date: Day, recordedAt: String) {
    self.statement = statement
    self.target = target
    self.reason = reason
    self.date = date
    self.recordedAt = recordedAt
  }

  /// `voided by statement ID on DATE: reason`.
  public var description: String {
    "voided by statement \(statement) on \(date)" + (reason.map { ": \($0)" } ?? "")
  }
}

/// An activity as the records hold it.
public struct ActivityRecord: Sendable, Hashable {
  public var id: String
  public var practitioner: String
  public var date: Day
  public var kind: ActivityKind
  /// The hours (confirmed at sign-off for an activity imported without them); `.zero` while
  /// `needsHours`.
  public var hours: Hours
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
  /// Pending until a verifier confirms its hours (`cpd verify ID --hours H`).
  public var needsHours: Bool
  /// The statement that voided this activity's own: a pending one is then withdrawn, a
  /// verified one superseded (it stays on the record, but no longer counts).
  public var voiding: StatementVoiding?

  public init(
    id: String, practitioner: String, date: Day, kind: ActivityKind, hours: Hours, participatory: Bool, title: String,
    module: String?, claims: [ClaimedLevel], reflection: String?, status: SignOffStatus, supersedes: String?,
    supersededBy: String?, evidence: [StoredEvidence], signOffs: [SignOffRecord], source: String, xapiID: String?,
    frameworkVersion: String, recordedAt: String, needsHours: Bool = false, voiding: StatementVoiding? = nil
  ) {
    self.needsHours = needsHours
    self.voiding = voiding
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
    self.status = status
    self.supersedes = supersedes
    self.supersededBy = supersededBy
    self.evidence = evidence
    self.signOffs = signOffs
    self.source = source
    self.xapiID = xapiID
    self.frameworkVersion = frameworkVersion
    self.recordedAt = recordedAt
  }
}

public struct SelfAssessmentRecord: Sendable, Hashable {
  public var competency: String
  public var level: Int
  public var date: Day

  public init(competency: String, level: Int, date: Day) {
    self.competency = competency
    self.level = level
    self.date = date
  }
}
