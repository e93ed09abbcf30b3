import Competency
import Foundation
import JSON
import Records

let importGroup = CommandGroup(
  name: "import", abstract: "Import activities from CSV or xAPI statements (one transaction per file).",
  children: [.command(ImportCSV.self), .command(ImportXAPI.self)])

let exportGroup = CommandGroup(
  name: "export", abstract: "Export activities as xAPI statements, or everything held about one person.",
  children: [.command(ExportXAPI.self), .command(ExportPerson.self)])

let eraseGroup = CommandGroup(
  name: "erase", abstract: "Erase a person's data.", children: [.command(ErasePerson.self)])

let auditGroup = CommandGroup(
  name: "audit", abstract: "Check the audit log.", children: [.command(AuditVerify.self)])

func readInput(_ file: String) throws -> [UInt8] {
  guard let data = FileManager.default.contents(atPath: file) else {
    throw RecordsError.invalid("\(file): cannot read the file")
  }
  return [UInt8](data)
}

/// A JSON document from a file; unreadable files and bad JSON are data errors naming the file.
func readJSON(_ file: String) throws -> JSONValue {
  let bytes = try readInput(file)
  do {
    return try JSONParser.parse(bytes)
  } catch {
    throw CLIError.data("\(file): not JSON: \(error)")
  }
}

struct ImportCSV: Command {
  static let name = "csv"
  static let abstract = "Import activities from a CSV file, one activity per row."
  static let discussion: String? =
    ActivityCSV.columnHelp + """

    Every row is checked first; a bad row rejects the whole file (by its row number, the header being
    row 1) and nothing is stored.
    """
  static let arguments = [ArgumentSpec(name: "file", help: "The CSV file.")]
  static let options = [Common.store, Common.framework]

  let arguments: ParsedArguments
  init(_ arguments: ParsedArguments) throws(CLIError) { self.arguments = arguments }

  func run() throws {
    let file = arguments.positionals[0]
    let w = try Workspace.open(arguments)
    let bytes = try readInput(file)
    let lines = bytes.reduce(0) { $1 == 0x0A ? $0 + 1 : $0 }
    let stream = try ActivityCSV.stream(bytes, file: file, rules: w.rules)
    var progress = Progress("importing \(file)")
    let ids = try w.store.importActivities(
      stream, creating: [], source: "csv", frameworkVersion: w.framework.version, actor: .currentOperator,
      label: { "\(file): activity \($0 + 1)" }, progress: { progress.update($0, of: lines) })
    progress.finish()
    Output.standardOutput("\(file): imported \(ids.count) activities\n")
  }
}

struct ImportXAPI: Command {
  static let name = "xapi"
  static let abstract = "Import xAPI 1.0.3 statements (one statement, or a JSON array of them)."
  static let discussion: String? =
    """
    The actor's mbox matches a practitioner's email; an account's name matches a practitioner id.
    An actor that matches no one is refused, unless --create-practitioners is given with --agency and
    --role (and optionally --team), which adds them.

    """ + XAPI.verbHelp
    + """


    Every statement is checked against the xAPI specification's rules first (required actor, verb and
    object; UUID ids; one identifier per agent; mailto: mboxes; language maps; ISO 8601 durations and
    timestamps; no duplicate keys; no null outside extensions). An invalid statement rejects the whole
    file, by its index and the rule it breaks, and nothing is stored.
    """
  static let arguments = [ArgumentSpec(name: "file", help: "The statements (JSON).")]
  static let options = [
    OptionSpec.flag("--create-practitioners", help: "Add practitioners for actors the store does not know."),
    OptionSpec.option("--agency", value: "agency", help: "Agency of practitioners created on import."),
    OptionSpec.option("--role", value: "role", help: "Role of practitioners created on import."),
    OptionSpec.option("--team", value: "team", help: "Team of practitioners created on import (default: imported)."),
    Common.store, Common.framework,
  ]

  let arguments: ParsedArguments
  let create: XAPI.NewPractitionerDefaults?

  init(_ arguments: ParsedArguments) throws(CLIError) {
    self.arguments = arguments
    if arguments.has("--create-practitioners") {
      guard let agency = arguments.value("--agency"), let role = arguments.value("--role") else {
        throw .usage("--create-practitioners needs --agency and --role")
      }
      create = XAPI.NewPractitionerDefaults(agency: agency, role: role, team: arguments.value("--team") ?? "imported")
    } else {
      if arguments.value("--agency") != nil || arguments.value("--role") != nil {
        throw .usage("--agency and --role go with --create-practitioners")
      }
      create = nil
    }
  }

  func run() throws {
    let file = arguments.positionals[0]
    let w = try Workspace.open(arguments)
    if let create {
      guard w.framework.agency(create.agency) != nil else { throw RecordsError.invalid("agency: unknown agency \"\(create.agency)\"") }
      guard w.framework.role(create.role) != nil else { throw RecordsError.invalid("role: unknown role \"\(create.role)\"") }
    }
    let people = try w.store.practitioners()
    var emails: [String: String] = [:]
    for p in people { if let e = p.email { emails[e.lowercased()] = p.id } }
    let plan = try XAPI.read(
      try readInput(file), file: file, rules: w.rules, practitionerIDs: Set(people.map(\.id)), emails: emails, create: create)
    for warning in plan.warnings { Output.warning(warning) }
    let ids = try w.store.importActivities(
      plan.activities, creating: plan.newPractitioners, source: "xapi", frameworkVersion: w.framework.version,
      actor: .currentOperator, label: { "\(file): \(plan.paths[$0])" })
    Output.standardOutput(
      "\(file): imported \(ids.count) activities"
        + (plan.newPractitioners.isEmpty ? "" : ", added \(plan.newPractitioners.count) practitioners") + "\n")
  }
}

struct ExportXAPI: Command {
  static let name = "xapi"
  static let abstract = "Export every activity as xAPI 1.0.3 statements that 'cpd import xapi' reads back."
  static let options = [
    Common.output,
    OptionSpec.option(
      "--home-page", value: "url", help: "The account home page naming practitioners (default: https://cpd.invalid/practitioners)."),
    Common.store,
  ]

  let arguments: ParsedArguments
  init(_ arguments: ParsedArguments) throws(CLIError) {
    guard arguments.value("--output") != nil else { throw .usage("give the file to write with -o FILE") }
    self.arguments = arguments
  }

  func run() throws {
    let store = try SQLiteStore.open(at: Common.storePath(arguments))
    let homePage = arguments.value("--home-page") ?? "https://cpd.invalid/practitioners"
    var names: [String: String] = [:]
    for p in try store.practitioners() { names[p.id] = p.name }
    var out = "["
    var first = true
    try store.forEachActivity { page in
      for a in page {
        out += (first ? "\n" : ",\n") + JSONWriter.string(XAPI.statement(a, name: names[a.practitioner], homePage: homePage), style: .compact)
        first = false
      }
    }
    out += "\n]\n"
    try Output.emit(out, to: arguments.value("--output"))
  }
}

struct ExportPerson: Command {
  static let name = "person"
  static let abstract = "Export everything held about one person (for a subject access request)."
  static let arguments = [ArgumentSpec(name: "practitioner", help: "The practitioner id.")]
  static let options = [Common.output, Common.store]

  let arguments: ParsedArguments
  init(_ arguments: ParsedArguments) throws(CLIError) {
    guard arguments.value("--output") != nil else { throw .usage("give the file to write with -o FILE") }
    self.arguments = arguments
  }

  func run() throws {
    let store = try SQLiteStore.open(at: Common.storePath(arguments))
    let export = try store.subjectAccessExport(arguments.positionals[0])
    try Output.emit(JSONWriter.string(export), to: arguments.value("--output"))
  }
}

struct ErasePerson: Command {
  static let name = "person"
  static let abstract = "Erase a person's data; the audit log keeps an entry that names no one."
  static let arguments = [ArgumentSpec(name: "practitioner", help: "The practitioner id.")]
  static let options = [OptionSpec.flag("--confirm", help: "Required: erasure cannot be undone."), Common.store]

  let arguments: ParsedArguments
  init(_ arguments: ParsedArguments) throws(CLIError) {
    guard arguments.has("--confirm") else { throw .usage("erasure cannot be undone: give --confirm") }
    self.arguments = arguments
  }

  func run() throws {
    let store = try SQLiteStore.open(at: Common.storePath(arguments))
    let result = try store.erase(arguments.positionals[0], actor: .currentOperator)
    Output.standardOutput(
      "\(arguments.positionals[0]): erased (\(result.activities) activities, \(result.files) evidence files)\n")
  }
}

struct AuditVerify: Command {
  static let name = "verify"
  static let abstract = "Check the audit log's hash chain and the database's integrity."
  static let discussion: String? = """
    Exits 0 when every audit entry follows from the one before and SQLite's integrity and foreign-key
    checks pass; otherwise names the first broken entry (or the database problem) and exits 1.
    """
  static let options = [Common.store]

  let arguments: ParsedArguments
  init(_ arguments: ParsedArguments) throws(CLIError) { self.arguments = arguments }

  func run() throws {
    let store = try SQLiteStore.open(at: Common.storePath(arguments))
    if let problem = try store.integrityProblems().first {
      throw CLIError.failure("\(store.path): the database is damaged: \(problem)")
    }
    let check = try store.verifyAudit()
    if let broken = check.firstBroken {
      throw CLIError.failure("\(store.path): audit entry \(broken.seq) is broken: \(broken.reason)")
    }
    Output.standardOutput("\(store.path): audit log intact (\(check.entries) entries)\n")
  }
}
