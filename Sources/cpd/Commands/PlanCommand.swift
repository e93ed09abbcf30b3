import CohortPlanning
import Competency
import Foundation
import JSON
import Reports
import Service

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

    What the planner guarantees: every plan prints its objective (priority-weighted gap closure), an
    upper bound no plan within the limits can beat, the gap between them, and whether it is proven
    best. A greedy plan comes first; the mixed-integer solver (COIN-OR CBC) then improves it and
    narrows the bound for up to --time-limit seconds (default \(Int(CohortPlanner.defaultTimeLimit))). The plan is proven best
    when it meets the bound: the solver's, once it has searched to the end, or the planner's own.

    --export-instance FILE writes the planning problem as JSON (schema in the README) for any solver;
    --instance FILE plans from such a file without a store (--sessions, --max-hours-per-person and
    --min-agency-types, when given, replace the file's limits; --region keeps that region's people).
    Text output is a summary; JSON, CSV, Markdown and HTML list every cohort's members.
    """
  static let formats = Format.documents(CohortPlanDocument.formats)
  static let options =
    [
      DateOption.asOf,
      OptionSpec.option("--region", value: "region", help: "Plan for people in this region only (repeatable).", repeatable: true),
      OptionSpec.option("--sessions", value: "N", help: "The budget: at most N cohorts in total (default: 100)."),
      OptionSpec.option("--max-hours-per-person", value: "H", help: "Hours of training one person may be planned (default: no limit)."),
      OptionSpec.option("--min-agency-types", value: "K", help: "Agency types a group-session cohort should draw on (default: 2)."),
      OptionSpec.option(
        "--time-limit", value: "SECONDS", help: "Seconds the solver may take to improve the plan and prove it (default: \(Int(CohortPlanner.defaultTimeLimit)))."),
      Format.option(formats), OutputOption.option, LanguageOption.option,
      OptionSpec.option("--export-instance", value: "file", help: "Write the planning instance as JSON to this file, and stop."),
      OptionSpec.option("--instance", value: "file", help: "Plan from an instance file instead of the store."),
    ] + StoreCommandOptions.options

  let asOf: Day
  let limits: PlanLimits
  let format: DocumentFormat
  let output: OutputOption
  let language: String
  let exportInstance: String?
  let instanceFile: String?
  let common: StoreCommandOptions

  init(_ arguments: ParsedArguments) throws(CLIError) {
    asOf = try DateOption(arguments).day
    format = try Format(arguments, allowed: Self.formats).document!
    output = OutputOption(arguments)
    language = try LanguageOption(arguments).language
    var limits = PlanLimits(regions: arguments.all("--region"))
    if let text = arguments.value("--sessions") {
      guard let n = Int(text), n >= 0 else { throw .usage("--sessions: '\(text)' is not a whole number of cohorts (0 or more)") }
      limits.budget = n
    }
    if let text = arguments.value("--max-hours-per-person") {
      guard let h = Double(text), h > 0, h.isFinite else {
        throw .usage("--max-hours-per-person: '\(text)' is not a number of hours above 0")
      }
      limits.maxHoursPerPerson = h
    }
    if let text = arguments.value("--min-agency-types") {
      guard let k = Int(text), k >= 1 else { throw .usage("--min-agency-types: '\(text)' is not a whole number of at least 1") }
      limits.minAgencyTypes = k
    }
    if let text = arguments.value("--time-limit") {
      guard let t = Double(text), t >= 0, t.isFinite else { throw .usage("--time-limit: '\(text)' is not a number of seconds (0 or more)") }
      limits.timeLimit = t
    }
    self.limits = limits
    exportInstance = arguments.value("--export-instance")
    instanceFile = arguments.value("--instance")
    common = StoreCommandOptions(arguments)
  }

  func validate() throws(CLIError) {
    if instanceFile != nil && exportInstance != nil { throw .usage("--instance and --export-instance cannot be used together") }
  }

  func run() throws {
    let say: (String) -> Void = { if Output.stderrIsTerminal { Output.standardError($0 + "\n") } }
    let planned: PlannedCohorts
    var service: Service? = nil
    if let file = instanceFile {
      let instance = try Planning.applying(limits, to: try Planning.readInstance(try readInput(file), file: file), file: file)
      // Welsh titles and region names come from the framework, when one is at hand.
      let frameworks = language == "cy" ? try? common.frameworks.load() : nil
      planned = try Planning.plan(instance, frameworks: frameworks, language: language, timeLimit: limits.timeLimit, progress: say)
    } else {
      let opened = try common.service(.read)
      service = opened
      if let file = exportInstance {
        let instance = try opened.planningInstance(asOf: asOf, limits: limits, progress: say)
        try Output.emit(JSONWriter.string(instance.json), to: file, for: opened)
        let wanted = instance.people.reduce(0) { $0 + $1.candidates.count }
        Output.standardOutput("\(file): \(instance.people.count) people wanting \(wanted) places on \(instance.modules.count) modules\n")
        return
      }
      planned = try opened.plan(asOf: asOf, limits: limits, language: language, progress: say)
    }
    try Output.emit(planned.document.render(format), to: output.file, for: service)
    // With the plan in a file, the figures that say how good it is still reach the terminal.
    if let file = output.file {
      let plan = planned.plan
      Output.standardOutput(
        "\(file): \(plan.cohorts.count) cohorts in \(plan.waves) waves; objective \(JSONWriter.formatTenths(plan.objective)), "
          + "bound \(JSONWriter.formatTenths(plan.bound)), gap \(JSONWriter.formatTenths(plan.gap)) "
          + "(\(JSONWriter.formatTenths(plan.relativeGap * 100))%), \(planned.document.methodName), "
          + "\(String(format: "%.2f", planned.seconds)) s\n")
    }
  }
}
