import Competency
import Cryptography
import Foundation
import JSON
import Workforce

/// xAPI 1.0.3 statements in and out.
///
/// In: a statement, an array of them or a record store's `StatementResult`, read one statement
/// at a time (`Reader`). Learning platforms' statements become activities. The actor's `mbox`
/// matches a practitioner's email, an `account`'s `name` a practitioner id. CPD verbs map to
/// activity kinds; other verbs (launched, initialized...) are not CPD and are skipped with a
/// warning. A statement without a duration becomes an activity whose hours a verifier confirms at
/// sign-off (or that takes the import's default hours). A voiding statement voids the activity
/// its target created.
/// Out: every activity as a statement that `import xapi` reads back into the same activity,
/// its cpd-specific fields carried in context extensions under `urn:cpd:`, followed by the
/// statement that voided it, if one did.
public enum XAPI {
  public static let verbKinds: [(verb: String, kind: ActivityKind)] = [
    ("attended", .classroom), ("completed", .eLearning), ("passed", .assessment), ("experienced", .reading),
    ("achieved", .assessment), ("mentored", .mentoringGiven), ("interacted", .workshop),
  ]

  public static let verbHelp = """
    Verbs (the last part of the verb's IRI) give the activity kind: attended → classroom,
    completed → e-learning, passed → assessment, experienced → reading, achieved → assessment,
    mentored → mentoring-given, interacted → workshop. When the object is a framework module
    (its IRI ends in the module id, e.g. urn:cpd:module:M-ACE-TIME), the module's mode gives the
    kind and its competencies are claimed. The extension urn:cpd:kind, when present, names the kind.
    Statements with other verbs are skipped with a warning. result.duration gives the hours;
    without one (or with a zero one) a module's hours are taken, else --default-hours, else the
    activity stays pending until its verifier confirms the hours (cpd verify ID --hours H).
    timestamp gives the date (else stored, else today, with a warning); object.definition.name
    gives the title. A statement with the verb http://adlnet.gov/expapi/verbs/voided voids the
    statement its StatementRef names: a pending activity is withdrawn, a verified one stays on the
    record but no longer counts; a statement never imported is remembered as voided, so it never
    will be; a voided statement's id is not imported again.
    """

  enum Extension {
    static let activity = "urn:cpd:activity"
    static let kind = "urn:cpd:kind"
    static let competencies = "urn:cpd:competencies"
    static let participatory = "urn:cpd:participatory"
    static let reflection = "urn:cpd:reflection"
    static let signOff = "urn:cpd:signoff"
    static let supersedes = "urn:cpd:supersedes"
  }

  /// The verb that voids another statement (Part Two §2.3.2), the one verb xAPI reserves.
  public static let voidedVerb = "http://adlnet.gov/expapi/verbs/voided"

  /// What a file of statements comes to, all at once (for small files and tests; imports stream
  /// with `Reader`): the activities (unchecked: the record-keeping rules check them next),
  /// practitioners to create for actors nobody matched, voidings, and the summary.
  public struct ImportPlan: Sendable {
    public var activities: [NewActivity]
    public var newPractitioners: [NewPractitioner]
    public var voidings: [Voiding]
    public var warnings: [String]
    /// The JSON path of each activity's statement (`statements[3]`), to locate later errors.
    public var paths: [String]
    public var summary: Summary
  }

  /// How to create practitioners for actors the store does not know.
  public struct NewPractitionerDefaults: Sendable {
    public var agency: String
    public var role: String
    public var team: String

    public init(agency: String, role: String, team: String) {
      self.agency = agency
      self.role = role
      self.team = team
    }
  }

  /// Who the statements' actors may be: an actor's `mbox` matches a practitioner's email (in any
  /// case), an `mbox_sha1sum` the SHA-1 of one (Part Two §2.4.2.3: of the `mailto:` IRI, the
  /// domain in lower case), an `account`'s `name` a practitioner id.
  public struct ActorDirectory: Sendable {
    var ids: Set<String>
    var emails: [String: String]
    var hashes: [String: String]

    public init(_ practitioners: [PractitionerRecord]) {
      ids = Set(practitioners.map(\.id))
      emails = [:]
      hashes = [:]
      for p in practitioners {
        guard let e = p.email else { continue }
        emails[e.lowercased()] = p.id
        var forms = [e, e.lowercased()]
        if let at = e.lastIndex(of: "@") { forms.append(e[..<at] + e[at...].lowercased()) }
        for form in forms { hashes[Digest.sha1(Array("mailto:\(form)".utf8)).hexString] = p.id }
      }
    }

    func practitioner(email: String?, sha1: String?, account: String?) -> String? {
      if let email, let id = emails[email.lowercased()] { return id }
      if let sha1, let id = hashes[sha1.lowercased()] { return id }
      if let account, ids.contains(account) { return account }
      return nil
    }
  }

  /// Reads a statement, an array of statements or a record store's `StatementResult` whole.
  /// Every statement is validated against xAPI first; any invalid one refuses the whole file,
  /// by its path and the rule it breaks.
  public static func read(
    _ bytes: [UInt8], file: String, framework: Framework, actors: ActorDirectory, create: NewPractitionerDefaults?,
    defaultHours: Hours? = nil, today: Day
  ) throws(InputError) -> ImportPlan {
    var reader = try Reader(
      bytes, file: file, framework: framework, actors: actors, create: create, defaultHours: defaultHours, today: today)
    var plan = ImportPlan(activities: [], newPractitioners: [], voidings: [], warnings: [], paths: [], summary: Summary())
    while let item = try reader.next() {
      switch item {
      case .practitioner(let p, _): plan.newPractitioners.append(p)
      case .activity(let a, let place):
        plan.activities.append(a)
        plan.paths.append(place)
      case .voiding(let v, _): plan.voidings.append(v)
      }
    }
    plan.summary = reader.summary
    plan.warnings = reader.summary.warnings
    return plan
  }

  static let verbByKind: [ActivityKind: String] = [
    .classroom: "attended", .workshop: "attended", .conference: "attended", .eLearning: "completed",
    .assessment: "passed", .reading: "experienced", .mentoringGiven: "mentored",
  ]

  /// The statements for one activity: its own, and the one that voided it, if one did.
  public static func statements(_ a: ActivityRecord, name: String?, homePage: String) -> [JSONValue] {
    let own = statement(a, name: name, homePage: homePage)
    guard let v = a.voiding else { return [own] }
    var voiding: JSONValue = [
      "id": .string(v.statement),
      "actor": ["objectType": "Agent", "account": ["homePage": .string(homePage), "name": .string(a.practitioner)]],
      "verb": ["id": .string(voidedVerb), "display": ["en-GB": "voided"]],
      "object": ["objectType": "StatementRef", "id": .string(v.target)],
      "timestamp": .string("\(v.date)T00:00:00Z"),
      "version": "1.0.3",
    ]
    if let reason = v.reason, var o = voiding.objectValue {
      o["result"] = ["response": .string(reason)]
      voiding = .object(o)
    }
    return [own, voiding]
  }

  /// The statement for one activity. One whose hours await confirmation has no `result.duration`.
  public static func statement(_ a: ActivityRecord, name: String?, homePage: String) -> JSONValue {
    let verb = verbByKind[a.kind] ?? "completed"
    var extensions = JSONObject([
      (Extension.activity, .string(a.id)), (Extension.kind, .string(a.kind.rawValue)),
      (Extension.competencies, .strings(a.claims.map(\.text))), (Extension.participatory, .bool(a.participatory)),
    ])
    if let reflection = a.reflection { extensions[Extension.reflection] = .string(reflection) }
    if let supersedes = a.supersedes { extensions[Extension.supersedes] = .string(supersedes) }
    if let s = a.signOffs.last, let by = s.verifier {
      var o = JSONObject([("decision", .string(s.decision.name)), ("by", .string(by)), ("date", .string(s.date.description))])
      if let note = s.note { o["note"] = .string(note) }
      extensions[Extension.signOff] = .object(o)
    }
    var actor = JSONObject([("objectType", "Agent")])
    if let name { actor["name"] = .string(name) }
    actor["account"] = ["homePage": .string(homePage), "name": .string(a.practitioner)]
    let objectID = a.module.map { "urn:cpd:module:\($0)" } ?? "urn:cpd:activity:\(a.id)"
    var result = JSONObject([("completion", true)])
    if !a.needsHours { result = JSONObject([("duration", .string(ISODuration.string(hours: a.hours))), ("completion", true)]) }
    return [
      "id": .string(a.xapiID ?? NameBasedUUID.string(namespace: NameBasedUUID.urlNamespace, name: "urn:cpd:activity:\(a.id)")),
      "actor": .object(actor),
      "verb": ["id": .string("http://adlnet.gov/expapi/verbs/\(verb)"), "display": ["en-GB": .string(verb)]],
      "object": [
        "objectType": "Activity", "id": .string(objectID),
        "definition": ["name": ["und": .string(a.title)]],
      ],
      "result": .object(result),
      "context": ["extensions": .object(extensions)],
      "timestamp": .string("\(a.date)T00:00:00Z"),
      "version": "1.0.3",
    ]
  }
}
