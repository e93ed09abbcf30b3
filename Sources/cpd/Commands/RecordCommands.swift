import Competency
import Foundation
import JSON
import Interchange
import Reports
import Service
import Workforce

struct Init: Command {
  static let name = "init"
  static let abstract = "Create a records store, or migrate one and move it to the loaded framework version."
  static let discussion: String? = """
    Creates the SQLite store (WAL mode, foreign keys on, schema migrations recorded) and records
    which framework it is kept against. On an existing store it applies any migrations this cpd
    knows, and moves a store kept against an older version of the framework to the one loaded.
    Anything at the path that is not a cpd store is refused and left as it is.
    """
  static let options = StoreOptions.options + [FrameworkOptions.option]

  let store: StoreOptions
  let frameworks: FrameworkOptions

  init(_ arguments: ParsedArguments) throws(CLIError) {
    store = StoreOptions(arguments)
    frameworks = FrameworkOptions(arguments)
  }

  func run() throws {
    let ready = try Session.open(store, frameworks, intent: .create).service.initialise()
    var line = "\(ready.location): \(ready.created ? "created a new store" : "store ready") "
      + "(schema \(ready.schema), framework \(ready.framework.id) \(ready.framework.version))"
    if let previous = ready.previousVersion { line += "; moved from framework version \(previous)" }
    Output.standardOutput(line + "\n" + ready.changes.map { "  \($0)\n" }.joined())
  }
}

let practitionerGroup = CommandGroup(
  name: "practitioner", abstract: "Add and list practitioners.",
  children: [.command(PractitionerAdd.self), .command(PractitionerList.self)])

struct PractitionerAdd: Command {
  static let name = "add"
  static let abstract = "Add a practitioner."
  static let options =
    [
      OptionSpec.option("--id", value: "id", help: "A unique id (letters, digits and . _ : @ -)."),
      OptionSpec.option("--name", value: "name", help: "Full name."),
      OptionSpec.option("--agency", value: "agency", help: "Agency id (see 'cpd framework list agencies')."),
      OptionSpec.option("--role", value: "role", help: "Role id (see 'cpd framework list roles')."),
      OptionSpec.option("--team", value: "team", help: "Team name."),
      OptionSpec.option("--manager", value: "id", help: "The line manager's practitioner id (added first)."),
      OptionSpec.option("--email", value: "address", help: "Email address (matches xAPI actors)."),
      OptionSpec.option("--lang", value: "en|cy", help: "Preferred language (default: en)."),
    ] + StoreOptions.options + [FrameworkOptions.option]

  let practitioner: NewPractitioner
  let store: StoreOptions
  let frameworks: FrameworkOptions

  init(_ arguments: ParsedArguments) throws(CLIError) {
    func required(_ key: String) throws(CLIError) -> String {
      guard let v = arguments.value(key) else { throw .usage("missing \(key)") }
      return v
    }
    practitioner = NewPractitioner(
      id: try required("--id"), name: try required("--name"), email: arguments.value("--email"),
      agency: try required("--agency"), team: try required("--team"), role: try required("--role"),
      manager: arguments.value("--manager"), language: arguments.value("--lang") ?? "en")
    store = StoreOptions(arguments)
    frameworks = FrameworkOptions(arguments)
  }

  func run() throws {
    try Session.open(store, frameworks, intent: .write).service.addPractitioner(practitioner)
    Output.standardOutput(practitioner.id + "\n")
  }
}

struct PractitionerList: Command {
  static let name = "list"
  static let abstract = "List practitioners, optionally one team's."
  static let formats: [Format] = [.text, .json, .csv]
  static let options =
    [OptionSpec.option("--team", value: "team", help: "Only this team."), Format.option(formats)] + StoreOptions.options
    + [FrameworkOptions.option]

  let team: String?
  let format: Format
  let store: StoreOptions
  let frameworks: FrameworkOptions

  init(_ arguments: ParsedArguments) throws(CLIError) {
    team = arguments.value("--team")
    format = try Format(arguments, allowed: Self.formats)
    store = StoreOptions(arguments)
    frameworks = FrameworkOptions(arguments)
  }

  func run() throws {
    let service = try Session.open(store, frameworks, intent: .read).service
    let people = try service.practitioners(team: team)
    if format == .json {
      Output.standardOutput(JSONWriter.string(service.practitionerJSON(people)))
      return
    }
    let table = Table(
      headers: ["id", "name", "email", "agency", "team", "role", "manager", "language"],
      rows: people.map { [$0.id, $0.name, $0.email ?? "", $0.agency, $0.team, $0.role, $0.manager ?? "", $0.language] })
    Output.standardOutput(format == .csv ? table.csv : table.text)
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
  static let options =
    [
      OptionSpec.option("--practitioner", value: "id", help: "Whose activity it is."),
      OptionSpec.option("--date", value: "date", help: "When, YYYY-MM-DD (default: today)."),
      OptionSpec.option("--kind", value: "kind", help: "One of \(ActivityKind.allNames)."),
      OptionSpec.option("--hours", value: "hours", help: "Hours spent (more than 0, at most 24)."),
      OptionSpec.option("--title", value: "text", help: "What it was."),
      OptionSpec.option("--module", value: "id", help: "The framework module it completes."),
      OptionSpec.option("--competency", value: "competency:level", help: "A competency claimed, at a level.", repeatable: true),
      OptionSpec.option("--reflection", value: "text", help: "What was learnt and how it will be used."),
      OptionSpec.option("--evidence", value: "file", help: "A file to attach as evidence.", repeatable: true),
      OptionSpec.flag(
        "--participatory", help: "Learning done with others (the default except for reading, e-learning, reflective-account)."),
      OptionSpec.flag("--non-participatory", help: "Learning done alone rather than with others."),
      OptionSpec.option("--id", value: "id", help: "The activity's id (default: generated)."),
      OptionSpec.option("--supersedes", value: "id", help: "The earlier activity this entry corrects."),
    ] + StoreOptions.options + [FrameworkOptions.option]

  let activity: NewActivity
  let store: StoreOptions
  let frameworks: FrameworkOptions
  let contradictory: Bool

  init(_ arguments: ParsedArguments) throws(CLIError) {
    guard let practitioner = arguments.value("--practitioner") else { throw .usage("missing --practitioner") }
    let date = try DateOption(arguments, "--date").day
    guard let kindName = arguments.value("--kind") else { throw .usage("missing --kind") }
    guard let kind = ActivityKind(rawValue: kindName) else {
      throw .data("kind: unknown kind \"\(kindName)\" (expected one of \(ActivityKind.allNames))")
    }
    guard let hoursText = arguments.value("--hours") else { throw .usage("missing --hours") }
    guard let hours = Hours(hoursText) else { throw .data("hours: " + Hours.refusal(hoursText)) }
    guard let title = arguments.value("--title") else { throw .usage("missing --title") }
    var claims: [ClaimedLevel] = []
    for text in arguments.all("--competency") {
      guard let claim = ClaimedLevel(text) else { throw .data("competency: \"\(text)\" is not COMPETENCY:LEVEL") }
      claims.append(claim)
    }
    contradictory = arguments.has("--participatory") && arguments.has("--non-participatory")
    activity = NewActivity(
      id: arguments.value("--id"), practitioner: practitioner, date: date, kind: kind, hours: hours,
      participatory: arguments.has("--participatory") ? true : arguments.has("--non-participatory") ? false : nil,
      title: title, module: arguments.value("--module"), claims: claims, reflection: arguments.value("--reflection"),
      evidence: arguments.all("--evidence").map { EvidenceFile(path: $0, name: ($0 as NSString).lastPathComponent) },
      supersedes: arguments.value("--supersedes"))
    store = StoreOptions(arguments)
    frameworks = FrameworkOptions(arguments)
  }

  func validate() throws(CLIError) {
    if contradictory { throw .usage("--participatory and --non-participatory contradict each other") }
  }

  func run() throws {
    let id = try Session.open(store, frameworks, intent: .write).service.log(activity)
    Output.standardOutput(id + "\n")
  }
}

/// Shared by `verify` and `reject`: one decision on a pending activity.
struct SignOff: Sendable {
  static let arguments = [ArgumentSpec(name: "activity", help: "The activity id.")]
  static let options =
    [
      OptionSpec.option("--by", value: "id", help: "The verifier's practitioner id (not the activity's author; a team leader's own)."),
      OptionSpec.option("--note", value: "text", help: "A note on the decision (required to reject)."),
      OptionSpec.option("--date", value: "date", help: "Date of the decision (default: today)."),
    ] + StoreOptions.options + [FrameworkOptions.option]
  static let hoursOption = OptionSpec.option(
    "--hours", value: "hours",
    help: "The hours, confirmed by the verifier, of an activity imported without them (required to verify one).")

  let activity: String
  let by: String?
  let note: String?
  let date: Day
  let hours: Hours?
  let store: StoreOptions
  let frameworks: FrameworkOptions

  init(_ arguments: ParsedArguments) throws(CLIError) {
    activity = arguments.positionals[0]
    by = arguments.value("--by")
    note = arguments.value("--note")
    date = try DateOption(arguments, "--date").day
    hours = try HoursOption(arguments, "--hours").hours
    store = StoreOptions(arguments)
    frameworks = FrameworkOptions(arguments)
  }

  /// Only the store's owner has to say who signs off; a team leader signs off as themselves.
  func validate() throws(CLIError) {
    if by == nil && store.login == nil { throw .usage("missing --by") }
  }

  func run(_ decision: SignOffStatus) throws {
    let service = try Session.open(store, frameworks, intent: .write).service
    let verifier = try service.signOff(activity: activity, decision: decision, by: by, note: note, on: date, hours: hours)
    Output.standardOutput("\(activity): \(decision.name) by \(verifier)" + (hours.map { " (\($0) hours)" } ?? "") + "\n")
  }
}

struct Verify: Command {
  static let name = "verify"
  static let abstract = "Verify a pending activity, signing it off as evidence."
  static let discussion: String? = """
    An activity imported from an xAPI statement that gave no duration has no hours yet: verifying it
    confirms them (--hours H), and it cannot be verified without. Until then it counts for nothing.
    """
  static let arguments = SignOff.arguments
  static let options = [SignOff.hoursOption] + SignOff.options

  let signOff: SignOff
  init(_ arguments: ParsedArguments) throws(CLIError) { signOff = try SignOff(arguments) }
  func validate() throws(CLIError) { try signOff.validate() }
  func run() throws { try signOff.run(.verified) }
}

struct Reject: Command {
  static let name = "reject"
  static let abstract = "Reject a pending activity, with a note saying why."
  static let arguments = SignOff.arguments
  static let options = SignOff.options

  let signOff: SignOff
  init(_ arguments: ParsedArguments) throws(CLIError) { signOff = try SignOff(arguments) }
  func validate() throws(CLIError) { try signOff.validate() }
  func run() throws { try signOff.run(.rejected) }
}

struct Assess: Command {
  static let name = "assess"
  static let abstract = "Record a practitioner's own rating of a competency (self-assessment)."
  static let discussion: String? = """
    Self-assessments are kept apart from evidence; gap reports flag where confidence and evidence differ by
    two levels or more. Level 0 means 'not at all'.
    """
  static let options =
    [
      OptionSpec.option("--practitioner", value: "id", help: "Whose rating it is."),
      OptionSpec.option("--competency", value: "competency:level", help: "The competency and the level they rate themselves at."),
      OptionSpec.option("--date", value: "date", help: "Date of the rating (default: today)."),
    ] + StoreOptions.options + [FrameworkOptions.option]

  let practitioner: String
  let claim: ClaimedLevel
  let date: Day
  let store: StoreOptions
  let frameworks: FrameworkOptions

  init(_ arguments: ParsedArguments) throws(CLIError) {
    guard let practitioner = arguments.value("--practitioner") else { throw .usage("missing --practitioner") }
    self.practitioner = practitioner
    guard let text = arguments.value("--competency") else { throw .usage("missing --competency") }
    guard let claim = ClaimedLevel(text) else { throw .data("competency: \"\(text)\" is not COMPETENCY:LEVEL") }
    self.claim = claim
    date = try DateOption(arguments, "--date").day
    store = StoreOptions(arguments)
    frameworks = FrameworkOptions(arguments)
  }

  func run() throws {
    try Session.open(store, frameworks, intent: .write).service.assess(
      practitioner: practitioner, competency: claim.competency, level: claim.level, on: date)
    Output.standardOutput("\(practitioner): \(claim.competency) self-assessed at \(claim.level)\n")
  }
}

struct Activities: Command {
  static let name = "activities"
  static let abstract = "Show a practitioner's CPD log, newest first."
  static let arguments = [ArgumentSpec(name: "practitioner", help: "The practitioner id.")]
  static let formats: [Format] = [.text, .json, .csv]
  static let options = [Format.option(formats)] + StoreOptions.options + [FrameworkOptions.option]

  let practitioner: String
  let format: Format
  let store: StoreOptions
  let frameworks: FrameworkOptions

  init(_ arguments: ParsedArguments) throws(CLIError) {
    practitioner = arguments.positionals[0]
    format = try Format(arguments, allowed: Self.formats)
    store = StoreOptions(arguments)
    frameworks = FrameworkOptions(arguments)
  }

  func run() throws {
    let list = try Session.open(store, frameworks, intent: .read).service.activities(of: practitioner)
    if format == .json {
      Output.standardOutput(JSONWriter.string(.array(list.map { RecordJSON.activity($0) })))
      return
    }
    let table = Table(
      headers: ["id", "date", "kind", "hours", "status", "title", "module", "competencies", "evidence"],
      rows: list.map { a in
        [
          a.id, a.date.description, a.kind.rawValue, a.needsHours ? "to confirm" : a.hours.description,
          a.status.name + (a.supersededBy.map { " (corrected by \($0))" } ?? "") + (a.voiding.map { " (\($0.description))" } ?? ""),
          a.title, a.module ?? "",
          a.claims.map(\.text).joined(separator: " "), a.evidence.map(\.name).joined(separator: " "),
        ]
      })
    Output.standardOutput(format == .csv ? table.csv : table.text)
  }
}

let userGroup = CommandGroup(
  name: "user", abstract: "Manage logins and their roles.",
  children: [.command(UserAdd.self), .command(UserList.self), .command(UserRemove.self)])

struct UserAdd: Command {
  static let name = "add"
  static let abstract = "Add a login with a role."
  static let discussion: String? = """
    Roles: practitioner (their own records), team-leader (their team's records and sign-off),
    planner (aggregate reports and plans only), admin (practitioners, logins, the framework version,
    subject access and erasure), lms (a learning platform adding activities from xAPI statements).
    A practitioner or team-leader login is a practitioner of the store (--practitioner ID); a team
    leader leads that practitioner's team.
    """
  static let arguments = [ArgumentSpec(name: "login", help: "The login name (letters, digits and . _ @ -).")]
  static let options =
    [
      OptionSpec.option("--as", value: "role", help: "\(LoginRole.allNames)."),
      OptionSpec.option("--practitioner", value: "id", help: "The practitioner a practitioner or team-leader login is."),
      OptionSpec.flag("--password-stdin", help: "Read the login's password for the web application from the first line of standard input."),
    ] + StoreOptions.options + [FrameworkOptions.option]

  let login: String
  let role: LoginRole
  let practitioner: String?
  let passwordFromInput: Bool
  let store: StoreOptions
  let frameworks: FrameworkOptions

  init(_ arguments: ParsedArguments) throws(CLIError) {
    login = arguments.positionals[0]
    guard let text = arguments.value("--as") else { throw .usage("missing --as \(LoginRole.allNames)") }
    guard let role = LoginRole(rawValue: text) else { throw .usage("--as: unknown role '\(text)' (expected \(LoginRole.allNames))") }
    self.role = role
    practitioner = arguments.value("--practitioner")
    passwordFromInput = arguments.has("--password-stdin")
    store = StoreOptions(arguments)
    frameworks = FrameworkOptions(arguments)
  }

  func run() throws {
    var password: String? = nil
    if passwordFromInput {
      guard let line = readLine(strippingNewline: true), !line.isEmpty else {
        throw CLIError.usage("--password-stdin: no password on standard input")
      }
      password = line.hasSuffix("\r") ? String(line.dropLast()) : line
    }
    let record = try Session.open(store, frameworks, intent: .write).service.addLogin(
      login, role: role, practitioner: practitioner, password: password)
    Output.standardOutput("\(record.name): \(record.role.rawValue)\(record.practitioner.map { " (\($0))" } ?? "")\n")
  }
}

struct UserList: Command {
  static let name = "list"
  static let abstract = "List logins and their roles."
  static let formats: [Format] = [.text, .json, .csv]
  static let options = [Format.option(formats)] + StoreOptions.options + [FrameworkOptions.option]

  let format: Format
  let store: StoreOptions
  let frameworks: FrameworkOptions

  init(_ arguments: ParsedArguments) throws(CLIError) {
    format = try Format(arguments, allowed: Self.formats)
    store = StoreOptions(arguments)
    frameworks = FrameworkOptions(arguments)
  }

  func run() throws {
    let logins = try Session.open(store, frameworks, intent: .read).service.logins()
    if format == .json {
      Output.standardOutput(
        JSONWriter.string(
          .array(
            logins.map {
              ["login": .string($0.name), "role": .string($0.role.rawValue), "practitioner": .optional($0.practitioner)]
            })))
      return
    }
    let table = Table(
      headers: ["login", "role", "practitioner", "created"],
      rows: logins.map { [$0.name, $0.role.rawValue, $0.practitioner ?? "", $0.createdAt] })
    Output.standardOutput(format == .csv ? table.csv : table.text)
  }
}

struct UserRemove: Command {
  static let name = "remove"
  static let abstract = "Remove a login (the audit log keeps its number, never its name)."
  static let arguments = [ArgumentSpec(name: "login", help: "The login name.")]
  static let options = StoreOptions.options + [FrameworkOptions.option]

  let login: String
  let store: StoreOptions
  let frameworks: FrameworkOptions

  init(_ arguments: ParsedArguments) throws(CLIError) {
    login = arguments.positionals[0]
    store = StoreOptions(arguments)
    frameworks = FrameworkOptions(arguments)
  }

  func run() throws {
    try Session.open(store, frameworks, intent: .write).service.removeLogin(login)
    Output.standardOutput("\(login): removed\n")
  }
}
