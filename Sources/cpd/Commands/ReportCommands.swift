import Competency
import Foundation
import GapAnalysis
import JSON
import Records
import Reports
import Workforce

struct Gap: Command {
  static let name = "gap"
  static let abstract = "Show what a practitioner is missing against their role, and the training that closes it."
  static let discussion: String? = """
    Each requirement of the role (with the agency's overlay) is met, missing, below, expired or expiring
    (falls below within 90 days). Only verified activities count; pending ones are shown. The recommended
    modules close every open gap with the least total hours, mandatory gaps first, prerequisites first.
    """
  static let arguments = [ArgumentSpec(name: "practitioner", help: "The practitioner id.")]
  static let options = [
    Common.asOf, Common.format([.text, .json, .md, .html], default: .text), Common.output, Common.lang, Common.store,
    Common.framework,
  ]

  let arguments: ParsedArguments
  let format: Format
  let asOf: Day
  let language: String

  init(_ arguments: ParsedArguments) throws(CLIError) {
    self.arguments = arguments
    format = try Format.parse(arguments.value("--format"), allowed: [.text, .json, .md, .html], default: .text)
    asOf = try Common.day(arguments)
    language = try Common.language(arguments)
  }

  func run() throws {
    let w = try Workspace.open(arguments)
    let id = arguments.positionals[0]
    let (model, workforce) = try w.person(id)
    let analysis = GapAnalyser(model: model, asOf: asOf).analyse(workforce, person: 0)
    let report = PersonGapReport(
      person: workforce.people[0], analysis: analysis, asOf: asOf, context: ReportContext(model: model, language: language))
    let text: String
    switch format {
    case .json: text = JSONWriter.string(report.json)
    case .md: text = report.markdown
    case .html: text = report.html
    default: text = report.text
    }
    try Output.emit(text, to: arguments.value("--output"))
  }
}

let reportGroup = CommandGroup(
  name: "report", abstract: "Write a person, team, agency, region or network gap report.",
  children: [
    .command(ReportPerson.self), .command(ReportScope<TeamScope>.self), .command(ReportScope<AgencyScope>.self),
    .command(ReportScope<RegionScope>.self), .command(ReportNetwork.self),
  ])

struct ReportPerson: Command {
  static let name = "person"
  static let abstract = "One practitioner's gap report (as 'cpd gap')."
  static let arguments = Gap.arguments
  static let options = Gap.options
  let inner: Gap
  init(_ arguments: ParsedArguments) throws(CLIError) { inner = try Gap(arguments) }
  func run() throws { try inner.run() }
}

/// What distinguishes the team, agency and region reports.
protocol ScopeKind: Sendable {
  static var name: String { get }
  static var abstract: String { get }
  static var argument: ArgumentSpec { get }
  static func scope(_ value: String, framework: Framework) throws -> (Scope, PeopleFilter)
}

enum TeamScope: ScopeKind {
  static let name = "team"
  static let abstract = "A team's report, naming people: a people × competency heatmap and each person's gaps."
  static let argument = ArgumentSpec(name: "team", help: "The team name (see 'cpd practitioner list').")
  static func scope(_ value: String, framework: Framework) throws -> (Scope, PeopleFilter) { (.team(value), .team(value)) }
}

enum AgencyScope: ScopeKind {
  static let name = "agency"
  static let abstract = "An agency's report, in aggregate (counts below 5 shown as <5)."
  static let argument = ArgumentSpec(name: "agency", help: "The agency id (see 'cpd framework list agencies').")
  static func scope(_ value: String, framework: Framework) throws -> (Scope, PeopleFilter) {
    guard framework.agency(value) != nil else {
      throw RecordsError.invalid("agency: unknown agency \"\(value)\" (see 'cpd framework list agencies')")
    }
    return (.agency(value), .agencies([value]))
  }
}

enum RegionScope: ScopeKind {
  static let name = "region"
  static let abstract = "A region's report: everyone in agencies serving it, in aggregate (counts below 5 shown as <5)."
  static let argument = ArgumentSpec(name: "region", help: "The region id (north-wales, dyfed-powys, gwent, south-wales).")
  static func scope(_ value: String, framework: Framework) throws -> (Scope, PeopleFilter) {
    guard framework.regions.contains(where: { $0.id == value }) else {
      throw RecordsError.invalid("region: unknown region \"\(value)\" (expected \(framework.regions.map(\.id).joined(separator: ", ")))")
    }
    return (.region(value), .agencies(framework.agencies.filter { $0.regions.contains(value) }.map(\.id)))
  }
}

let reportOptions = [
  Common.asOf, Common.format([.html, .csv, .json, .md], default: .html), Common.output, Common.lang, Common.store,
  Common.framework,
]

/// Runs a group report for a scope and writes it in the chosen format.
func writeGroupReport(scope: Scope, filter: PeopleFilter, workspace w: Workspace, arguments: ParsedArguments) throws {
  let format = try Format.parse(arguments.value("--format"), allowed: [.html, .csv, .json, .md], default: .html)
  let asOf = try Common.day(arguments)
  let language = try Common.language(arguments)
  let model = AnalysisModel(frameworks: w.frameworks)
  let workforce = try w.store.workforce(catalog: model.catalog, framework: w.framework, filter: filter)
  guard !workforce.people.isEmpty else { throw RecordsError.invalid("\(scope.kind): nobody in \"\(scope.name)\"") }
  let report = GroupAnalysis.report(workforce, scope: scope, model: model, asOf: asOf)
  let document = GroupReportDocument(report: report, context: ReportContext(model: model, language: language))
  let text: String
  switch format {
  case .json: text = JSONWriter.string(document.json)
  case .csv: text = document.csv
  case .md: text = document.markdown
  default: text = document.html
  }
  try Output.emit(text, to: arguments.value("--output"))
}

struct ReportScope<Kind: ScopeKind>: Command {
  static var name: String { Kind.name }
  static var abstract: String { Kind.abstract }
  static var arguments: [ArgumentSpec] { [Kind.argument] }
  static var options: [OptionSpec] { reportOptions }

  let arguments: ParsedArguments
  init(_ arguments: ParsedArguments) throws(CLIError) {
    self.arguments = arguments
    _ = try Format.parse(arguments.value("--format"), allowed: [.html, .csv, .json, .md], default: .html)
    _ = try Common.day(arguments)
    _ = try Common.language(arguments)
  }

  func run() throws {
    let w = try Workspace.open(arguments)
    let (scope, filter) = try Kind.scope(arguments.positionals[0], framework: w.framework)
    try writeGroupReport(scope: scope, filter: filter, workspace: w, arguments: arguments)
  }
}

struct ReportNetwork: Command {
  static let name = "network"
  static let abstract = "The whole network's report: a region × competency heatmap, in aggregate (counts below 5 shown as <5)."
  static let options = reportOptions

  let arguments: ParsedArguments
  init(_ arguments: ParsedArguments) throws(CLIError) {
    self.arguments = arguments
    _ = try Format.parse(arguments.value("--format"), allowed: [.html, .csv, .json, .md], default: .html)
    _ = try Common.day(arguments)
  }

  func run() throws {
    try writeGroupReport(scope: .network, filter: .everyone, workspace: try Workspace.open(arguments), arguments: arguments)
  }
}
