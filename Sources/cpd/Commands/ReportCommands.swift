import Competency
import Foundation
import Reports
import Service

/// The options every report takes: analysis date, format (from the document's list), output,
/// language, store and frameworks.
struct ReportOptions: Sendable {
  static func options(_ formats: [Format]) -> [OptionSpec] {
    [DateOption.asOf, Format.option(formats), OutputOption.option, LanguageOption.option] + StoreCommandOptions.options
  }

  let asOf: Day
  let format: DocumentFormat
  let output: OutputOption
  let language: String
  let common: StoreCommandOptions

  init(_ arguments: ParsedArguments, formats: [Format]) throws(CLIError) {
    asOf = try DateOption(arguments).day
    format = try Format(arguments, allowed: formats).document!
    output = OutputOption(arguments)
    language = try LanguageOption(arguments).language
    common = StoreCommandOptions(arguments)
  }

  func write(_ document: some Document, for service: Service) throws {
    try Output.emit(document.render(format), to: output.file, for: service)
  }
}

struct Gap: Command {
  static let name = "gap"
  static let abstract = "Show what a practitioner is missing against their role, and the training that closes it."
  static let discussion: String? = """
    Each requirement of the role (with the agency's overlay) is met, missing, below, expired or expiring
    (falls below within 90 days). Only verified activities count; pending ones are shown. The recommended
    modules close every open gap with the least total hours, mandatory gaps first, prerequisites first.
    """
  static let arguments = [ArgumentSpec(name: "practitioner", help: "The practitioner id.")]
  static let formats = Format.documents(PersonGapReport.formats)
  static let options = ReportOptions.options(formats)

  let practitioner: String
  let report: ReportOptions

  init(_ arguments: ParsedArguments) throws(CLIError) {
    practitioner = arguments.positionals[0]
    report = try ReportOptions(arguments, formats: Self.formats)
  }

  func run() throws {
    let service = try report.common.service(.read)
    try report.write(try service.gap(practitioner, asOf: report.asOf, language: report.language), for: service)
  }
}

let reportGroup = CommandGroup(
  name: "report", abstract: "Write a person, team, agency, region or network gap report.",
  children: [
    .command(ReportPerson.self), .command(ReportGroup<TeamScope>.self), .command(ReportGroup<AgencyScope>.self),
    .command(ReportGroup<RegionScope>.self), .command(ReportNetwork.self),
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
  static func scope(_ value: String) -> ReportScope
}

enum TeamScope: ScopeKind {
  static let name = "team"
  static let abstract = "A team's report, naming people: a people × competency heatmap and each person's gaps."
  static let argument = ArgumentSpec(name: "team", help: "The team name (see 'cpd practitioner list').")
  static func scope(_ value: String) -> ReportScope { .team(value) }
}

enum AgencyScope: ScopeKind {
  static let name = "agency"
  static let abstract = "An agency's report, in aggregate (counts below 5 shown as <5)."
  static let argument = ArgumentSpec(name: "agency", help: "The agency id (see 'cpd framework list agencies').")
  static func scope(_ value: String) -> ReportScope { .agency(value) }
}

enum RegionScope: ScopeKind {
  static let name = "region"
  static let abstract = "A region's report: everyone in agencies based in it, in aggregate (counts below 5 shown as <5)."
  static let argument = ArgumentSpec(name: "region", help: "The region id (north-wales, dyfed-powys, gwent, south-wales).")
  static func scope(_ value: String) -> ReportScope { .region(value) }
}

struct ReportGroup<Kind: ScopeKind>: Command {
  static var name: String { Kind.name }
  static var abstract: String { Kind.abstract }
  static var arguments: [ArgumentSpec] { [Kind.argument] }
  static var formats: [Format] { Format.documents(GroupReportDocument.formats) }
  static var options: [OptionSpec] { ReportOptions.options(formats) }

  let scope: ReportScope
  let report: ReportOptions

  init(_ arguments: ParsedArguments) throws(CLIError) {
    scope = Kind.scope(arguments.positionals[0])
    report = try ReportOptions(arguments, formats: Self.formats)
  }

  func run() throws {
    let service = try report.common.service(.read)
    try report.write(try service.report(scope, asOf: report.asOf, language: report.language), for: service)
  }
}

struct ReportNetwork: Command {
  static let name = "network"
  static let abstract = "The whole network's report: a region × competency heatmap, in aggregate (counts below 5 shown as <5)."
  static let formats = Format.documents(GroupReportDocument.formats)
  static let options = ReportOptions.options(formats)

  let report: ReportOptions
  init(_ arguments: ParsedArguments) throws(CLIError) { report = try ReportOptions(arguments, formats: Self.formats) }

  func run() throws {
    let service = try report.common.service(.read)
    try report.write(try service.report(.network, asOf: report.asOf, language: report.language), for: service)
  }
}
