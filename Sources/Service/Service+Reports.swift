import CohortPlanning
import Competency
import Foundation
import GapAnalysis
import JSON
import Records
import Reports
import Workforce

/// Whose group report: a team (naming people), an agency, a region or the whole network
/// (aggregates, counts below 5 suppressed).
public enum ReportScope: Sendable, Hashable {
  case team(String)
  case agency(String)
  case region(String)
  case network
}

extension Service {
  /// One practitioner's gaps against their role and the training that closes them.
  public func gap(_ id: String, asOf: Day, language: String) throws(RecordsError) -> PersonGapReport {
    _ = try person(id) { .readRecords($0) }
    let workforce = try store.workforce(catalog: model.catalog, framework: framework, filter: .people([id]))
    guard !workforce.people.isEmpty else { throw .invalid("practitioner", .unknown, "unknown practitioner \"\(id)\"") }
    let analysis = GapAnalyser(model: model, asOf: asOf).analyse(workforce, person: 0)
    return PersonGapReport(
      person: workforce.people[0], analysis: analysis, asOf: asOf, context: ReportContext(model: model, language: language))
  }

  /// Who a scope covers, checked against the framework and the access model.
  func people(in scope: ReportScope) throws(RecordsError) -> (Scope, PeopleFilter) {
    switch scope {
    case .team(let team):
      try actor.require(.readTeam(team))
      return (.team(team), .team(team))
    case .agency(let agency):
      try actor.require(.readAggregates)
      guard framework.agency(agency) != nil else {
        throw .invalid("agency", .unknown, "unknown agency \"\(agency)\" (see 'cpd framework list agencies')")
      }
      return (.agency(agency), .agencies([agency]))
    case .region(let region):
      try actor.require(.readAggregates)
      guard framework.regions.contains(where: { $0.id == region }) else {
        throw .invalid(
          "region", .unknown, "unknown region \"\(region)\" (expected \(framework.regions.map(\.id).joined(separator: ", ")))")
      }
      return (.region(region), .agencies(framework.agencies(inRegion: region).map(\.id)))
    case .network:
      try actor.require(.readAggregates)
      return (.network, .everyone)
    }
  }

  /// The totals behind a group report.
  public func groupReport(_ scope: ReportScope, asOf: Day, plans: Bool = true) throws(RecordsError) -> GroupReport {
    let (scope, filter) = try people(in: scope)
    let workforce = try store.workforce(catalog: model.catalog, framework: framework, filter: filter)
    guard !workforce.people.isEmpty else { throw .invalid(scope.kind, .unknown, "nobody in \"\(scope.name)\"") }
    return GroupAnalysis.report(workforce, scope: scope, model: model, asOf: asOf, plans: plans)
  }

  /// A team, agency, region or network report.
  public func report(_ scope: ReportScope, asOf: Day, language: String) throws(RecordsError) -> GroupReportDocument {
    GroupReportDocument(report: try groupReport(scope, asOf: asOf), context: ReportContext(model: model, language: language))
  }
}

/// The limits a cohort plan is made within; nil keeps the default (or the instance's own).
public struct PlanLimits: Sendable {
  public var budget: Int?
  public var maxHoursPerPerson: Double?
  public var minAgencyTypes: Int?
  public var regions: [String]
  /// Seconds the solver may take (nil: `CohortPlanner.defaultTimeLimit`).
  public var timeLimit: Double?

  public init(
    budget: Int? = nil, maxHoursPerPerson: Double? = nil, minAgencyTypes: Int? = nil, regions: [String] = [],
    timeLimit: Double? = nil
  ) {
    self.budget = budget
    self.maxHoursPerPerson = maxHoursPerPerson
    self.minAgencyTypes = minAgencyTypes
    self.regions = regions
    self.timeLimit = timeLimit
  }

  public static let defaultBudget = 100
  public static let defaultMinAgencyTypes = 2
  /// The solver's time limit in `cpd demo`.
  public static let demoTimeLimit = 5.0
}

/// A plan and everything needed to show it.
public struct PlannedCohorts: Sendable {
  public var instance: PlanningInstance
  public var plan: CohortPlan
  public var seconds: Double
  public var document: CohortPlanDocument
}

/// Planning errors that are not about records.
public enum PlanningError: Error, Sendable, CustomStringConvertible {
  /// A planning instance file is wrong; one line per problem.
  case invalidInstance([String])
  /// The planner broke its own rules (a bug, never shown as a plan).
  case brokenPlan(String)

  public var description: String {
    switch self {
    case .invalidInstance(let problems): problems.joined(separator: "; ")
    case .brokenPlan(let message): message
    }
  }
}

extension Service {
  /// Refuses, before any work, a plan the actor may not make or whose regions are unknown.
  public func checkPlan(_ limits: PlanLimits) throws(RecordsError) {
    try actor.require(.readAggregates)
    for region in limits.regions where !framework.regions.contains(where: { $0.id == region }) {
      throw .invalid(
        "region", .unknown, "unknown region \"\(region)\" (expected \(framework.regions.map(\.id).joined(separator: ", ")))")
    }
  }

  /// Everyone's demand for training (in the chosen regions), as a planning instance.
  public func planningInstance(asOf: Day, limits: PlanLimits, progress: ((String) -> Void)? = nil) throws(RecordsError)
    -> PlanningInstance
  {
    try checkPlan(limits)
    let filter: PeopleFilter =
      limits.regions.isEmpty ? .everyone : .agencies(limits.regions.flatMap { framework.agencies(inRegion: $0).map(\.id) })
    progress?("Reading the records...")
    let workforce = try store.workforce(catalog: model.catalog, framework: framework, filter: filter)
    progress?("Analysing \(workforce.people.count) people's gaps...")
    return PlanningInstance.demand(
      workforce, model: model, asOf: asOf, budget: limits.budget ?? PlanLimits.defaultBudget,
      minAgencyTypes: limits.minAgencyTypes ?? PlanLimits.defaultMinAgencyTypes, maxHoursPerPerson: limits.maxHoursPerPerson)
  }

  /// The network's cohort plan from everyone's gaps.
  public func plan(asOf: Day, limits: PlanLimits, language: String, progress: ((String) -> Void)? = nil) throws
    -> PlannedCohorts
  {
    let instance = try planningInstance(asOf: asOf, limits: limits, progress: progress)
    return try Planning.plan(
      instance, frameworks: workspace.frameworks, language: language, timeLimit: limits.timeLimit, progress: progress)
  }
}

/// Planning that needs no store: from an instance file.
public enum Planning {
  /// Reads a planning instance; every problem names its field.
  public static func readInstance(_ bytes: [UInt8], file: String) throws(PlanningError) -> PlanningInstance {
    let value: JSONValue
    do {
      value = try JSONParser.parse(bytes)
    } catch {
      throw .invalidInstance(["\(file): not JSON: \(error)"])
    }
    let (instance, problems) = PlanningInstance.read(value)
    guard let instance else { throw .invalidInstance(problems.map { "\(file): \($0)" }) }
    return instance
  }

  /// The instance with the limits given replacing its own, and only the chosen regions' people.
  public static func applying(_ limits: PlanLimits, to instance: PlanningInstance, file: String) throws(PlanningError)
    -> PlanningInstance
  {
    var instance = instance
    if let budget = limits.budget { instance.budget = budget }
    if let hours = limits.maxHoursPerPerson { instance.maxHoursPerPerson = hours }
    if let k = limits.minAgencyTypes { instance.minAgencyTypes = k }
    for region in limits.regions where !instance.people.contains(where: { $0.region == region }) {
      throw .invalidInstance(["\(file): region: nobody in the instance is in region \"\(region)\""])
    }
    if !limits.regions.isEmpty { instance.people.removeAll { !limits.regions.contains($0.region) } }
    return instance
  }

  /// Plans, checks the plan against every rule, and makes its document (module titles and
  /// region names from the framework, when one is at hand).
  public static func plan(
    _ instance: PlanningInstance, frameworks: [Framework]?, language: String, timeLimit: Double? = nil,
    progress: ((String) -> Void)? = nil
  ) throws(PlanningError) -> PlannedCohorts {
    progress?("Planning \(instance.budget) cohorts...")
    let start = DispatchTime.now().uptimeNanoseconds
    let plan: CohortPlan
    do {
      plan = try CohortPlanner.checkedPlan(instance, timeLimit: timeLimit ?? CohortPlanner.defaultTimeLimit)
    } catch {
      throw .brokenPlan(error.description)
    }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    return PlannedCohorts(
      instance: instance, plan: plan, seconds: seconds,
      document: document(instance: instance, plan: plan, seconds: seconds, frameworks: frameworks, language: language))
  }

  /// A plan made once, shown in another language (the web page follows the reader's choice).
  public static func document(_ planned: PlannedCohorts, frameworks: [Framework]?, language: String) -> CohortPlanDocument {
    planned.document.language == language
      ? planned.document
      : document(instance: planned.instance, plan: planned.plan, seconds: planned.seconds, frameworks: frameworks, language: language)
  }

  static func document(instance: PlanningInstance, plan: CohortPlan, seconds: Double, frameworks: [Framework]?, language: String)
    -> CohortPlanDocument
  {
    var titles: [String: String] = [:]
    var quality: [String: String] = [:]
    var regionNames: [String: String] = [:]
    if let framework = frameworks?.first {
      for m in framework.modules {
        titles[m.id] = m.title.text(language)
        if let status = m.quality?.status { quality[m.id] = Labels.quality(status, language) }
      }
      for r in framework.regions { regionNames[r.id] = r.title.text(language) }
      regionNames[Agency.allWales] = Labels.text(.allWales, language)
    }
    return CohortPlanDocument(
      instance: instance, plan: plan, seconds: seconds, language: language, moduleTitles: titles, moduleQuality: quality,
      regionNames: regionNames)
  }
}
