import Competency
import Foundation
import JSON
import Records
import Reports
import Workforce

struct Init: Command {
  static let name = "init"
  static let abstract = "Create a records store."
  static let discussion: String? = """
    Creates the SQLite store (WAL mode, foreign keys on, schema migrations recorded) and records
    which framework it is kept against. Running it on an existing store migrates it if needed.
    """
  static let options = [Common.store, Common.framework]

  let arguments: ParsedArguments
  init(_ arguments: ParsedArguments) throws(CLIError) { self.arguments = arguments }

  func run() throws {
    let existed = FileManager.default.fileExists(atPath: Common.storePath(arguments))
    let w = try Workspace.open(arguments, create: true)
    try w.store.bind(framework: w.framework)
    let versions = try w.store.schemaVersions()
    Output.standardOutput(
      "\(w.store.path): \(existed ? "store ready" : "created a new store") (schema \(versions.last ?? 0), framework \(w.framework.id) \(w.framework.version))\n")
  }
}

let practitionerGroup = CommandGroup(
  name: "practitioner", abstract: "Add and list practitioners.",
  children: [.command(PractitionerAdd.self), .command(PractitionerList.self)])

struct PractitionerAdd: Command {
  static let name = "add"
  static let abstract = "Add a practitioner."
  static let options = [
    OptionSpec.option("--id", value: "id", help: "A unique id (letters, digits and . _ : @ -)."),
    OptionSpec.option("--name", value: "name", help: "Full name."),
    OptionSpec.option("--agency", value: "agency", help: "Agency id (see 'cpd framework list agencies')."),
    OptionSpec.option("--role", value: "role", help: "Role id (see 'cpd framework list roles')."),
    OptionSpec.option("--team", value: "team", help: "Team name."),
    OptionSpec.option("--manager", value: "id", help: "The line manager's practitioner id."),
    OptionSpec.option("--email", value: "address", help: "Email address (matches xAPI actors)."),
    OptionSpec.option("--lang", value: "en|cy", help: "Preferred language (default: en)."),
    Common.store, Common.framework,
  ]

  let arguments: ParsedArguments
  let practitioner: NewPractitioner

  init(_ arguments: ParsedArguments) throws(CLIError) {
    self.arguments = arguments
    func required(_ key: String) throws(CLIError) -> String {
      guard let v = arguments.value(key) else { throw .usage("missing \(key)") }
      return v
    }
    practitioner = NewPractitioner(
      id: try required("--id"), name: try required("--name"), email: arguments.value("--email"),
      agency: try required("--agency"), team: try required("--team"), role: try required("--role"),
      manager: arguments.value("--manager"), language: arguments.value("--lang") ?? "en")
  }

  func run() throws {
    let w = try Workspace.open(arguments)
    try w.rules.check(practitioner)
    try w.store.add(practitioner, actor: .currentOperator)
    Output.standardOutput(practitioner.id + "\n")
  }
}

struct PractitionerList: Command {
  static let name = "list"
  static let abstract = "List practitioners, optionally one team's."
  static let options = [
    OptionSpec.option("--team", value: "team", help: "Only this team."), Common.format([.text, .json, .csv], default: .text),
    Common.store,
  ]

  let team: String?
  let format: Format
  let arguments: ParsedArguments

  init(_ arguments: ParsedArguments) throws(CLIError) {
    self.arguments = arguments
    team = arguments.value("--team")
    format = try Format.parse(arguments.value("--format"), allowed: [.text, .json, .csv], default: .text)
  }

  func run() throws {
    let store = try SQLiteStore.open(at: Common.storePath(arguments))
    let people = try store.practitioners(team: team)
    switch format {
    case .json:
      Output.standardOutput(
        JSONWriter.string(
          .array(
            people.map {
              [
                "id": .string($0.id), "name": .string($0.name), "email": .optional($0.email), "agency": .string($0.agency),
                "team": .string($0.team), "role": .string($0.role), "manager": .optional($0.manager),
                "language": .string($0.language),
              ]
            })))
    default:
      let table = Table(
        headers: ["id", "name", "email", "agency", "team", "role", "manager", "language"],
        rows: people.map { [$0.id, $0.name, $0.email ?? "", $0.agency, $0.team, $0.role, $0.manager ?? "", $0.language] })
      Output.standardOutput(format == .csv ? table.csv : table.text)
    }
  }
}

struct Log: Command {
  static let name = "log"
  static let abstract = "Log a CPD activity; prints the new activity's id."
  static let discussion: String? = """
    With --module, the module's competencies and levels are claimed unless --competency says otherwise.
    The activity waits for sign-off ('cpd verify') before it counts as evidence. To correct an entry,
    log the corrected one with --supersedes ID: a signed-off entry is never edited in place.
    """
  static let options = [
    OptionSpec.option("--practitioner", value: "id", help: "Whose activity it is."),
    OptionSpec.option("--date", value: "date", help: "When, YYYY-MM-DD (default: today)."),
    OptionSpec.option("--kind", value: "kind", help: "One of \(ActivityKind.allNames)."),
    OptionSpec.option("--hours", value: "hours", help: "Hours spent (more than 0, at most 24)."),
    OptionSpec.option("--title", value: "text", help: "What it was."),
    OptionSpec.option("--module", value: "id", help: "The framework module it completes."),
    OptionSpec.option("--competency", value: "competency:level", help: "A competency claimed, at a level.", repeatable: true),
    OptionSpec.option("--reflection", value: "text", help: "What was learnt and how it will be used."),
    OptionSpec.option("--evidence", value: "file", help: "A file to attach as evidence.", repeatable: true),
    OptionSpec.flag("--participatory", help: "Learning done with others (the default except for reading, e-learning, reflective-account)."),
    OptionSpec.flag("--non-participatory", help: "Learning done alone rather than with others."),
    OptionSpec.option("--id", value: "id", help: "The activity's id (default: generated)."),
    OptionSpec.option("--supersedes", value: "id", help: "The earlier activity this entry corrects."),
    Common.store, Common.framework,
  ]

  let arguments: ParsedArguments
  let practitioner: String
  let date: Day
  let kind: ActivityKind
  let hours: Double
  let title: String
  let competencies: [ClaimedLevel]

  init(_ arguments: ParsedArguments) throws(CLIError) {
    self.arguments = arguments
    guard let practitioner = arguments.value("--practitioner") else { throw .usage("missing --practitioner") }
    self.practitioner = practitioner
    date = try Common.day(arguments, "--date")
    guard let kindName = arguments.value("--kind") else { throw .usage("missing --kind") }
    guard let kind = ActivityKind(rawValue: kindName) else {
      throw .data("kind: unknown kind \"\(kindName)\" (expected one of \(ActivityKind.allNames))")
    }
    self.kind = kind
    if arguments.has("--participatory") && arguments.has("--non-participatory") {
      throw .usage("--participatory and --non-participatory contradict each other")
    }
    guard let hoursText = arguments.value("--hours") else { throw .usage("missing --hours") }
    guard let hours = Double(hoursText) else { throw .data("hours: \"\(hoursText)\" is not a number") }
    self.hours = hours
    guard let title = arguments.value("--title") else { throw .usage("missing --title") }
    self.title = title
    var claims: [ClaimedLevel] = []
    for text in arguments.all("--competency") {
      guard let claim = ClaimedLevel(text) else { throw .data("competency: \"\(text)\" is not COMPETENCY:LEVEL") }
      claims.append(claim)
    }
    competencies = claims
  }

  func run() throws {
    let w = try Workspace.open(arguments)
    let module = arguments.value("--module")
    let evidence = arguments.all("--evidence").map { EvidenceFile(path: $0, name: ($0 as NSString).lastPathComponent) }
    let activity = NewActivity(
      id: arguments.value("--id"), practitioner: practitioner, date: date, kind: kind, hours: hours,
      participatory: arguments.has("--participatory") || (kind.isParticipatoryByDefault && !arguments.has("--non-participatory")), title: title, module: module,
      claims: try w.rules.claims(module: module, explicit: competencies), reflection: arguments.value("--reflection"),
      evidence: evidence, supersedes: arguments.value("--supersedes"))
    try w.rules.check(activity)
    let ids = try w.store.log([activity], source: "cli", frameworkVersion: w.framework.version, actor: .currentOperator)
    Output.standardOutput(ids[0] + "\n")
  }
}

/// Shared by `verify` and `reject`: one decision on a pending activity.
enum SignOffCommand {
  static let arguments = [ArgumentSpec(name: "activity", help: "The activity id.")]
  static let options = [
    OptionSpec.option("--by", value: "id", help: "The verifier's practitioner id (not the activity's author)."),
    OptionSpec.option("--note", value: "text", help: "A note on the decision (required to reject)."),
    OptionSpec.option("--date", value: "date", help: "Date of the decision (default: today)."),
    Common.store,
  ]

  static func validate(_ arguments: ParsedArguments, noteRequired: Bool) throws(CLIError) {
    guard arguments.value("--by") != nil else { throw .usage("missing --by") }
    let note = arguments.value("--note") ?? ""
    if noteRequired && note.trimmingCharacters(in: .whitespaces).isEmpty { throw .usage("a rejection needs --note saying why") }
    if note.count > 2000 { throw .data("note: \(note.count) characters is more than the 2000 allowed") }
    _ = try Common.day(arguments, "--date")
  }

  static func run(_ arguments: ParsedArguments, decision: SignOffStatus) throws {
    let store = try SQLiteStore.open(at: Common.storePath(arguments))
    let activity = arguments.positionals[0]
    let by = arguments.value("--by")!
    try store.signOff(
      activity: activity, decision: decision, by: by, note: arguments.value("--note"), on: try Common.day(arguments, "--date"))
    Output.standardOutput("\(activity): \(decision.name) by \(by)\n")
  }
}

struct Verify: Command {
  static let name = "verify"
  static let abstract = "Verify a pending activity, signing it off as evidence."
  static let arguments = SignOffCommand.arguments
  static let options = SignOffCommand.options

  let arguments: ParsedArguments
  init(_ arguments: ParsedArguments) throws(CLIError) {
    try SignOffCommand.validate(arguments, noteRequired: false)
    self.arguments = arguments
  }
  func run() throws { try SignOffCommand.run(arguments, decision: .verified) }
}

struct Reject: Command {
  static let name = "reject"
  static let abstract = "Reject a pending activity, with a note saying why."
  static let arguments = SignOffCommand.arguments
  static let options = SignOffCommand.options

  let arguments: ParsedArguments
  init(_ arguments: ParsedArguments) throws(CLIError) {
    try SignOffCommand.validate(arguments, noteRequired: true)
    self.arguments = arguments
  }
  func run() throws { try SignOffCommand.run(arguments, decision: .rejected) }
}

struct Assess: Command {
  static let name = "assess"
  static let abstract = "Record a practitioner's own rating of a competency (self-assessment)."
  static let discussion: String? = """
    Self-assessments are kept apart from evidence; gap reports flag where confidence and evidence differ by
    two levels or more. Level 0 means 'not at all'.
    """
  static let options = [
    OptionSpec.option("--practitioner", value: "id", help: "Whose rating it is."),
    OptionSpec.option("--competency", value: "competency:level", help: "The competency and the level they rate themselves at."),
    OptionSpec.option("--date", value: "date", help: "Date of the rating (default: today)."),
    Common.store, Common.framework,
  ]

  let arguments: ParsedArguments
  let practitioner: String
  let claim: ClaimedLevel
  let date: Day

  init(_ arguments: ParsedArguments) throws(CLIError) {
    self.arguments = arguments
    guard let practitioner = arguments.value("--practitioner") else { throw .usage("missing --practitioner") }
    self.practitioner = practitioner
    guard let text = arguments.value("--competency") else { throw .usage("missing --competency") }
    guard let claim = ClaimedLevel(text) else { throw .data("competency: \"\(text)\" is not COMPETENCY:LEVEL") }
    self.claim = claim
    date = try Common.day(arguments, "--date")
  }

  func run() throws {
    let w = try Workspace.open(arguments)
    try w.rules.check(assessment: claim.competency, level: claim.level)
    guard date <= w.rules.today else { throw RecordsError.invalid("date: \(date) is in the future") }
    try w.store.assess(practitioner: practitioner, competency: claim.competency, level: claim.level, on: date, actor: .currentOperator)
    Output.standardOutput("\(practitioner): \(claim.competency) self-assessed at \(claim.level)\n")
  }
}

struct Activities: Command {
  static let name = "activities"
  static let abstract = "Show a practitioner's CPD log, newest first."
  static let arguments = [ArgumentSpec(name: "practitioner", help: "The practitioner id.")]
  static let options = [Common.format([.text, .json, .csv], default: .text), Common.store]

  let arguments: ParsedArguments
  let format: Format

  init(_ arguments: ParsedArguments) throws(CLIError) {
    self.arguments = arguments
    format = try Format.parse(arguments.value("--format"), allowed: [.text, .json, .csv], default: .text)
  }

  func run() throws {
    let store = try SQLiteStore.open(at: Common.storePath(arguments))
    let list = try store.activities(of: arguments.positionals[0])
    if format == .json {
      Output.standardOutput(JSONWriter.string(.array(list.map { store.activityJSON($0) })))
      return
    }
    let table = Table(
      headers: ["id", "date", "kind", "hours", "status", "title", "module", "competencies", "evidence"],
      rows: list.map { a in
        [
          a.id, a.date.description, a.kind.rawValue, JSONWriter.formatNumber(a.hours),
          a.status.name + (a.supersededBy.map { " (corrected by \($0))" } ?? ""), a.title, a.module ?? "",
          a.claims.map(\.text).joined(separator: " "), a.evidence.map(\.name).joined(separator: " "),
        ]
      })
    Output.standardOutput(format == .csv ? table.csv : table.text)
  }
}
