import Competency
import GapAnalysis
import Foundation
import Workforce

extension PlanningInstance {
  /// The framework's modules as the planner sees them. E-learning is remote; classroom, workshop,
  /// action-learning and blended modules are group sessions that should mix agency types.
  public static func modules(of framework: Framework) -> [Module] {
    framework.modules.map { m in
      Module(
        id: m.id, title: m.title.en, mode: m.mode.rawValue, hours: m.hours, minSize: m.cohort.min, maxSize: m.cohort.max,
        remote: m.mode == .eLearning, groupSession: [.classroom, .workshop, .actionLearning, .blended].contains(m.mode),
        prerequisites: m.prerequisites.compactMap { framework.moduleIndex[$0] })
    }
  }

  /// Everyone's demand for training, from the gap analyser: each person's recommended modules,
  /// each weighted by the priority of the gaps it helps close (the framework's weights, by
  /// default mandatory 3, core 2, desirable 1). A gap closed by two modules together (say a
  /// course and on-the-job practice) gives each half its weight, so a person's weights add up
  /// to their gaps' weight; a module in the plan only as another's prerequisite weighs 0.
  /// People are analysed on one thread per core.
  public static func demand(
    _ workforce: Workforce, model: AnalysisModel, asOf: Day, budget: Int, minAgencyTypes: Int, maxHoursPerPerson: Double?
  ) -> PlanningInstance {
    let count = workforce.people.count
    let parts = Parallel.parts(for: count, threshold: 2_000)
    let shared = PlanCache()
    let weights = model.framework.priorityWeights
    let results = Parallel.map(parts: parts) { part in
      let analyser = GapAnalyser(model: model, asOf: asOf, plans: shared)
      var people: [Person] = []
      for p in (count * part / parts)..<(count * (part + 1) / parts) {
        let who = workforce.people[p]
        let analysis = analyser.analyse(workforce, person: p, plan: .full)
        guard !analysis.plan.steps.isEmpty else { continue }
        var modulesClosing: [Int32: Int] = [:]
        for step in analysis.plan.steps { for c in step.closes { modulesClosing[c, default: 0] += 1 } }
        let candidates = analysis.plan.steps.map { step -> Candidate in
          var weight = 0.0
          for c in step.closes {
            guard let requirement = analysis.requirements.first(where: { $0.competency == c }) else { continue }
            weight += (weights[requirement.priority] ?? 0) / Double(modulesClosing[c] ?? 1)
          }
          return Candidate(module: step.module, weight: (weight * 1_000_000).rounded() / 1_000_000)
        }
        let prerequisites = Set(analysis.plan.steps.flatMap { model.modules[$0.module].prerequisites })
        people.append(
          Person(
            id: who.id, agency: who.agency, agencyType: model.agencyType(of: who.agency) ?? "unknown",
            region: model.region(of: who.agency),
            completed: analysis.completedModules.filter { prerequisites.contains($0) }, candidates: candidates))
      }
      return people
    }
    return PlanningInstance(
      asOf: asOf.description, budget: budget, minAgencyTypes: minAgencyTypes, maxHoursPerPerson: maxHoursPerPerson,
      modules: modules(of: model.framework), people: results.flatMap { $0 })
  }
}
