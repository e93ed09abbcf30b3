import Competency
import Dispatch
import Foundation
import Workforce

/// Who a group report covers.
public enum Scope: Sendable, Hashable {
  case team(String)
  case agency(String)
  case region(String)
  case network

  /// Team reports name people; the others aggregate and suppress small counts.
  public var namesPeople: Bool {
    if case .team = self { return true }
    return false
  }

  public var kind: String {
    switch self {
    case .team: "team"
    case .agency: "agency"
    case .region: "region"
    case .network: "network"
    }
  }

  public var name: String {
    switch self {
    case .team(let t): t
    case .agency(let a): a
    case .region(let r): r
    case .network: "network"
    }
  }
}

/// Requirement outcomes for one competency, by priority and status.
public struct CompetencyTally: Sendable, Hashable {
  public var competency: Int32
  /// `counts[priority.rank][status index]`.
  public var counts: [[Int]]

  init(competency: Int32) {
    self.competency = competency
    counts = Array(repeating: Array(repeating: 0, count: GapStatus.allCases.count), count: Priority.allCases.count)
  }

  public func count(_ priority: Priority, _ status: GapStatus) -> Int {
    counts[Priority.allCases.firstIndex(of: priority)!][GapStatus.allCases.firstIndex(of: status)!]
  }

  public func count(_ status: GapStatus) -> Int { Priority.allCases.reduce(0) { $0 + count($1, status) } }
  public var total: Int { counts.reduce(0) { $0 + $1.reduce(0, +) } }
  /// Requirements met today (expiring ones are still met).
  public var met: Int { GapStatus.allCases.filter(\.isMet).reduce(0) { $0 + count($1) } }
  /// Open gaps: every requirement not met today.
  public var gaps: Int { GapStatus.allCases.filter(\.isOpenGap).reduce(0) { $0 + count($1) } }
}

/// One row of a heatmap: a person (team reports) or a region (network reports).
public struct HeatmapRow: Sendable, Hashable {
  /// The person's name, or the region's id (which a renderer names in its language).
  public var label: String
  /// The region a network row is about (an id of the framework's, `all-wales` or `unknown`).
  public var region: String?
  /// By column: requirements met and in all (nil where nobody in the row needs the competency).
  public var cells: [HeatmapCell?]
}

public struct HeatmapCell: Sendable, Hashable {
  public var met: Int
  public var total: Int
  /// For a person's cell: their status, required and evidenced levels.
  public var status: GapStatus?
  public var required: Int
  public var evidenced: Int
}

public struct ModuleDemand: Sendable, Hashable {
  public var module: Int
  public var people: Int
  public var hours: Double
  /// People for whom it serves a mandatory gap.
  public var mandatoryFor: Int
}

public struct StandardCoverage: Sendable, Hashable {
  public var standard: Int
  public var competencies: Int
  public var requirements: Int
  public var met: Int
}

/// One person's line in a team report.
public struct MemberSummary: Sendable {
  public var person: Person
  public var analysis: PersonAnalysis
}

/// What a team, agency, region or the network is missing, and what would close it.
public struct GroupReport: Sendable {
  public var scope: Scope
  public var asOf: Day
  public var people: Int
  public var requirements: Int
  public var byCompetency: [CompetencyTally]
  public var heatmapColumns: [Int32]
  public var heatmap: [HeatmapRow]
  public var modules: [ModuleDemand]
  public var pendingActivities: Int
  public var peopleWithPending: Int
  public var oldestPending: Day?
  /// Requirements met now that lapse within the warning window, by competency.
  public var expiring: [Int32: Int]
  public var standards: [StandardCoverage]
  public var overconfident: [Int32: Int]
  public var underconfident: [Int32: Int]
  public var workplaceNeeds: [Int32: Int]
  /// Team reports only: each person's analysis.
  public var members: [MemberSummary]
}

/// Analyses everyone in a workforce and totals the results for a scope.
public enum GroupAnalysis {
  /// Running totals over some of the people, in flat arrays indexed by competency, module and
  /// region (dictionaries keyed by strings would cost more than the analysis itself).
  struct Partial: Sendable {
    let competencies: Int
    let regions: Int
    /// By competency × priority × status.
    var counts: [Int]
    var required: [Bool]
    var requirements = 0
    var modulePeople: [Int]
    var moduleHours: [Double]
    var moduleMandatory: [Int]
    var pending = 0
    var peopleWithPending = 0
    var oldestPending: Day? = nil
    var expiring: [Int]
    var over: [Int]
    var under: [Int]
    var workplace: [Int]
    /// By region × competency.
    var regionMet: [Int]
    var regionTotal: [Int]
    var members: [MemberSummary] = []

    static let statuses = GapStatus.allCases.count
    static let priorities = Priority.allCases.count

    /// Where a priority and a status go in the flat counts: their order in `allCases`, as
    /// `CompetencyTally` reads them. Exhaustive, so a new case cannot be counted as another.
    static func index(_ p: Priority) -> Int {
      switch p {
      case .desirable: 0
      case .core: 1
      case .mandatory: 2
      }
    }

    static func index(_ s: GapStatus) -> Int {
      switch s {
      case .met: 0
      case .missing: 1
      case .below: 2
      case .expired: 3
      case .expiring: 4
      }
    }

    init(model: AnalysisModel) {
      competencies = model.catalog.count
      regions = model.regionIDs.count
      counts = Array(repeating: 0, count: competencies * Self.priorities * Self.statuses)
      required = Array(repeating: false, count: competencies)
      modulePeople = Array(repeating: 0, count: model.modules.count)
      moduleHours = Array(repeating: 0, count: model.modules.count)
      moduleMandatory = Array(repeating: 0, count: model.modules.count)
      expiring = Array(repeating: 0, count: competencies)
      over = expiring
      under = expiring
      workplace = expiring
      regionMet = Array(repeating: 0, count: regions * competencies)
      regionTotal = regionMet
    }

    mutating func merge(_ o: Partial) {
      for i in counts.indices { counts[i] += o.counts[i] }
      for i in required.indices { required[i] = required[i] || o.required[i] }
      requirements += o.requirements
      for i in modulePeople.indices {
        modulePeople[i] += o.modulePeople[i]
        moduleHours[i] += o.moduleHours[i]
        moduleMandatory[i] += o.moduleMandatory[i]
      }
      pending += o.pending
      peopleWithPending += o.peopleWithPending
      if let day = o.oldestPending, oldestPending.map({ day < $0 }) ?? true { oldestPending = day }
      for i in expiring.indices {
        expiring[i] += o.expiring[i]
        over[i] += o.over[i]
        under[i] += o.under[i]
        workplace[i] += o.workplace[i]
      }
      for i in regionMet.indices {
        regionMet[i] += o.regionMet[i]
        regionTotal[i] += o.regionTotal[i]
      }
      members += o.members
    }
  }

  /// Analyses `workforce` (already narrowed to the scope by the store) on one thread per core
  /// once it has `parallelFrom` people. `cache` holds plans solved for this model (a disabled one
  /// solves every person's plan afresh).
  public static func report(
    _ workforce: Workforce, scope: Scope, model: AnalysisModel, asOf: Day, plans: Bool = true, parallelFrom: Int = 2_000,
    cache shared: PlanCache = PlanCache()
  ) -> GroupReport {
    let count = workforce.people.count
    let parts = Parallel.parts(for: count, threshold: parallelFrom)
    let partials = Parallel.map(parts: parts) { part in
      let analyser = GapAnalyser(model: model, asOf: asOf, plans: shared)
      var partial = Partial(model: model)
      let range = (count * part / parts)..<(count * (part + 1) / parts)
      for person in range {
        let detail: PlanDetail = !plans ? .none : scope.namesPeople ? .full : .modules
        add(analyser.analyse(workforce, person: person, plan: detail), of: workforce, to: &partial, scope: scope, model: model)
      }
      return partial
    }
    var total = Partial(model: model)
    for p in partials { total.merge(p) }
    return finish(total, scope: scope, workforce: workforce, model: model, asOf: asOf)
  }

  static func add(_ a: PersonAnalysis, of workforce: Workforce, to t: inout Partial, scope: Scope, model: AnalysisModel) {
    let region = model.regionNumber(ofAgency: workforce.people[a.person].agency)
    for r in a.requirements {
      let c = Int(r.competency)
      t.counts[(c * Partial.priorities + Partial.index(r.priority)) * Partial.statuses + Partial.index(r.status)] += 1
      t.required[c] = true
      t.requirements += 1
      if r.status == .expiring { t.expiring[c] += 1 }
      t.regionTotal[region * t.competencies + c] += 1
      if r.status.isMet { t.regionMet[region * t.competencies + c] += 1 }
    }
    let mandatory = a.plan.mandatory
    a.plan.modules.forEach { m in
      t.modulePeople[m] += 1
      t.moduleHours[m] += model.modules[m].hours
      if mandatory.contains(m) { t.moduleMandatory[m] += 1 }
    }
    for need in a.plan.workplace { t.workplace[Int(need.competency)] += 1 }
    t.pending += a.pendingActivities
    if a.pendingActivities > 0 { t.peopleWithPending += 1 }
    if let day = a.oldestPending, t.oldestPending.map({ day < $0 }) ?? true { t.oldestPending = day }
    for m in a.mismatches {
      if m.overconfident { t.over[Int(m.competency)] += 1 } else { t.under[Int(m.competency)] += 1 }
    }
    if scope.namesPeople { t.members.append(MemberSummary(person: workforce.people[a.person], analysis: a)) }
  }

  static func finish(_ t: Partial, scope: Scope, workforce: Workforce, model: AnalysisModel, asOf: Day) -> GroupReport {
    // Columns: competencies anyone in scope is required to have, in framework order.
    let columns = t.required.indices.filter { t.required[$0] }.map { Int32($0) }
    let tallies = columns.map { c -> CompetencyTally in
      var tally = CompetencyTally(competency: c)
      // The tally orders priorities as Priority.allCases (desirable, core, mandatory) and
      // statuses as GapStatus.allCases (met, missing, below, expired, expiring), as here.
      for p in 0..<Partial.priorities {
        for s in 0..<Partial.statuses { tally.counts[p][s] = t.counts[(Int(c) * Partial.priorities + p) * Partial.statuses + s] }
      }
      return tally
    }
    var rows: [HeatmapRow] = []
    if scope.namesPeople {
      for member in t.members.sorted(by: { $0.person.name < $1.person.name }) {
        rows.append(
          HeatmapRow(
            label: member.person.name, region: nil,
            cells: columns.map { c in
              member.analysis.requirements.first { $0.competency == c }.map {
                HeatmapCell(met: $0.status.isMet ? 1 : 0, total: 1, status: $0.status, required: $0.required, evidenced: $0.evidenced)
              }
            }))
      }
    } else {
      for (r, region) in model.regionIDs.enumerated() {
        let base = r * t.competencies
        guard columns.contains(where: { t.regionTotal[base + Int($0)] > 0 }) else { continue }
        rows.append(
          HeatmapRow(
            label: region, region: region,
            cells: columns.map { c in
              let total = t.regionTotal[base + Int(c)]
              return total == 0 ? nil : HeatmapCell(met: t.regionMet[base + Int(c)], total: total, status: nil, required: 0, evidenced: 0)
            }))
      }
    }
    var standards: [StandardCoverage] = []
    for (s, standard) in model.framework.standards.enumerated() {
      let mapped = model.framework.competencies(mappedTo: standard.id).compactMap { model.catalog.index[$0.competency.id] }
      var requirements = 0
      var met = 0
      for c in mapped {
        if let tally = tallies.first(where: { $0.competency == c }) {
          requirements += tally.total
          met += tally.met
        }
      }
      standards.append(StandardCoverage(standard: s, competencies: mapped.count, requirements: requirements, met: met))
    }
    func byCompetency(_ values: [Int]) -> [Int32: Int] {
      var result: [Int32: Int] = [:]
      for (c, v) in values.enumerated() where v > 0 { result[Int32(c)] = v }
      return result
    }
    let modules = t.modulePeople.indices.filter { t.modulePeople[$0] > 0 }.map {
      ModuleDemand(module: $0, people: t.modulePeople[$0], hours: t.moduleHours[$0], mandatoryFor: t.moduleMandatory[$0])
    }
    return GroupReport(
      scope: scope, asOf: asOf, people: workforce.people.count, requirements: t.requirements, byCompetency: tallies,
      heatmapColumns: columns, heatmap: rows, modules: modules.sorted { ($0.people, $1.module) > ($1.people, $0.module) },
      pendingActivities: t.pending, peopleWithPending: t.peopleWithPending, oldestPending: t.oldestPending,
      expiring: byCompetency(t.expiring), standards: standards, overconfident: byCompetency(t.over),
      underconfident: byCompetency(t.under), workplaceNeeds: byCompetency(t.workplace),
      members: t.members.sorted { $0.person.name < $1.person.name })
  }
}
