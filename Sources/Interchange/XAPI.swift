import Competency
import Foundation
import JSON
import Workforce

/// xAPI 1.0.3 statements in and out.
///
/// In: learning platforms' statements become activities. The actor's `mbox` matches a
/// practitioner's email, an `account`'s `name` a practitioner id. CPD verbs map to activity
/// kinds; other verbs (launched, initialized...) are not CPD and are skipped with a warning.
/// Out: every activity as a statement that `import xapi` reads back into the same activity,
/// its cpd-specific fields carried in context extensions under `urn:cpd:`.
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
    Statements with other verbs are skipped with a warning. result.duration gives the hours
    (a module's hours when there is none); timestamp gives the date (else stored, else today,
    with a warning); object.definition.name gives the title.
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

  /// What a file of statements comes to: the activities (unchecked: the record-keeping rules
  /// check them next), practitioners to create for actors nobody matched, and warnings.
  public struct ImportPlan: Sendable {
    public var activities: [NewActivity]
    public var newPractitioners: [NewPractitioner]
    public var warnings: [String]
    /// The JSON path of each activity's statement (`statements[3]`), to locate later errors.
    public var paths: [String]
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
  /// case), an `account`'s `name` a practitioner id.
  public struct ActorDirectory: Sendable {
    var ids: Set<String>
    var emails: [String: String]

    public init(_ practitioners: [PractitionerRecord]) {
      ids = Set(practitioners.map(\.id))
      emails = [:]
      for p in practitioners { if let e = p.email { emails[e.lowercased()] = p.id } }
    }

    func practitioner(email: String?, account: String?) -> String? {
      if let email, let id = emails[email.lowercased()] { return id }
      if let account, ids.contains(account) { return account }
      return nil
    }
  }

  /// Reads a statement or an array of statements. Every statement is validated against xAPI
  /// first; any invalid one refuses the whole file, by its path and the rule it breaks.
  public static func read(
    _ bytes: [UInt8], file: String, framework: Framework, actors: ActorDirectory, create: NewPractitionerDefaults?,
    today: Day
  ) throws(InputError) -> ImportPlan {
    let root: JSONValue
    do {
      root = try JSONParser.parse(bytes, options: .init(rejectDuplicateKeys: false))
    } catch {
      throw InputError("", .malformed, "not JSON: \(error)", at: [file])
    }
    let statements: [(String, JSONValue)]
    switch root {
    case .array(let list): statements = list.enumerated().map { ("statements[\($0.offset)]", $0.element) }
    case .object: statements = [("statement", root)]
    default: throw InputError("", .malformed, "expected a statement or an array of statements, found \(root.kindName)", at: [file])
    }
    if statements.isEmpty { throw InputError("", .required, "the array holds no statements", at: [file]) }
    for (path, statement) in statements {
      if let problem = XAPIValidator.validate(statement) {
        throw InputError(problem.field, .malformed, problem.message, at: [file, path])
      }
    }
    var plan = ImportPlan(activities: [], newPractitioners: [], warnings: [], paths: [])
    var reading = StatementReading(framework: framework, actors: actors, create: create, today: today)
    var seenIDs: [String: String] = [:]
    for (path, statement) in statements {
      do throws(InputError) {
        if let id = statement["id"]?.stringValue?.lowercased() {
          if let earlier = seenIDs[id] { throw InputError("id", .duplicate, "the same statement id as \(earlier)") }
          seenIDs[id] = path
        }
        guard let activity = try reading.activity(statement) else { continue }
        plan.activities.append(activity)
        plan.paths.append(path)
      } catch {
        throw error.located(path).located(file)
      }
    }
    plan.newPractitioners = reading.newPractitioners
    for (verb, count) in reading.skipped.sorted(by: { $0.key < $1.key }) {
      plan.warnings.append("\(file): skipped \(count) statement\(count == 1 ? "" : "s") with verb \(verb), which is not a CPD activity")
    }
    if reading.undated > 0 {
      let n = reading.undated
      plan.warnings.append("\(file): \(n) statement\(n == 1 ? " has" : "s have") no timestamp; dated by 'stored' or today")
    }
    if plan.activities.isEmpty { throw InputError("", .required, "none of the statements is a CPD activity", at: [file]) }
    return plan
  }

  static func extensionValue(_ statement: JSONValue, _ key: String) -> JSONValue? {
    statement["context"]?["extensions"]?[key] ?? statement["result"]?["extensions"]?[key]
  }

  /// What reading one file's statements has found so far.
  struct StatementReading {
    let framework: Framework
    let actors: ActorDirectory
    let create: NewPractitionerDefaults?
    let today: Day
    var newPractitioners: [NewPractitioner] = []
    var created: [String: String] = [:]  // actor key → new practitioner id
    var skipped: [String: Int] = [:]
    var undated = 0

    init(framework: Framework, actors: ActorDirectory, create: NewPractitionerDefaults?, today: Day) {
      self.framework = framework
      self.actors = actors
      self.create = create
      self.today = today
    }

    /// The activity a statement records, or nil when it records none (a verb that is not CPD).
    mutating func activity(_ s: JSONValue) throws(InputError) -> NewActivity? {
      let verbID = s["verb"]?["id"]?.stringValue ?? ""
      let verbName = String(verbID.split(whereSeparator: { $0 == "/" || $0 == ":" || $0 == "#" }).last ?? "").lowercased()
      guard s["object"]?["objectType"]?.stringValue ?? "Activity" == "Activity" else {
        skipped[verbName.isEmpty ? verbID : verbName, default: 0] += 1
        return nil
      }
      let objectID = s["object"]?["id"]?.stringValue ?? ""
      let moduleID = objectID.split(whereSeparator: { $0 == "/" || $0 == ":" || $0 == "#" }).last.map(String.init)
      let module = moduleID.flatMap { framework.module($0) }
      var kind = verbKinds.first { $0.verb == verbName }?.kind
      if let module, kind != nil { kind = module.mode.evidenceKinds[0] }
      if let named = extensionValue(s, Extension.kind) {
        guard let k = named.stringValue.flatMap(ActivityKind.init(rawValue:)) else {
          throw InputError("context.extensions.\(Extension.kind)", .unknown, "unknown kind (expected one of \(ActivityKind.allNames))")
        }
        kind = k
      }
      guard let kind else {
        skipped[verbName.isEmpty ? verbID : verbName, default: 0] += 1
        return nil
      }
      let practitioner = try self.practitioner(s)

      // When.
      let date: Day
      if let stamp = s["timestamp"]?.stringValue, let d = Day(stamp.prefix(10)) {
        date = d
      } else if let stamp = s["stored"]?.stringValue, let d = Day(stamp.prefix(10)) {
        date = d
        undated += 1
      } else {
        date = today
        undated += 1
      }

      // How long.
      let hours: Hours
      if let duration = s["result"]?["duration"]?.stringValue {
        hours = Hours(rounding: ISODuration.hours(duration)!)
      } else if let module {
        hours = Hours(rounding: module.hours)
      } else {
        throw InputError("result.duration", .required, "needed to give the hours (or the object must be a framework module)")
      }

      // What.
      let names = s["object"]?["definition"]?["name"]?.objectValue
      let title =
        names.flatMap { n in
          ["en-GB", "en", "und", "cy", "cy-GB"].lazy.compactMap { n[$0]?.stringValue }.first ?? n.entries.first?.value.stringValue
        } ?? objectID
      var explicit: [ClaimedLevel] = []
      if let list = extensionValue(s, Extension.competencies) {
        guard let items = list.arrayValue else {
          throw InputError("context.extensions.\(Extension.competencies)", .malformed, "must be an array of \"COMPETENCY:LEVEL\"")
        }
        for item in items {
          guard let claim = item.stringValue.flatMap({ ClaimedLevel($0) }) else {
            throw InputError(
              "context.extensions.\(Extension.competencies)", .malformed,
              "\(JSONWriter.string(item, style: .compact)) is not COMPETENCY:LEVEL")
          }
          explicit.append(claim)
        }
      }
      var participatory: Bool? = nil
      if let p = extensionValue(s, Extension.participatory) {
        guard let b = p.boolValue else {
          throw InputError("context.extensions.\(Extension.participatory)", .malformed, "must be true or false")
        }
        participatory = b
      }
      var signOff: PresetSignOff? = nil
      if let o = extensionValue(s, Extension.signOff) {
        guard let by = o["by"]?.stringValue, let decision = o["decision"]?.stringValue.flatMap(SignOffStatus.init(name:)),
          decision != .pending, let on = o["date"]?.stringValue.flatMap({ Day($0) })
        else {
          throw InputError(
            "context.extensions.\(Extension.signOff)", .malformed, "needs by, decision (verified or rejected) and date")
        }
        signOff = PresetSignOff(decision: decision, verifier: by, note: o["note"]?.stringValue, date: on)
      }
      return NewActivity(
        id: extensionValue(s, Extension.activity)?.stringValue, practitioner: practitioner, date: date, kind: kind,
        hours: hours, participatory: participatory, title: title, module: module?.id, claims: explicit,
        reflection: extensionValue(s, Extension.reflection)?.stringValue,
        supersedes: extensionValue(s, Extension.supersedes)?.stringValue, xapiID: s["id"]?.stringValue?.lowercased(),
        signOff: signOff)
    }

    /// Matches the actor to a practitioner, or to one created for it when asked to.
    mutating func practitioner(_ s: JSONValue) throws(InputError) -> String {
      guard case .object(let actor)? = s["actor"], actor["objectType"]?.stringValue != "Group" else {
        throw InputError("actor", .notAllowed, "a group cannot log CPD; the actor must be one agent")
      }
      let actorKey: String
      var email: String? = nil
      var accountName: String? = nil
      if let mbox = actor["mbox"]?.stringValue {
        email = String(mbox.dropFirst("mailto:".count))
        actorKey = "mbox:" + email!.lowercased()
      } else if let name = actor["account"]?["name"]?.stringValue {
        accountName = name
        actorKey = "account:" + name
      } else {
        throw InputError("actor", .unknown, "only agents identified by mbox or account can be matched to practitioners")
      }
      if let id = actors.practitioner(email: email, account: accountName) { return id }
      if let made = created[actorKey] { return made }
      guard let create else {
        let who = email.map { "mbox mailto:\($0)" } ?? "account \(accountName!)"
        throw InputError(
          "actor", .unknown,
          "\(who) matches no practitioner (add them first, or import with --create-practitioners --agency A --role R)")
      }
      let base = accountName ?? String(email!.split(separator: "@").first ?? "practitioner")
      var id = String(base.filter { $0.isASCII && ($0.isLetter || $0.isNumber || "._:@-".contains($0)) }.prefix(60))
      if id.isEmpty || !id.first!.isLetter && !id.first!.isNumber { id = "p-" + id }
      var candidate = id
      var n = 2
      while actors.ids.contains(candidate) || created.values.contains(candidate) {
        candidate = "\(id)-\(n)"
        n += 1
      }
      newPractitioners.append(
        NewPractitioner(
          id: candidate, name: actor["name"]?.stringValue ?? candidate, email: email, agency: create.agency, team: create.team,
          role: create.role))
      created[actorKey] = candidate
      return candidate
    }
  }

  static let verbByKind: [ActivityKind: String] = [
    .classroom: "attended", .workshop: "attended", .conference: "attended", .eLearning: "completed",
    .assessment: "passed", .reading: "experienced", .mentoringGiven: "mentored",
  ]

  /// The statement for one activity.
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
    return [
      "id": .string(a.xapiID ?? NameBasedUUID.string(namespace: NameBasedUUID.urlNamespace, name: "urn:cpd:activity:\(a.id)")),
      "actor": .object(actor),
      "verb": ["id": .string("http://adlnet.gov/expapi/verbs/\(verb)"), "display": ["en-GB": .string(verb)]],
      "object": [
        "objectType": "Activity", "id": .string(objectID),
        "definition": ["name": ["und": .string(a.title)]],
      ],
      "result": ["duration": .string(ISODuration.string(hours: a.hours)), "completion": true],
      "context": ["extensions": .object(extensions)],
      "timestamp": .string("\(a.date)T00:00:00Z"),
      "version": "1.0.3",
    ]
  }
}
