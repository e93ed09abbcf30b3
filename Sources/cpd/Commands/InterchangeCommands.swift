import Foundation
import Interchange
import JSON
import Service
import Workforce

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

/// The store and frameworks options, parsed once, for commands that take nothing else of note.
struct StoreCommandOptions: Sendable {
  static let options = StoreOptions.options + [FrameworkOptions.option]
  let store: StoreOptions
  let frameworks: FrameworkOptions

  init(_ arguments: ParsedArguments) {
    store = StoreOptions(arguments)
    frameworks = FrameworkOptions(arguments)
  }

  func service(_ intent: StoreIntent) throws -> Service { try Session.open(store, frameworks, intent: intent).service }
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
  static let options = StoreCommandOptions.options

  let file: String
  let common: StoreCommandOptions

  init(_ arguments: ParsedArguments) throws(CLIError) {
    file = arguments.positionals[0]
    common = StoreCommandOptions(arguments)
  }

  func run() throws {
    let bytes = try readInput(file)
    let service = try common.service(.write)
    let lines = bytes.reduce(0) { $1 == 0x0A ? $0 + 1 : $0 }
    var progress = Progress("importing \(file)")
    let ids = try service.importCSV(bytes, file: file, progress: { progress.update($0, of: lines) })
    progress.finish()
    Output.standardOutput("\(file): imported \(ids.count) activities\n")
  }
}

struct ImportXAPI: Command {
  static let name = "xapi"
  static let abstract = "Import xAPI 1.0.3 statements (one, a JSON array of them, or a record store's StatementResult)."
  static let discussion: String? =
    """
    The actor's mbox matches a practitioner's email; an account's name matches a practitioner id.
    An actor that matches no one is refused, unless --create-practitioners is given with --agency and
    --role (and optionally --team), which adds them. An mbox_sha1sum matches the SHA-1 of a
    practitioner's mailto: address.

    """ + XAPI.verbHelp
    + """


    Every statement is checked against the xAPI specification's rules first (required actor, verb and
    object; UUID ids; one identifier per agent; mailto: mboxes; language maps; ISO 8601 durations and
    timestamps that are real dates and times; no duplicate keys; no null outside extensions; a
    StatementRef object for the verb voided). An invalid statement rejects the whole file, by its
    index and the rule it breaks, and nothing is stored. A StatementResult's more (the record store's
    next page) is not fetched: the summary says where it is. Statements are read one at a time, so
    files of any number of them import in bounded memory.
    """
  static let arguments = [ArgumentSpec(name: "file", help: "The statements (JSON).")]
  static let options =
    [
      OptionSpec.flag("--create-practitioners", help: "Add practitioners for actors the store does not know."),
      OptionSpec.option("--agency", value: "agency", help: "Agency of practitioners created on import."),
      OptionSpec.option("--role", value: "role", help: "Role of practitioners created on import."),
      OptionSpec.option("--team", value: "team", help: "Team of practitioners created on import (default: imported)."),
      OptionSpec.option(
        "--default-hours", value: "hours",
        help: "Hours for statements with no duration (otherwise the verifier confirms them at sign-off)."),
    ] + StoreCommandOptions.options

  let file: String
  let create: XAPI.NewPractitionerDefaults?
  let defaultHours: Hours?
  let common: StoreCommandOptions

  init(_ arguments: ParsedArguments) throws(CLIError) {
    file = arguments.positionals[0]
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
    defaultHours = try HoursOption(arguments, "--default-hours").hours
    common = StoreCommandOptions(arguments)
  }

  func run() throws {
    let bytes = try readInput(file)
    let result = try common.service(.write).importXAPI(bytes, file: file, create: create, defaultHours: defaultHours)
    for warning in result.warnings { Output.warning(warning) }
    var line = "\(file): imported \(result.ids.count) activities"
    if result.needingHours > 0 {
      line += " (\(result.needingHours) pending until the verifier confirms their hours: cpd verify ID --hours H)"
    }
    if result.defaultedHours > 0, let defaultHours {
      line += " (\(result.defaultedHours) given the default \(defaultHours) hours)"
    }
    if result.newPractitioners > 0 { line += ", added \(result.newPractitioners) practitioners" }
    let withdrawn = result.voidings.filter { $0.effect == .withdrawn }.count
    let superseded = result.voidings.filter { $0.effect == .superseded }.count
    let recorded = result.voidings.filter { [.withdrawn, .superseded, .alreadyRejected, .unknownTarget].contains($0.effect) }.count
    if recorded > 0 {
      line += ", recorded \(recorded) voiding\(recorded == 1 ? "" : "s") (\(withdrawn) withdrawn, \(superseded) superseded)"
    }
    Output.standardOutput(line + "\n")
  }
}

struct ExportXAPI: Command {
  static let name = "xapi"
  static let abstract = "Export every activity as xAPI 1.0.3 statements that 'cpd import xapi' reads back."
  static let options =
    [
      OutputOption.option,
      OptionSpec.option(
        "--home-page", value: "url", help: "The account home page naming practitioners (default: https://cpd.invalid/practitioners)."),
    ] + StoreCommandOptions.options

  let output: OutputOption
  let homePage: String
  let common: StoreCommandOptions

  init(_ arguments: ParsedArguments) throws(CLIError) {
    output = OutputOption(arguments)
    homePage = arguments.value("--home-page") ?? "https://cpd.invalid/practitioners"
    common = StoreCommandOptions(arguments)
  }

  func validate() throws(CLIError) {
    if output.file == nil { throw .usage("give the file to write with -o FILE") }
  }

  func run() throws {
    let service = try common.service(.read)
    try Output.emit(try service.exportXAPI(homePage: homePage), to: output.file, for: service)
  }
}

struct ExportPerson: Command {
  static let name = "person"
  static let abstract = "Export everything held about one person (for a subject access request)."
  static let arguments = [ArgumentSpec(name: "practitioner", help: "The practitioner id.")]
  static let options = [OutputOption.option] + StoreCommandOptions.options

  let practitioner: String
  let output: OutputOption
  let common: StoreCommandOptions

  init(_ arguments: ParsedArguments) throws(CLIError) {
    practitioner = arguments.positionals[0]
    output = OutputOption(arguments)
    common = StoreCommandOptions(arguments)
  }

  func validate() throws(CLIError) {
    if output.file == nil { throw .usage("give the file to write with -o FILE") }
  }

  func run() throws {
    let service = try common.service(.read)
    try Output.emit(JSONWriter.string(try service.exportPerson(practitioner)), to: output.file, for: service, privately: true)
  }
}

struct ErasePerson: Command {
  static let name = "person"
  static let abstract = "Erase a person's data; the audit log keeps an entry that names no one."
  static let arguments = [ArgumentSpec(name: "practitioner", help: "The practitioner id.")]
  static let options = [OptionSpec.flag("--confirm", help: "Required: erasure cannot be undone.")] + StoreCommandOptions.options

  let practitioner: String
  let confirmed: Bool
  let common: StoreCommandOptions

  init(_ arguments: ParsedArguments) throws(CLIError) {
    practitioner = arguments.positionals[0]
    confirmed = arguments.has("--confirm")
    common = StoreCommandOptions(arguments)
  }

  func validate() throws(CLIError) {
    if !confirmed { throw .usage("erasure cannot be undone: give --confirm") }
  }

  func run() throws {
    let service = try common.service(.write)
    let result = try service.erase(practitioner)
    if !result.walCleared {
      Output.warning("\(service.location): another program kept the store open; deleted data may stay in its journal until it closes")
    }
    Output.standardOutput("\(practitioner): erased (\(result.activities) activities, \(result.files) evidence files)\n")
  }
}

struct AuditVerify: Command {
  static let name = "verify"
  static let abstract = "Check the audit log's hash chain and the database's integrity."
  static let discussion: String? = """
    Exits 0 when every audit entry follows from the one before and the store's own integrity checks
    pass; otherwise names the first broken entry (or the database problem) and exits 1.
    """
  static let options = StoreCommandOptions.options

  let common: StoreCommandOptions
  init(_ arguments: ParsedArguments) throws(CLIError) { common = StoreCommandOptions(arguments) }

  func run() throws {
    let service = try common.service(.read)
    let where_ = service.location
    switch try service.checkAudit() {
    case .damaged(let problem): throw CLIError.failure("\(where_): the database is damaged: \(problem)")
    case .broken(let seq, let reason): throw CLIError.failure("\(where_): audit entry \(seq) is broken: \(reason)")
    case .intact(let entries): Output.standardOutput("\(where_): audit log intact (\(entries) entries)\n")
    }
  }
}
