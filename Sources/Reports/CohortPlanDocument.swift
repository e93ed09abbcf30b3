import CohortPlanning
import Foundation
import GapAnalysis
import JSON

/// A cohort plan for network planners: the cohorts wave by wave (members named by id, with their
/// agency), demand met and unmet, and how close the plan is to the best possible.
public struct CohortPlanDocument: Sendable {
  public let instance: PlanningInstance
  public let plan: CohortPlan
  /// Planning time, for the record.
  public var seconds: Double
  public var language: String
  /// Module titles, their quality-assurance status and region names in the chosen language,
  /// where the framework has them.
  public var moduleTitles: [String: String]
  public var moduleQuality: [String: String]
  public var regionNames: [String: String]
  /// Worked out once: demand by module and region with what the plan meets, and its totals.
  let demand: [ModuleDemandTally]
  let totalDemand: Double
  let demandPeople: Int

  public init(
    instance: PlanningInstance, plan: CohortPlan, seconds: Double, language: String = "en", moduleTitles: [String: String] = [:],
    moduleQuality: [String: String] = [:], regionNames: [String: String] = [:]
  ) {
    self.moduleQuality = moduleQuality
    self.instance = instance
    self.plan = plan
    self.seconds = seconds
    self.language = language
    self.moduleTitles = moduleTitles
    self.regionNames = regionNames
    demand = plan.demand(of: instance)
    totalDemand = instance.demand
    demandPeople = instance.people.filter { $0.candidates.contains { $0.weight > 0 } }.count
  }

  func label(_ key: Labels.Key) -> String { Labels.text(key, language) }
  func moduleID(_ m: Int) -> String { instance.modules[m].id }
  func moduleTitle(_ m: Int) -> String { moduleTitles[moduleID(m)] ?? instance.modules[m].title }
  /// The title with the module's status, for the tables people read.
  func moduleLabel(_ m: Int) -> String { moduleQuality[moduleID(m)].map { "\(moduleTitle(m)) (\($0))" } ?? moduleTitle(m) }
  func regionName(_ region: String?) -> String {
    guard let region else { return label(.remote) }
    return regionNames[region] ?? region
  }
  func figure(_ x: Double) -> String { JSONWriter.formatTenths(x) }


  /// How the plan was made, in the document's language.
  public var methodName: String {
    switch plan.method {
    case .exact: label(.planMethodExact)
    case .heuristic: label(.planMethodHeuristic)
    }
  }

  /// Whether the plan is proven best, how, or where its bound comes from and why it is not.
  var methodSentence: String {
    guard !plan.proven else { return label(.planExact) + " " + label(plan.proof == .bound ? .planProvenByBound : .planProvenBySolver) }
    var sentence = label(.planHeuristic) + " "
    sentence += label(plan.solverBound.map { $0 < plan.relaxationBound } ?? false ? .planBoundBySolver : .planBoundByRelaxation)
    guard let note = plan.note else { return sentence }
    // A later run can fail after an earlier one found a better plan than the greedy one.
    let stands = label(plan.source == .greedy ? .planGreedyStands : .planEarlierSolverStands)
    switch note {
    case .timeLimit: sentence += " " + label(.noteTimeLimit)
    case .tooLarge(let columns, let limit):
      // The template has two %@: the columns, then the limit.
      let parts = label(.noteTooLarge).components(separatedBy: "%@")
      sentence += " \(stands) " + parts[0] + String(columns) + parts[1] + String(limit) + parts[2]
    case .timeLimitBeforeBetterPlan: sentence += " \(stands) " + label(.noteTimeLimitBeforeBetterPlan)
    case .solverFailed: sentence += " \(stands) " + label(.noteSolverFailed)
    case .solverPlanRejected: sentence += " \(stands) " + label(.noteSolverPlanRejected)
    case .solverMissing: sentence += " \(stands) " + label(.noteSolverMissing)
    }
    return sentence
  }

  /// One line with the figures a planner checks first.
  var headline: String {
    let share = totalDemand > 0 ? " (\(figure(plan.objective / totalDemand * 100))%)" : ""
    return "\(label(.objective)): \(figure(plan.objective)) \(label(.of)) \(figure(totalDemand))\(share) · \(label(.upperBound)): \(figure(plan.bound)) · "
      + "\(label(.gapToBound)): \(figure(plan.gap)) (\(figure(plan.relativeGap * 100))%)"
  }

  var limitsLine: String {
    let hours = instance.maxHoursPerPerson.map { "≤ \(figure($0))" } ?? label(.unlimited)
    return "\(label(.budgetUsed)): \(plan.cohorts.count)/\(instance.budget) · \(label(.agencyTypes)) ≥ \(instance.minAgencyTypes) · "
      + "\(label(.hoursPerPerson)): \(hours) · \(methodName), \(String(format: "%.2f", seconds)) s"
  }

  func members(_ cohort: CohortPlan.Cohort) -> [String] {
    cohort.members.map { "\(instance.people[$0].id) (\(instance.people[$0].agency))" }
  }

  /// Cohorts as rows: number, wave, module, title, region, size, agency types, value.
  var cohortTable: Table {
    Table(
      headers: [
        label(.cohort), label(.wave), label(.module), label(.title), label(.region), label(.size), label(.agencyTypes), label(.value),
      ],
      rows: plan.cohorts.enumerated().map { n, c in
        [
          String(n + 1), String(c.wave), moduleID(c.module), moduleLabel(c.module), regionName(c.region), String(c.members.count),
          c.agencyTypes.joined(separator: ", "), figure(c.value),
        ]
      })
  }

  var unmetTable: Table {
    let rows = demand.filter { $0.unmetWeight > 1e-9 }.sorted { ($0.unmetWeight, $1.module) > ($1.unmetWeight, $0.module) }
    return Table(
      headers: [label(.module), label(.title), label(.region), label(.people), label(.demandUnmet), label(.demandMet)],
      rows: rows.map { t in
        [moduleID(t.module), moduleTitle(t.module), regionName(t.region), String(t.unmetPeople), figure(t.unmetWeight), figure(t.metWeight)]
      })
  }

  /// Demand met and unmet per module, largest demand first.
  var byModule: [(module: Int, met: Double, unmet: Double)] {
    var met: [Int: Double] = [:]
    var unmet: [Int: Double] = [:]
    for t in demand {
      met[t.module, default: 0] += t.metWeight
      unmet[t.module, default: 0] += t.unmetWeight
    }
    return met.keys.map { ($0, met[$0]!, unmet[$0]!) }.sorted { ($0.met + $0.unmet, $1.module) > ($1.met + $1.unmet, $0.module) }
  }

  public var text: String {
    let delivery = plan.delivery(of: instance)
    var out = "\(label(.cohortPlan)) (\(label(.asOf).lowercased()) \(instance.asOf))\n\(headline)\n\(limitsLine)\n"
    out += "\(label(.peopleTrained)): \(delivery.people) · \(label(.places)): \(delivery.places) · \(label(.hoursPlanned)): \(figure(delivery.hours))\n"
    out += methodSentence + "\n\n"
    out += plan.cohorts.isEmpty ? label(.none) + "\n" : cohortTable.text
    let unmixed = plan.cohorts.enumerated().filter { $0.element.unmixedReason != nil }
    if !unmixed.isEmpty {
      out += "\n\(label(.unmixedCohorts)):\n"
      for (n, c) in unmixed { out += "  \(label(.cohort)) \(n + 1) (\(moduleID(c.module))): \(c.unmixedReason!)\n" }
    }
    var unmet = unmetTable
    if !unmet.rows.isEmpty {
      let shown = min(15, unmet.rows.count)
      out += "\n\(label(.unmetDemand)) (\(shown)/\(unmet.rows.count)):\n"
      unmet.rows = Array(unmet.rows.prefix(shown))
      out += unmet.text
    }
    return out
  }

  public var json: JSONValue {
    let delivery = plan.delivery(of: instance)
    let cohorts: [JSONValue] = plan.cohorts.enumerated().map { n, c in
      [
        "number": .int(n + 1), "wave": .int(c.wave), "module": .string(moduleID(c.module)), "title": .string(moduleTitle(c.module)),
        "region": c.region.map { .string($0) } ?? .null, "size": .int(c.members.count), "agencyTypes": .strings(c.agencyTypes),
        "value": .number(c.value), "unmixedReason": c.unmixedReason.map { .string($0) } ?? .null,
        "members": .array(
          c.members.map { p in
            let person = instance.people[p]
            let weight = person.candidates.first { $0.module == c.module }?.weight ?? 0
            return [
              "person": .string(person.id), "agency": .string(person.agency), "agencyType": .string(person.agencyType),
              "weight": .number(weight),
            ]
          }),
      ]
    }
    let unmet: [JSONValue] = demand.filter { $0.unmetWeight > 1e-9 }.map { t in
      [
        "module": .string(moduleID(t.module)), "region": .string(t.region), "people": .int(t.unmetPeople),
        "weight": .number((t.unmetWeight * 1000).rounded() / 1000),
      ]
    }
    return [
      "asOf": .string(instance.asOf), "method": .string(plan.method.rawValue),
      "objective": .number((plan.objective * 1000).rounded() / 1000), "bound": .number((plan.bound * 1000).rounded() / 1000),
      "gap": .number((plan.gap * 1000).rounded() / 1000), "relativeGap": .number((plan.relativeGap * 10000).rounded() / 10000),
      "guarantee": .string(methodSentence),
      "budget": .int(instance.budget), "cohortsUsed": .int(plan.cohorts.count), "waves": .int(plan.waves),
      "minAgencyTypes": .int(instance.minAgencyTypes), "maxHoursPerPerson": instance.maxHoursPerPerson.map { .number($0) } ?? .null,
      "seconds": .number((seconds * 1000).rounded() / 1000), "searchNodes": .int(plan.searchNodes), "proven": .bool(plan.proven),
      "solver": [
        "plan": .string(plan.source.rawValue), "proof": plan.proof.map { .string($0.rawValue) } ?? .null, "runs": .int(plan.solverRuns),
        "seconds": .number((plan.solverSeconds * 1000).rounded() / 1000),
        "bound": plan.solverBound.map { .number(($0 * 1000).rounded() / 1000) } ?? .null,
        "relaxationBound": .number((plan.relaxationBound * 1000).rounded() / 1000),
        "note": plan.note.map { .string($0.description) } ?? .null,
      ],
      "totals": [
        "demandPeople": .int(demandPeople), "demandWeight": .number((totalDemand * 1000).rounded() / 1000),
        "peopleTrained": .int(delivery.people), "places": .int(delivery.places), "hours": .number(delivery.hours),
      ],
      "cohorts": .array(cohorts), "unmet": .array(unmet),
    ]
  }

  /// One row per place: cohort, wave, module, region, person, agency, agency type, weight.
  public var csv: String {
    var table = Table(headers: ["cohort", "wave", "module", "title", "region", "person", "agency", "agency_type", "weight"])
    for (n, c) in plan.cohorts.enumerated() {
      for p in c.members {
        let person = instance.people[p]
        let weight = person.candidates.first { $0.module == c.module }?.weight ?? 0
        table.rows.append([
          String(n + 1), String(c.wave), moduleID(c.module), moduleTitle(c.module),
          language == "cy" ? regionName(c.region) : c.region ?? "remote", person.id, person.agency,
          person.agencyType, figure(weight),
        ])
      }
    }
    return table.csv
  }

  public var markdown: String {
    var out = "# \(label(.cohortPlan))\n\n\(Table.markdownText(headline))\n\n\(Table.markdownText(limitsLine))\n\n"
      + "\(Table.markdownText(methodSentence))\n"
    for wave in 1...max(1, plan.waves) where !plan.cohorts.isEmpty {
      out += "\n## \(label(.wave)) \(wave)\n\n"
      let rows = plan.cohorts.enumerated().filter { $0.element.wave == wave }
      var table = Table(headers: [label(.cohort), label(.module), label(.region), label(.size), label(.agencyTypes), label(.value), label(.members)])
      for (n, c) in rows {
        table.rows.append([
          String(n + 1), "\(moduleID(c.module)) \(moduleLabel(c.module))", regionName(c.region), String(c.members.count),
          c.agencyTypes.joined(separator: ", "), figure(c.value), members(c).joined(separator: ", "),
        ])
      }
      out += table.markdown
    }
    let unmixed = plan.cohorts.enumerated().filter { $0.element.unmixedReason != nil }
    out += "\n## \(label(.unmixedCohorts))\n\n"
    out +=
      unmixed.isEmpty
      ? label(.unmixedNone) + "\n"
      : unmixed.map {
        "- \(label(.cohort)) \($0.offset + 1) (\(Table.markdownText(moduleID($0.element.module)))): "
          + "\(Table.markdownText($0.element.unmixedReason!))\n"
      }.joined()
    out += "\n## \(label(.unmetDemand))\n\n" + (unmetTable.rows.isEmpty ? label(.none) + "\n" : unmetTable.markdown)
    return out
  }

  public var html: String {
    let delivery = plan.delivery(of: instance)
    let title = "\(label(.cohortPlan)): \(instance.asOf)"
    var body = "<h1>\(HTML.escape(label(.cohortPlan)))</h1><p class=\"meta\">\(HTML.escape(label(.asOf))) \(HTML.escape(instance.asOf)) · \(HTML.escape(limitsLine))</p>"
    body += "<div class=\"cards\">"
    for (name, value) in [
      (label(.objective), figure(plan.objective)), (label(.upperBound), figure(plan.bound)),
      (label(.gapToBound), "\(figure(plan.relativeGap * 100))%"), (label(.cohorts), "\(plan.cohorts.count)/\(instance.budget)"),
      (label(.peopleTrained), String(delivery.people)), (label(.places), String(delivery.places)),
    ] {
      body += "<div class=\"card\">\(HTML.escape(name))<b>\(HTML.escape(value))</b></div>"
    }
    body += "</div><p class=\"note\">\(HTML.escape(methodSentence)) \(HTML.escape(headline))</p>"
    body += "<h2>\(HTML.escape(label(.demandByModule)))</h2>"
    body += HTML.splitBarChart(
      byModule.prefix(25).map { (moduleID($0.module) + " " + moduleTitle($0.module), $0.met, $0.unmet, "\(figure($0.met)) / \(figure($0.met + $0.unmet))") },
      description: label(.demandMetChartAlt), doneLabel: label(.demandMet), toDoLabel: label(.demandUnmet))
    if plan.cohorts.isEmpty { body += "<p>\(HTML.escape(label(.none)))</p>" }
    for wave in 1...max(1, plan.waves) where !plan.cohorts.isEmpty {
      body += "<h2>\(HTML.escape(label(.wave))) \(wave)</h2>"
      let rows = plan.cohorts.enumerated().filter { $0.element.wave == wave }.map { n, c -> [String] in
        let list = members(c).map(HTML.escape).joined(separator: ", ")
        return [
          String(n + 1), "\(HTML.escape(moduleID(c.module)))<br>\(HTML.escape(moduleLabel(c.module)))", regionName(c.region),
          String(c.members.count), c.agencyTypes.joined(separator: ", ") + (c.unmixedReason == nil ? "" : " ⚠"), figure(c.value),
          "<details><summary>\(c.members.count) \(HTML.escape(label(.members).lowercased()))</summary>\(list)</details>",
        ]
      }
      body += HTML.table(
        [label(.cohort), label(.module), label(.region), label(.size), label(.agencyTypes), label(.value), label(.members)], rows,
        numeric: [3, 5], markup: [1, 6])
    }
    body += "<h2>\(HTML.escape(label(.unmixedCohorts)))</h2>"
    let unmixed = plan.cohorts.enumerated().filter { $0.element.unmixedReason != nil }
    body += unmixed.isEmpty
      ? "<p>\(HTML.escape(label(.unmixedNone)))</p>"
      : HTML.table(
        [label(.cohort), label(.module), label(.region), label(.reason)],
        unmixed.map { [String($0.offset + 1), moduleID($0.element.module), regionName($0.element.region), $0.element.unmixedReason!] })
    body += "<h2>\(HTML.escape(label(.unmetDemand)))</h2>"
    let unmet = unmetTable
    body += unmet.rows.isEmpty ? "<p>\(HTML.escape(label(.none)))</p>" : HTML.table(unmet.headers, unmet.rows, numeric: [3, 4, 5])
    body += "<footer>\(HTML.escape(label(.generated)))</footer>"
    return HTML.page(title: title, language: language, body: body)
  }
}
