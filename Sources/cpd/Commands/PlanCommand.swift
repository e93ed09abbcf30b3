import Competency
import Foundation
import GapAnalysis
import JSON
import Records
import Reports

struct Plan: Command {
  static let name = "plan"
  static let abstract = "Plan mixed-agency training cohorts for the network from everyone's gaps."
  static let discussion: String? = """
    Demand is each person's recommended modules (as 'cpd gap' gives them), weighted by the priority of
    the gaps each closes (mandatory 3, core 2, desirable 1, unless the framework sets other weights).
    A cohort is one delivery of one module in one region (e-learning runs across regions), within the
    module's cohort sizes. Each person takes a module at most once and is planned at most
    --max-hours-per-person hours; a module's prerequisites come in an earlier wave (or were completed).
    Classroom, workshop, action-learning and blended cohorts draw on at least K agency types wherever
    the people in that region wanting the module (and not in another cohort of it) span K types;
    cohorts that cannot be mixed are listed with the reason. At most N cohorts are run in total.

    What the planner guarantees: with at most \(CohortPlanner.exactPairLimit) person-module pairs, the plan is the best
    possible (an exhaustive branch-and-bound search, when it ends within \(CohortPlanner.exactNodeLimit) steps).
    Otherwise it is greedy, and every plan prints its objective (priority-weighted gap closure), an
    upper bound no plan can beat, and the gap between them.

    --export-instance FILE writes the planning problem as JSON (schema in the README) for any solver;
    --instance FILE plans from such a file without a store (--sessions, --max-hours-per-person and
    --min-agency-types, when given, replace the file's limits; --region keeps that region's people).
    Text output is a summary; JSON, CSV, Markdown and HTML list every cohort's members.
    """
  static let options = [
    Common.asOf,
    OptionSpec.option("--region", value: "region", help: "Plan for people in this region only (repeatable).", repeatable: true),
    OptionSpec.option("--sessions", value: "N", help: "The budget: at most N cohorts in total (default: 100)."),
    OptionSpec.option("--max-hours-per-person", value: "H", help: "Hours of training one person may be planned (default: no limit)."),
    OptionSpec.option("--min-agency-types", value: "K", help: "Agency types a group-session cohort should draw on (default: 2)."),
    Common.format([.text, .json, .csv, .html, .md], default: .text), Common.output, Common.lang,
    OptionSpec.option("--export-instance", value: "file", help: "Write the planning instance as JSON to this file, and stop."),
    OptionSpec.option("--instance", value: "file", help: "Plan from an instance file instead of the store."),
    Common.store, Common.framework,
  ]

  let arguments: ParsedArguments
  let format: Format
  let asOf: Day
  let language: String
  let budget: Int?
  let maxHours: Double?
  let minAgencyTypes: Int?

  init(_ arguments: ParsedArguments) throws(CLIError) {
    self.arguments = arguments
    format = try Format.parse(arguments.value("--format"), allowed: [.text, .json, .csv, .html, .md], default: .text)
    asOf = try Common.day(arguments)
    language = try Common.language(arguments)
    if let text = arguments.value("--sessions") {
      guard let n = Int(text), n >= 0 else { throw .usage("--sessions: '\(text)' is not a whole number of cohorts (0 or more)") }
      budget = n
    } else {
      budget = nil
    }
    if let text = arguments.value("--max-hours-per-person") {
      guard let h = Double(text), h > 0, h.isFinite else { throw .usage("--max-hours-per-person: '\(text)' is not a number of hours above 0") }
      maxHours = h
    } else {
      maxHours = nil
    }
    if let text = arguments.value("--min-agency-types") {
      guard let k = Int(text), k >= 1 else { throw .usage("--min-agency-types: '\(text)' is not a whole number of at least 1") }
      minAgencyTypes = k
    } else {
      minAgencyTypes = nil
    }
    if arguments.value("--instance") != nil && arguments.value("--export-instance") != nil {
      throw .usage("--instance and --export-instance cannot be used together")
    }
  }

  func run() throws {
    let regions = arguments.all("--region")
    var frameworks: [Framework]? = nil
    var instance: PlanningInstance
    if let file = arguments.value("--instance") {
      instance = try readInstance(file)
      if let budget { instance.budget = budget }
      if let maxHours { instance.maxHoursPerPerson = maxHours }
      if let minAgencyTypes { instance.minAgencyTypes = minAgencyTypes }
      for region in regions where !instance.people.contains(where: { $0.region == region }) {
        throw CLIError.data("\(file): region: nobody in the instance is in region \"\(region)\"")
      }
      if !regions.isEmpty { instance.people.removeAll { !regions.contains($0.region) } }
      // Welsh titles and region names come from the framework, when one is at hand.
      if language == "cy" { frameworks = try? Common.loadFrameworks(Common.frameworkPaths(arguments)) }
    } else {
      let w = try Workspace.open(arguments)
      frameworks = w.frameworks
      let model = AnalysisModel(frameworks: w.frameworks)
      for region in regions where !w.framework.regions.contains(where: { $0.id == region }) {
        throw RecordsError.invalid("region: unknown region \"\(region)\" (expected \(w.framework.regions.map(\.id).joined(separator: ", ")))")
      }
      let filter: PeopleFilter =
        regions.isEmpty ? .everyone : .agencies(w.framework.agencies.filter { $0.regions.first.map(regions.contains) ?? false }.map(\.id))
      if Output.stderrIsTerminal { Output.standardError("Reading the records...\n") }
      let workforce = try w.store.workforce(catalog: model.catalog, framework: w.framework, filter: filter)
      if Output.stderrIsTerminal { Output.standardError("Analysing \(workforce.people.count) people's gaps...\n") }
      instance = PlanningInstance.demand(
        workforce, model: model, asOf: asOf, budget: budget ?? 100, minAgencyTypes: minAgencyTypes ?? 2, maxHoursPerPerson: maxHours)
    }
    if let file = arguments.value("--export-instance") {
      try Output.emit(JSONWriter.string(instance.json), to: file)
      let wanted = instance.people.reduce(0) { $0 + $1.candidates.count }
      Output.standardOutput("\(file): \(instance.people.count) people wanting \(wanted) places on \(instance.modules.count) modules\n")
      return
    }
    if Output.stderrIsTerminal { Output.standardError("Planning \(instance.budget) cohorts...\n") }
    let start = DispatchTime.now().uptimeNanoseconds
    let plan = CohortPlanner.plan(instance)
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    // Every plan is checked against the rules before anyone sees it.
    let broken = plan.violations(of: instance)
    guard broken.isEmpty else { throw CLIError.failure("the planner broke its own rules (please report this): \(broken[0])") }
    var titles: [String: String] = [:]
    var regionNames: [String: String] = [:]
    if let framework = frameworks?.first {
      for m in framework.modules { titles[m.id] = m.title.text(language) }
      for r in framework.regions { regionNames[r.id] = r.title.text(language) }
    }
    let document = CohortPlanDocument(
      instance: instance, plan: plan, seconds: seconds, language: language, moduleTitles: titles, regionNames: regionNames)
    let text: String
    switch format {
    case .json: text = JSONWriter.string(document.json)
    case .csv: text = document.csv
    case .md: text = document.markdown
    case .html: text = document.html
    default: text = document.text
    }
    try Output.emit(text, to: arguments.value("--output"))
    // With the plan in a file, the figures that say how good it is still reach the terminal.
    if let file = arguments.value("--output"), file != "-" {
      Output.standardOutput(
        "\(file): \(plan.cohorts.count) cohorts in \(plan.waves) waves; objective \(JSONWriter.formatTenths(plan.objective)), "
          + "bound \(JSONWriter.formatTenths(plan.bound)), gap \(JSONWriter.formatTenths(plan.gap)) (\(JSONWriter.formatTenths(plan.relativeGap * 100))%), \(plan.method.rawValue), "
          + "\(String(format: "%.2f", seconds)) s\n")
    }
  }

  func readInstance(_ file: String) throws -> PlanningInstance {
    let (instance, problems) = PlanningInstance.read(try readJSON(file))
    guard let instance else { throw CLIError.data(problems.map { "\(file): \($0)" }) }
    return instance
  }
}
