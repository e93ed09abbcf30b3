import Competency
import JSON
import Workforce

extension XAPI {
  /// A statement that voids another (Part Two §2.3.2): its id, the id of the statement it voids,
  /// what it said (`result.response`), and its date.
  public struct Voiding: Sendable, Hashable {
    public var statement: String
    public var target: String
    public var reason: String?
    public var date: Day
  }

  /// One thing a file of statements records, in the order it is read: a practitioner comes just
  /// before the first activity that needs them.
  public enum Item: Sendable {
    case practitioner(NewPractitioner, place: String)
    case activity(NewActivity, place: String)
    case voiding(Voiding, place: String)
  }

  /// What a file held, once read to its end.
  public struct Summary: Sendable, Hashable {
    public var statements = 0
    public var activities = 0
    /// Activities whose hours a verifier is to confirm (their statements gave none).
    public var needingHours = 0
    /// Activities given the import's default hours.
    public var defaultedHours = 0
    public var voidings = 0
    /// A record store's `more` (Part Two §2.5): where the next page of its answer is.
    public var more: String?
    public var warnings: [String] = []
  }

  /// Reads a file of statements one statement at a time: one statement (an object), an array of
  /// them, or a record store's answer, a `StatementResult` (`statements` and `more`, Part Two
  /// §2.5). Only the statement being read is ever held whole, so arrays of any length are read
  /// in bounded memory (besides the file's bytes and one id per statement, for duplicates).
  /// Each statement is validated against xAPI, then read; any problem throws, naming the file,
  /// the statement's path and the field.
  public struct Reader: Sendable {
    enum Shape: Sendable {
      case single(JSONValue?)
      case list
      case statementResult
    }

    let file: String
    var pieces: JSONPieceReader
    var shape: Shape
    var index = 0
    var finished = false
    var reading: StatementReading
    var seenIDs: [String: String] = [:]
    var queued: [Item] = []
    public private(set) var summary = Summary()

    public init(
      _ bytes: [UInt8], file: String, framework: Framework, actors: ActorDirectory, create: NewPractitionerDefaults?,
      defaultHours: Hours?, today: Day
    ) throws(InputError) {
      self.file = file
      reading = StatementReading(framework: framework, actors: actors, create: create, defaultHours: defaultHours, today: today)
      pieces = JSONPieceReader(bytes, options: .init(rejectDuplicateKeys: false))
      shape = .list
      var found: JSONValue? = nil
      var before: [(key: String, value: JSONValue)] = []
      do throws(JSONSyntaxError) {
        switch try pieces.peek() {
        case .array:
          try pieces.enter()
        case .object:
          try pieces.enter()
          (shape, before) = try Self.readObjectStart(&pieces)
        case .other:
          found = try pieces.value()
        }
      } catch {
        throw InputError("", .malformed, "not JSON: \(error)", at: [file])
      }
      if let found {
        throw InputError("", .malformed, "expected a statement or an array of statements, found \(found.kindName)", at: [file])
      }
      for (key, value) in before { try resultProperty(key, value) }
    }

    /// A `StatementResult`'s property other than `statements`: only `more`, an IRL (Part Two §2.5).
    mutating func resultProperty(_ key: String, _ value: JSONValue) throws(InputError) {
      guard key == "more" else {
        throw InputError(key, .notAllowed, "a StatementResult has only statements and more (xAPI 1.0.3 Part Two §2.5)", at: [file])
      }
      guard let more = value.stringValue else {
        throw InputError("more", .malformed, "must be a string (an IRL, or empty), not \(value.kindName)", at: [file])
      }
      summary.more = more
    }

    /// Reads the keys of the top-level object up to `statements` (a `StatementResult`) or to its
    /// end (one statement, returned whole).
    static func readObjectStart(_ pieces: inout JSONPieceReader) throws(JSONSyntaxError)
      -> (Shape, [(key: String, value: JSONValue)])
    {
      var entries: [(key: String, value: JSONValue)] = []
      while let key = try pieces.nextKey() {
        if key == "statements", try pieces.peek() == .array {
          try pieces.enter()
          return (.statementResult, entries)
        }
        entries.append((key, try pieces.value()))
      }
      return (.single(.object(JSONObject(entries))), [])
    }

    /// The next thing the file records; nil at its end.
    public mutating func next() throws(InputError) -> Item? {
      while true {
        if !queued.isEmpty { return queued.removeFirst() }
        if finished { return nil }
        guard let (path, statement) = try nextStatement() else {
          try finish()
          return nil
        }
        summary.statements += 1
        try read(statement, path: path)
      }
    }

    mutating func nextStatement() throws(InputError) -> (String, JSONValue)? {
      do throws(JSONSyntaxError) {
        switch shape {
        case .single(let statement):
          shape = .single(nil)
          return statement.map { ("statement", $0) }
        case .list, .statementResult:
          guard try pieces.nextElement() else { return nil }
          let path = "statements[\(index)]"
          index += 1
          return (path, try pieces.value())
        }
      } catch {
        throw InputError("", .malformed, "not JSON: \(error)", at: [file])
      }
    }

    /// The end of the file: what follows the statements, then the summary's warnings.
    mutating func finish() throws(InputError) {
      finished = true
      var after: [(key: String, value: JSONValue)] = []
      do throws(JSONSyntaxError) {
        if case .statementResult = shape {
          while let key = try pieces.nextKey() { after.append((key, try pieces.value())) }
        }
        try pieces.finish()
      } catch {
        throw InputError("", .malformed, "not JSON: \(error)", at: [file])
      }
      for (key, value) in after { try resultProperty(key, value) }
      if case .statementResult = shape, summary.more != nil, summary.more?.isEmpty == false {
        // Part Two §2.5: the rest of the answer is at `more`; nothing is fetched here.
        summary.warnings.append(
          "\(file): the record store has more statements than this page holds (more: \(summary.more!.prefix(200))); "
            + "fetch that page and import it too")
      }
      if summary.statements == 0 {
        throw InputError("", .required, shapeName == "array" ? "the array holds no statements" : "the \(shapeName) holds no statements", at: [file])
      }
      for (verb, count) in reading.skipped.sorted(by: { $0.key < $1.key }) {
        summary.warnings.append("\(file): skipped \(count) statement\(count == 1 ? "" : "s") with verb \(verb), which is not a CPD activity")
      }
      if reading.undated > 0 {
        let n = reading.undated
        summary.warnings.append("\(file): \(n) statement\(n == 1 ? " has" : "s have") no timestamp; dated by 'stored' or today")
      }
      if summary.activities == 0 && summary.voidings == 0 {
        throw InputError("", .required, "none of the statements is a CPD activity", at: [file])
      }
    }

    var shapeName: String {
      switch shape {
      case .single: "statement"
      case .list: "array"
      case .statementResult: "StatementResult"
      }
    }

    /// Validates one statement and reads what it records.
    mutating func read(_ statement: JSONValue, path: String) throws(InputError) {
      if let problem = XAPIValidator.validate(statement) {
        throw InputError(problem.field, .malformed, problem.message, at: [file, path])
      }
      do throws(InputError) {
        if let id = statement["id"]?.stringValue?.lowercased() {
          if let earlier = seenIDs[id] { throw InputError("id", .duplicate, "the same statement id as \(earlier)") }
          seenIDs[id] = path
        }
        let before = reading.newPractitioners.count
        guard let record = try reading.record(statement) else { return }
        for p in reading.newPractitioners[before...] { queued.append(.practitioner(p, place: path)) }
        switch record {
        case .activity(let a, let defaulted):
          summary.activities += 1
          if a.needsHours { summary.needingHours += 1 }
          if defaulted { summary.defaultedHours += 1 }
          queued.append(.activity(a, place: path))
        case .voiding(let v):
          summary.voidings += 1
          queued.append(.voiding(v, place: path))
        }
      } catch {
        throw error.located(path).located(file)
      }
    }
  }

  static func extensionValue(_ statement: JSONValue, _ key: String) -> JSONValue? {
    statement["context"]?["extensions"]?[key] ?? statement["result"]?["extensions"]?[key]
  }

  /// What reading one file's statements has found so far.
  struct StatementReading: Sendable {
    enum Record {
      case activity(NewActivity, defaultedHours: Bool)
      case voiding(Voiding)
    }

    let framework: Framework
    let actors: ActorDirectory
    let create: NewPractitionerDefaults?
    let defaultHours: Hours?
    let today: Day
    var newPractitioners: [NewPractitioner] = []
    var created: [String: String] = [:]  // actor key → new practitioner id
    var skipped: [String: Int] = [:]
    var undated = 0

    init(framework: Framework, actors: ActorDirectory, create: NewPractitionerDefaults?, defaultHours: Hours?, today: Day) {
      self.framework = framework
      self.actors = actors
      self.create = create
      self.defaultHours = defaultHours
      self.today = today
    }

    /// The statement's date: its timestamp's, else its `stored` one's, else today (counted).
    mutating func date(_ s: JSONValue) -> Day {
      if let stamp = s["timestamp"]?.stringValue, let d = Day(stamp.prefix(10)) { return d }
      undated += 1
      if let stamp = s["stored"]?.stringValue, let d = Day(stamp.prefix(10)) { return d }
      return today
    }

    /// What a statement records: an activity, a voiding, or nil (a verb that is not CPD).
    mutating func record(_ s: JSONValue) throws(InputError) -> Record? {
      let verbID = s["verb"]?["id"]?.stringValue ?? ""
      if verbID == XAPI.voidedVerb {
        // The validator made sure the object is a StatementRef with a UUID. The voiding's actor
        // need not be a practitioner: an administrator of the platform may void.
        guard let statement = s["id"]?.stringValue else {
          throw InputError("id", .required, "a statement that voids another needs its own id, so that it is not applied twice")
        }
        return .voiding(
          Voiding(
            statement: statement.lowercased(), target: (s["object"]?["id"]?.stringValue ?? "").lowercased(),
            reason: s["result"]?["response"]?.stringValue, date: date(s)))
      }
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
      let date = self.date(s)

      // How long: the duration (Part Two §4.6; a zero one says nothing of the time spent), else
      // the module's hours, else the import's default, else a verifier confirms them at sign-off.
      var hours = Hours.zero
      var needsHours = false
      var defaulted = false
      if let duration = s["result"]?["duration"]?.stringValue, let h = ISODuration.hours(duration), h > 0 {
        guard h <= 24 else {
          throw InputError("result.duration", .outOfRange, "\(duration.prefix(40)) is more than the 24 hours in a day")
        }
        hours = Hours(rounding: h)
        if hours == .zero { hours = Hours(hundredths: 1) }  // under 36 seconds: the least there is
      } else if let module {
        hours = Hours(rounding: module.hours)
      } else if let defaultHours {
        hours = defaultHours
        defaulted = true
      } else {
        needsHours = true
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
          decision.isDecision, let on = o["date"]?.stringValue.flatMap({ Day($0) })
        else {
          throw InputError(
            "context.extensions.\(Extension.signOff)", .malformed, "needs by, decision (verified or rejected) and date")
        }
        signOff = PresetSignOff(decision: decision, verifier: by, note: o["note"]?.stringValue, date: on)
      }
      let activity = NewActivity(
        id: extensionValue(s, Extension.activity)?.stringValue, practitioner: practitioner, date: date, kind: kind,
        hours: hours, participatory: participatory, title: title, module: module?.id, claims: explicit,
        reflection: extensionValue(s, Extension.reflection)?.stringValue,
        supersedes: extensionValue(s, Extension.supersedes)?.stringValue, xapiID: s["id"]?.stringValue?.lowercased(),
        signOff: signOff, needsHours: needsHours)
      return .activity(activity, defaultedHours: defaulted)
    }

    /// Matches the actor to a practitioner, or to one created for it when asked to. A refusal
    /// names the actor and what would add them.
    mutating func practitioner(_ s: JSONValue) throws(InputError) -> String {
      guard case .object(let actor)? = s["actor"], actor["objectType"]?.stringValue != "Group" else {
        throw InputError("actor", .notAllowed, "a group cannot log CPD; the actor must be one agent")
      }
      let named = actor["name"]?.stringValue.map { "\"\($0.prefix(100))\" " } ?? ""
      let actorKey: String
      var email: String? = nil
      var accountName: String? = nil
      var sha1: String? = nil
      if let mbox = actor["mbox"]?.stringValue {
        email = String(mbox.dropFirst("mailto:".count))
        actorKey = "mbox:" + email!.lowercased()
      } else if let name = actor["account"]?["name"]?.stringValue {
        accountName = name
        actorKey = "account:" + name
      } else if let sum = actor["mbox_sha1sum"]?.stringValue {
        sha1 = sum
        if let id = actors.practitioner(email: nil, sha1: sum, account: nil) { return id }
        throw InputError(
          "actor", .unknown,
          "\(named)(mbox_sha1sum \(sum)) matches no practitioner's email; add them with their email first "
            + "('cpd practitioner add --email'): --create-practitioners cannot, as a hash does not give the address")
      } else {
        let openid = actor["openid"]?.stringValue ?? "?"
        throw InputError(
          "actor", .unknown,
          "\(named)(openid \(openid.prefix(200))) cannot be matched to a practitioner: cpd matches an agent's mbox, "
            + "mbox_sha1sum or account name; ask the platform for one of those")
      }
      if let id = actors.practitioner(email: email, sha1: sha1, account: accountName) { return id }
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
}
