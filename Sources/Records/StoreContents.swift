import Cryptography
import Foundation
import JSON

/// Everything a store holds, row by row, numbered as the store numbers it: what `cpd store copy`
/// carries from a team's store into the network store. Web sessions and counts of failed
/// sign-ins are not records and stay behind; so do the issuer's keys (certificates already issued
/// name their own issuer).
public struct StoreContents: Sendable {
  public struct Practitioner: Sendable, Hashable {
    public var pid: Int64
    public var id: String
    public var name: String
    public var email: String?
    public var agency: String
    public var team: String
    public var role: String
    public var manager: Int64?
    public var language: String
    public var createdAt: String

    public init(
      pid: Int64, id: String, name: String, email: String?, agency: String, team: String, role: String, manager: Int64?,
      language: String, createdAt: String
    ) {
      self.pid = pid
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

  /// An activity as its row holds it (hours in hundredths; nil while they wait for sign-off).
  public struct Activity: Sendable, Hashable {
    public var aid: Int64
    public var practitioner: Int64
    public var day: Int32
    public var kind: Int
    public var centihours: Int?
    public var participatory: Bool
    public var module: String?
    public var claims: String
    public var status: Int
    public var supersedes: Int64?
    public var reflectionWords: Int
    public var id: String
    public var title: String
    public var reflection: String?
    public var source: String
    public var xapiID: String?
    public var frameworkVersion: String
    public var recordedAt: String

    public init(
      aid: Int64, practitioner: Int64, day: Int32, kind: Int, centihours: Int?, participatory: Bool, module: String?, claims: String,
      status: Int, supersedes: Int64?, reflectionWords: Int, id: String, title: String, reflection: String?, source: String,
      xapiID: String?, frameworkVersion: String, recordedAt: String
    ) {
      self.aid = aid
      self.practitioner = practitioner
      self.day = day
      self.kind = kind
      self.centihours = centihours
      self.participatory = participatory
      self.module = module
      self.claims = claims
      self.status = status
      self.supersedes = supersedes
      self.reflectionWords = reflectionWords
      self.id = id
      self.title = title
      self.reflection = reflection
      self.source = source
      self.xapiID = xapiID
      self.frameworkVersion = frameworkVersion
      self.recordedAt = recordedAt
    }
  }

  public struct SignOff: Sendable, Hashable {
    public var sid: Int64
    public var activity: Int64
    public var decision: Int
    public var verifier: Int64?
    public var note: String?
    public var day: Int32
    public var recordedAt: String
    public var centihours: Int?

    public init(
      sid: Int64, activity: Int64, decision: Int, verifier: Int64?, note: String?, day: Int32, recordedAt: String, centihours: Int?
    ) {
      self.sid = sid
      self.activity = activity
      self.decision = decision
      self.verifier = verifier
      self.note = note
      self.day = day
      self.recordedAt = recordedAt
      self.centihours = centihours
    }
  }

  public struct Voiding: Sendable, Hashable {
    public var vid: Int64
    public var statement: String
    public var target: String
    public var activity: Int64?
    public var reason: String?
    public var day: Int32
    public var recordedAt: String

    public init(vid: Int64, statement: String, target: String, activity: Int64?, reason: String?, day: Int32, recordedAt: String) {
      self.vid = vid
      self.statement = statement
      self.target = target
      self.activity = activity
      self.reason = reason
      self.day = day
      self.recordedAt = recordedAt
    }
  }

  public struct EvidenceFile: Sendable, Hashable {
    public var activity: Int64
    public var sha256: String
    public var name: String
    public var bytes: Int

    public init(activity: Int64, sha256: String, name: String, bytes: Int) {
      self.activity = activity
      self.sha256 = sha256
      self.name = name
      self.bytes = bytes
    }
  }

  public struct SelfAssessment: Sendable, Hashable {
    public var practitioner: Int64
    public var competency: String
    public var level: Int
    public var day: Int32
    public var recordedAt: String

    public init(practitioner: Int64, competency: String, level: Int, day: Int32, recordedAt: String) {
      self.practitioner = practitioner
      self.competency = competency
      self.level = level
      self.day = day
      self.recordedAt = recordedAt
    }
  }

  public struct Login: Sendable, Hashable {
    public var number: Int64
    public var name: String
    public var role: LoginRole
    public var practitioner: Int64?
    public var createdAt: String
    public var passwordHash: String?
    public var language: String?

    public init(
      number: Int64, name: String, role: LoginRole, practitioner: Int64?, createdAt: String, passwordHash: String?, language: String?
    ) {
      self.number = number
      self.name = name
      self.role = role
      self.practitioner = practitioner
      self.createdAt = createdAt
      self.passwordHash = passwordHash
      self.language = language
    }
  }

  public struct FrameworkVersion: Sendable, Hashable {
    public var version: String
    public var boundAt: String
    public var snapshot: [UInt8]

    public init(version: String, boundAt: String, snapshot: [UInt8]) {
      self.version = version
      self.boundAt = boundAt
      self.snapshot = snapshot
    }
  }

  /// The store's own id (its signed head names it).
  public var storeID: String
  public var binding: FrameworkBinding?
  public var frameworkVersions: [FrameworkVersion]
  public var practitioners: [Practitioner]
  public var activities: [Activity]
  public var signoffs: [SignOff]
  public var voidings: [Voiding]
  public var evidenceFiles: [EvidenceFile]
  public var selfAssessments: [SelfAssessment]
  public var logins: [Login]
  public var certificates: [CertificateEntry]
  public var audit: [AuditEntry]
  /// The key that signs the store's audit entries (PEM), for checking the carried log later.
  public var auditPublicKey: String?

  public init(
    storeID: String, binding: FrameworkBinding?, frameworkVersions: [FrameworkVersion], practitioners: [Practitioner],
    activities: [Activity], signoffs: [SignOff], voidings: [Voiding], evidenceFiles: [EvidenceFile], selfAssessments: [SelfAssessment],
    logins: [Login], certificates: [CertificateEntry], audit: [AuditEntry], auditPublicKey: String?
  ) {
    self.storeID = storeID
    self.binding = binding
    self.frameworkVersions = frameworkVersions
    self.practitioners = practitioners
    self.activities = activities
    self.signoffs = signoffs
    self.voidings = voidings
    self.evidenceFiles = evidenceFiles
    self.selfAssessments = selfAssessments
    self.logins = logins
    self.certificates = certificates
    self.audit = audit
    self.auditPublicKey = auditPublicKey
  }

  /// How many of each kind of record there are.
  public var counts: StoreCounts {
    StoreCounts(
      practitioners: practitioners.count, activities: activities.count, signoffs: signoffs.count, voidings: voidings.count,
      evidenceFiles: evidenceFiles.count, selfAssessments: selfAssessments.count, logins: logins.count,
      certificates: certificates.count, auditEntries: audit.count)
  }
}

/// Counts of the records a copy moved (or a store holds).
public struct StoreCounts: Sendable, Hashable {
  public var practitioners: Int
  public var activities: Int
  public var signoffs: Int
  public var voidings: Int
  public var evidenceFiles: Int
  public var selfAssessments: Int
  public var logins: Int
  public var certificates: Int
  public var auditEntries: Int

  public init(
    practitioners: Int, activities: Int, signoffs: Int, voidings: Int, evidenceFiles: Int, selfAssessments: Int, logins: Int,
    certificates: Int, auditEntries: Int
  ) {
    self.practitioners = practitioners
    self.activities = activities
    self.signoffs = signoffs
    self.voidings = voidings
    self.evidenceFiles = evidenceFiles
    self.selfAssessments = selfAssessments
    self.logins = logins
    self.certificates = certificates
    self.auditEntries = auditEntries
  }

  /// As a sentence's list: "3 practitioners, 12 activities, ...".
  public var summary: String {
    func n(_ count: Int, _ one: String, _ many: String) -> String { "\(count) \(count == 1 ? one : many)" }
    return [
      n(practitioners, "practitioner", "practitioners"), n(activities, "activity", "activities"), n(signoffs, "sign-off", "sign-offs"),
      n(voidings, "voiding", "voidings"), n(selfAssessments, "self-assessment", "self-assessments"),
      n(evidenceFiles, "evidence file", "evidence files"), n(logins, "login", "logins"), n(certificates, "certificate", "certificates"),
      n(auditEntries, "audit entry", "audit entries"),
    ].joined(separator: ", ")
  }
}

/// What one entry of a copied store's audit log becomes in the log of the store it was copied
/// into: an entry `audit.copied` whose detail is the original entry whole, so that the copied
/// chain can be walked and its signatures checked again (`CopiedAuditLog`).
public enum CopiedAuditEntry {
  public static let action = "audit.copied"
  /// The entry that closes a copy: it covers every row the copy wrote and names the source's head.
  public static let closingAction = "store.copy"

  public static func detail(_ entry: AuditEntry) -> JSONValue {
    .object(
      JSONObject([
        ("seq", .int(Int(entry.seq))), ("at", .string(entry.at)), ("actor", .string(entry.actor)), ("action", .string(entry.action)),
        ("subject", .string(entry.subject)), ("detail", .string(entry.detail)), ("prev", .string(entry.prev)),
        ("hash", .string(entry.hash)), ("version", .int(entry.version)), ("rows", .string(entry.rows)),
        ("signature", .string(entry.signature)),
      ]))
  }

  /// The original entry an `audit.copied` entry carries, or nil when its detail is not one.
  public static func original(_ carrier: AuditEntry) -> AuditEntry? {
    guard carrier.action == action, let o = try? JSONParser.parse(Array(carrier.detail.utf8)), let seq = o["seq"]?.intValue,
      let version = o["version"]?.intValue
    else { return nil }
    func s(_ key: String) -> String { o[key]?.stringValue ?? "" }
    return AuditEntry(
      seq: Int64(seq), at: s("at"), actor: s("actor"), action: s("action"), subject: s("subject"), detail: s("detail"),
      prev: s("prev"), hash: s("hash"), version: version, rows: s("rows"), signature: s("signature"))
  }
}

/// The audit logs of stores copied into this one, checked again: each copy's carried entries
/// must make one unbroken chain from the first entry, end at the head its closing entry names,
/// and (where the source's key was recorded) be signed by that key.
public enum CopiedAuditLog {
  public static func check(_ entries: [AuditEntry]) -> (seq: Int64, reason: String)? {
    var carried: [AuditEntry] = []
    var firstCarrier: Int64? = nil
    for entry in entries {
      if entry.action == CopiedAuditEntry.action {
        guard let original = CopiedAuditEntry.original(entry) else { return (entry.seq, "it does not carry a copied audit entry") }
        if carried.isEmpty { firstCarrier = entry.seq }
        carried.append(original)
        continue
      }
      guard entry.action == CopiedAuditEntry.closingAction else {
        if !carried.isEmpty { return (firstCarrier ?? entry.seq, "copied audit entries are not closed by a store.copy entry") }
        continue
      }
      guard let detail = try? JSONParser.parse(Array(entry.detail.utf8)) else { return (entry.seq, "its detail is not JSON") }
      let chain = AuditCheck.walk(carried)
      if let broken = chain.firstBroken {
        return (entry.seq, "the copied log of store \(detail["store"]?.stringValue ?? "?") is broken at its entry \(broken.seq): \(broken.reason)")
      }
      let head = detail["head"]
      if head?["seq"]?.intValue != carried.last.map({ Int($0.seq) }) ?? 0 || head?["hash"]?.stringValue != (carried.last?.hash ?? AuditEntry.genesis) {
        return (entry.seq, "the copied log does not end at the head the copy names")
      }
      if let pem = detail["key"]?.stringValue, let key = try? Ed25519PublicKey(pem: pem) {
        if let unsigned = carried.first(where: { $0.version >= 2 && !$0.isSigned(by: key) }) {
          return (entry.seq, "the copied log's entry \(unsigned.seq) is not signed by the key of the store it came from")
        }
      }
      carried = []
      firstCarrier = nil
    }
    if !carried.isEmpty { return (firstCarrier ?? 0, "copied audit entries are not closed by a store.copy entry") }
    return nil
  }
}
