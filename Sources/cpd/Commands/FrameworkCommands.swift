import Competency
import Foundation
import JSON
import Interchange
import Reports
import Service
import Web

let frameworkGroup = CommandGroup(
  name: "framework",
  abstract: "Check, show, list, export and import competency frameworks.",
  children: [
    .command(FrameworkValidate.self), .command(FrameworkShow.self), .command(FrameworkList.self),
    .command(FrameworkRole.self), .command(FrameworkExport.self), .command(FrameworkImport.self),
    .command(FrameworkSiteCommand.self),
  ])

private let dirArgument = ArgumentSpec(
  name: "dir", help: "Framework folder (default: $CPD_FRAMEWORK, else Frameworks/wales-community-safety).", optional: true)

private func frameworkDirectory(_ arguments: ParsedArguments, position: Int = 0) -> String {
  arguments.positionals.count > position ? arguments.positionals[position] : Frameworks.paths([])[0]
}

private func load(_ directory: String) throws(CLIError) -> Framework {
  do {
    return try Frameworks.load([directory])[0]
  } catch {
    throw CLIError(error)
  }
}

struct FrameworkValidate: Command {
  static let name = "validate"
  static let abstract = "Check a framework folder and report every problem."
  static let discussion: String? = """
    Exits 0 with a summary when the framework is valid. Otherwise prints one line per problem on
    standard error, as 'error: FILE: PATH: message', and exits 65.
    """
  static let arguments = [dirArgument]
  static let formats: [Format] = [.text, .json]
  static let options = [Format.option(formats)]

  let directory: String
  let format: Format

  init(_ arguments: ParsedArguments) throws(CLIError) {
    directory = frameworkDirectory(arguments)
    format = try Format(arguments, allowed: Self.formats)
  }

  func run() throws {
    let f = try load(directory)
    if format == .json {
      Output.standardOutput(JSONWriter.string(["valid": true, "directory": .string(directory), "counts": counts(f)]))
    } else {
      Output.standardOutput(
        "\(directory): valid: \(f.id) \(f.version): \(f.levels.count) levels, \(f.domains.count) domains, "
          + "\(f.competencies.count) competencies, \(f.roles.count) roles, \(f.modules.count) modules, "
          + "\(f.standards.count) standards, \(f.agencies.count) agencies\n")
    }
  }
}

func counts(_ f: Framework) -> JSONValue {
  [
    "levels": .int(f.levels.count), "domains": .int(f.domains.count), "competencies": .int(f.competencies.count),
    "roles": .int(f.roles.count), "modules": .int(f.modules.count), "standards": .int(f.standards.count),
    "agencies": .int(f.agencies.count),
  ]
}

struct FrameworkShow: Command {
  static let name = "show"
  static let abstract = "Summarise a framework: its scale, domains and counts."
  static let arguments = [dirArgument]
  static let formats: [Format] = [.text, .json]
  static let options = [Format.option(formats), LanguageOption.option]

  let directory: String
  let format: Format
  let language: String

  init(_ arguments: ParsedArguments) throws(CLIError) {
    directory = frameworkDirectory(arguments)
    format = try Format(arguments, allowed: Self.formats)
    language = try LanguageOption(arguments).language
  }

  func run() throws {
    let f = try load(directory)
    if format == .json {
      var o = JSONObject([("id", .string(f.id)), ("version", .string(f.version)), ("title", .string(f.title.text(language)))])
      for (k, v) in counts(f).objectValue! { o[k] = v }
      o["policies"] = .int(f.policies.count)
      o["languages"] = .strings(f.languages)
      Output.standardOutput(JSONWriter.string(.object(o)))
      return
    }
    let l = { (key: Labels.Key) in Labels.text(key, language) }
    var out = "\(f.title.text(language)) (\(f.id) \(f.version))\n"
    if let p = f.publisher { out += "\(l(.publisher)): \(p)\n" }
    out += "\(l(.languages)): \(f.languages.joined(separator: ", "))\n"
    out += "\(l(.levels)): " + f.levels.map { "\($0.level) \($0.title.text(language))" }.joined(separator: ", ") + "\n"
    out += "\(l(.domains)) (\(f.domains.count)):\n"
    let table = Table(
      headers: [l(.id), l(.domain), l(.competencies)],
      rows: f.domains.map { d in [d.id, d.title.text(language), String(f.competencies.filter { $0.domain == d.id }.count)] })
    out += table.text.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n") + "\n"
    out += "\(l(.competencies)): \(f.competencies.count), \(l(.roles)): \(f.roles.count), \(l(.modules)): \(f.modules.count), "
    out += "\(l(.standards)): \(f.standards.count), \(l(.agencies)): \(f.agencies.count), \(l(.policies)): \(f.policies.count)\n"
    Output.standardOutput(out)
  }
}

struct FrameworkList: Command {
  static let name = "list"
  static let abstract = "List one kind of framework item: domains, competencies, roles, modules, standards or agencies."
  static let discussion: String? = """
    JSON gives the full objects as loaded (every field), for scripts and other tools;
    text and CSV give one row per item for people and spreadsheets.
    """
  static let arguments = [
    ArgumentSpec(name: "kind", help: "domains, competencies, roles, modules, standards or agencies."), dirArgument,
  ]
  static let formats: [Format] = [.text, .json, .csv]
  static let options = [Format.option(formats), LanguageOption.option]

  enum Kind: String, CaseIterable { case domains, competencies, roles, modules, standards, agencies }

  let kind: Kind
  let directory: String
  let format: Format
  let language: String

  init(_ arguments: ParsedArguments) throws(CLIError) {
    guard let kind = Kind(rawValue: arguments.positionals[0]) else {
      throw .usage("unknown kind '\(arguments.positionals[0])' (expected \(Kind.allCases.map(\.rawValue).joined(separator: ", ")))")
    }
    self.kind = kind
    directory = frameworkDirectory(arguments, position: 1)
    format = try Format(arguments, allowed: Self.formats)
    language = try LanguageOption(arguments).language
  }

  func run() throws {
    let f = try load(directory)
    if format == .json {
      let items: [JSONValue]
      switch kind {
      case .domains: items = f.domains.map(f.json)
      case .competencies: items = f.competencies.map(f.json)
      case .roles: items = f.roles.map(f.json)
      case .modules: items = f.modules.map(f.json)
      case .standards: items = f.standards.map(f.json)
      case .agencies: items = f.agencies.map(f.json)
      }
      Output.standardOutput(JSONWriter.string(.array(items)))
      return
    }
    let t = { (text: LocalizedText) in text.text(language) }
    let table: Table
    switch kind {
    case .domains:
      table = Table(headers: ["id", "title_en", "title_cy"], rows: f.domains.map { [$0.id, $0.title.en, $0.title["cy"] ?? ""] })
    case .competencies:
      table = Table(
        headers: ["id", "domain", "title", "topics", "standards", "currency_months"],
        rows: f.competencies.map {
          [
            $0.id, $0.domain ?? "", t($0.title), $0.topics.joined(separator: " "),
            $0.standards.map { "\($0.standard)(\($0.relation.rawValue))" }.joined(separator: " "),
            String(f.currencyMonths(of: $0)),
          ]
        })
    case .roles:
      table = Table(
        headers: ["id", "title", "requirements", "mandatory", "overlays"],
        rows: f.roles.map { r in
          [
            r.id, t(r.title), String(r.requirements.count), String(r.requirements.filter { $0.priority == .mandatory }.count),
            r.overlays.map(\.agencyType).joined(separator: " "),
          ]
        })
    case .modules:
      table = Table(
        headers: ["id", "title", "mode", "hours", "cpd_hours", "quality", "cohort", "prerequisites"],
        rows: f.modules.map { m in
          [
            m.id, t(m.title), m.mode.rawValue, JSONWriter.formatNumber(m.hours), JSONWriter.formatNumber(m.cpdHours),
            m.quality?.status.rawValue ?? "", "\(m.cohort.min)-\(m.cohort.max)",
            m.prerequisites.joined(separator: " "),
          ]
        })
    case .standards:
      table = Table(
        headers: ["id", "code", "title", "body", "source"],
        rows: f.standards.map { [$0.id, $0.code ?? "", $0.title, $0.body ?? "", $0.source ?? ""] })
    case .agencies:
      table = Table(
        headers: ["id", "name", "type", "regions"],
        rows: f.agencies.map { [$0.id, t($0.name), $0.type, $0.regions.joined(separator: " ")] })
    }
    Output.standardOutput(format == .csv ? table.csv : table.text)
  }
}

struct FrameworkRole: Command {
  static let name = "role"
  static let abstract = "Show what a role requires, with an agency's overlay applied."
  static let arguments = [ArgumentSpec(name: "role", help: "A role id (see 'cpd framework list roles').")]
  static let formats: [Format] = [.text, .json]
  static let options = [
    OptionSpec.option("--agency", value: "agency-id", help: "Apply the overlay for this agency's type."),
    OptionSpec.option("--agency-type", value: "type", help: "Apply the overlay for this agency type."),
    FrameworkOptions.option, Format.option(formats), LanguageOption.option,
  ]

  let role: String
  let agency: String?
  let agencyType: String?
  let frameworks: FrameworkOptions
  let format: Format
  let language: String

  init(_ arguments: ParsedArguments) throws(CLIError) {
    role = arguments.positionals[0]
    agency = arguments.value("--agency")
    agencyType = arguments.value("--agency-type")
    frameworks = FrameworkOptions(arguments)
    format = try Format(arguments, allowed: Self.formats)
    language = try LanguageOption(arguments).language
  }

  func validate() throws(CLIError) {
    if agency != nil && agencyType != nil { throw .usage("give --agency or --agency-type, not both") }
  }

  func run() throws {
    let f = try frameworks.load()[0]
    let (type, requirements) = try Frameworks.requirements(of: f, role: role, agency: agency, agencyType: agencyType)
    if format == .json {
      var o = JSONObject([("role", .string(role))])
      if let agency { o["agency"] = .string(agency) }
      if let type { o["agencyType"] = .string(type) }
      o["requirements"] = .array(requirements.map(f.json))
      Output.standardOutput(JSONWriter.string(.object(o)))
      return
    }
    let l = { (key: Labels.Key) in Labels.text(key, language) }
    let table = Table(
      headers: [l(.competency), l(.title), l(.level), l(.priority)],
      rows: requirements.map { r in
        [r.competency, f.competency(r.competency)?.title.text(language) ?? "", String(r.level), r.priority.rawValue]
      })
    Output.standardOutput("\(f.role(role)!.title.text(language))\(type.map { " (\($0))" } ?? "")\n\n" + table.text)
  }
}

struct FrameworkExport: Command {
  static let name = "export"
  static let abstract = "Export a framework as a 1EdTech CASE 1.0 CFPackage (JSON)."
  static let discussion: String? = """
    Domains and competencies become CFItems, the hierarchy 'isChildOf' associations, and standards
    mappings 'exactMatchOf' (exact) or 'isRelatedTo' (partial, related) associations to nodes outside
    the package. Identifiers are name-based UUIDs (version 5), the same on every export.
    """
  static let arguments = [dirArgument]
  static let formats: [Format] = [.case_]
  static let options = [Format.option(formats), OutputOption.option]

  let directory: String
  let output: OutputOption

  init(_ arguments: ParsedArguments) throws(CLIError) {
    directory = frameworkDirectory(arguments)
    _ = try Format(arguments, allowed: Self.formats)
    output = OutputOption(arguments)
  }

  func run() throws {
    try Output.emit(JSONWriter.string(Frameworks.exportCASE(try load(directory))), to: output.file)
  }
}

struct FrameworkImport: Command {
  static let name = "import"
  static let abstract = "Turn a CASE 1.0 or 1.1 CFPackage into a framework folder."
  static let discussion: String? = """
    Keeps every CFItem (identifier, human coding scheme, statement), the isChildOf hierarchy and the
    other associations (precedes, isRelatedTo, exactMatchOf...), including ones that point outside the
    package, which become external standards. Top-level items with children become domains. Roles and
    modules are left empty. Deviations real exports make (timestamps without a time zone, numbers as
    strings, extra fields, unusual UUID versions) are accepted with a warning on standard error.
    Nothing is written when the package cannot be understood.
    """
  static let arguments = [ArgumentSpec(name: "file", help: "The CFPackage JSON file.")]
  static let formats: [Format] = [.case_]
  static let options = [
    Format.option(formats),
    OptionSpec.option("-o", "--output", value: "dir", help: "The framework folder to write."),
    OptionSpec.flag("--force", help: "Replace the files of an existing framework folder."),
  ]

  let file: String
  let output: String
  let force: Bool

  init(_ arguments: ParsedArguments) throws(CLIError) {
    file = arguments.positionals[0]
    _ = try Format(arguments, allowed: Self.formats)
    guard let output = arguments.value("--output") else { throw .usage("give the folder to write with -o DIR") }
    self.output = output
    force = arguments.has("--force")
  }

  func run() throws {
    let bytes = try readInput(file)
    let result: CASEImport
    do throws(FrameworkError) {
      result = try Frameworks.importCASE(bytes, file: file, into: output, replacing: force)
    } catch {
      throw CLIError(error)
    }
    for warning in result.warnings { Output.warning("\(file): \(warning)") }
    let f = result.framework
    Output.standardOutput(
      "\(output): \(f.id): \(f.domains.count) domains, \(f.competencies.count) competencies, "
        + "\(f.standards.count) external standards, \(f.caseAssociations.count) associations kept verbatim\n")
  }
}

struct FrameworkSiteCommand: Command {
  static let name = "site"
  static let abstract = "Write the framework as static bilingual web pages (the pages 'cpd serve' shows at /framework)."
  static let discussion: String? = """
    Writes en/ and cy/ folders of pages (domains and competencies with level descriptors and the
    occupational standards each maps to, role profiles with their requirements, the module catalogue),
    a stylesheet and an index into the folder, for publishing on any web server.
    """
  static let arguments = [dirArgument]
  static let options = [OptionSpec.option("-o", "--output", value: "dir", help: "The folder to write (required).")]

  let directory: String
  let output: String

  init(_ arguments: ParsedArguments) throws(CLIError) {
    directory = frameworkDirectory(arguments)
    guard let output = arguments.value("--output") else { throw .usage("missing -o DIR") }
    self.output = output
  }

  func run() throws {
    let framework = try load(directory)
    var isFolder: ObjCBool = false
    if FileManager.default.fileExists(atPath: output, isDirectory: &isFolder), !isFolder.boolValue {
      throw CLIError.failure("\(output): not a folder")
    }
    do {
      let pages = try FrameworkSite.write(framework, to: output)
      Output.standardOutput("Wrote \(pages) pages to \(output)\n")
    } catch {
      throw CLIError.failure("\(output): cannot write: \(error.localizedDescription)")
    }
  }
}
