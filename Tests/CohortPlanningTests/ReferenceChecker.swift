@testable import CohortPlanning

/// A judge of plans written from the README's definition of a valid plan, sharing no code with the
/// planner or with `CohortPlan.violations`: what it says is what the README says.
///
/// A plan is valid when every cohort's members want its module and (unless it is remote) share its
/// region; sizes are within the module's; no one takes a module twice; no one's cohorts add up to
/// more than the hours cap; each member has each prerequisite completed or takes it in a cohort of
/// an earlier wave; each group-session cohort has at least min(K, T) agency types, T being the
/// agency types among the people of its region (every region, if remote) who want the module, can
/// take it and are in no other cohort of it; and there are at most `budget` cohorts.
struct ReferenceChecker {
  let instance: PlanningInstance

  func wants(_ person: Int, _ module: Int) -> Bool {
    instance.people[person].candidates.contains { $0.module == module }
  }

  func completed(_ person: Int, _ module: Int) -> Bool { instance.people[person].completed.contains(module) }

  /// Whether a person can take a module: they want it; each prerequisite is completed, or wanted
  /// and takeable in turn; and its hours with those of every prerequisite still to take fit the cap.
  func canTake(_ person: Int, _ module: Int) -> Bool {
    guard wants(person, module) else { return false }
    var toTake: Set<Int> = []
    func prerequisitesMet(_ m: Int, depth: Int) -> Bool {
      guard depth <= instance.modules.count else { return false }
      for q in instance.modules[m].prerequisites where !completed(person, q) {
        guard wants(person, q), prerequisitesMet(q, depth: depth + 1) else { return false }
        toTake.insert(q)
      }
      return true
    }
    guard prerequisitesMet(module, depth: 0) else { return false }
    guard let cap = instance.maxHoursPerPerson else { return true }
    let hours = instance.modules[module].hours + toTake.reduce(0) { $0 + instance.modules[$1].hours }
    return hours <= cap + 1e-9
  }

  /// Why the plan is invalid; empty when it is valid.
  func problems(_ plan: CohortPlan) -> [String] {
    var found: [String] = []
    if plan.cohorts.count > instance.budget { found.append("\(plan.cohorts.count) cohorts, budget \(instance.budget)") }
    var taken: [Int: [Int: Int]] = [:]  // person → module → wave
    var hours: [Int: Double] = [:]
    for (n, cohort) in plan.cohorts.enumerated() {
      let module = instance.modules[cohort.module]
      if cohort.members.count < module.minSize || cohort.members.count > module.maxSize {
        found.append("cohort \(n): \(cohort.members.count) members, size \(module.minSize)-\(module.maxSize)")
      }
      if !module.remote && cohort.region == nil { found.append("cohort \(n): a regional module with no region") }
      for p in cohort.members {
        if !wants(p, cohort.module) { found.append("cohort \(n): person \(p) does not want it") }
        if !module.remote && instance.people[p].region != cohort.region { found.append("cohort \(n): person \(p) from another region") }
        if taken[p, default: [:]][cohort.module] != nil { found.append("person \(p) takes module \(cohort.module) twice") }
        taken[p, default: [:]][cohort.module] = cohort.wave
        hours[p, default: 0] += module.hours
      }
    }
    if let cap = instance.maxHoursPerPerson {
      for (p, h) in hours where h > cap + 1e-9 { found.append("person \(p): \(h) hours, cap \(cap)") }
    }
    for (n, cohort) in plan.cohorts.enumerated() {
      let module = instance.modules[cohort.module]
      for p in cohort.members {
        for q in module.prerequisites where !completed(p, q) {
          guard let wave = taken[p]?[q], wave < cohort.wave else {
            found.append("cohort \(n): person \(p) lacks prerequisite \(q) before wave \(cohort.wave)")
            continue
          }
        }
      }
      guard module.groupSession else { continue }
      let inOtherCohorts = Set(
        plan.cohorts.enumerated().filter { $0.offset != n && $0.element.module == cohort.module }.flatMap(\.element.members))
      var pool: Set<String> = []
      for p in instance.people.indices where module.remote || instance.people[p].region == cohort.region {
        if canTake(p, cohort.module) && !inOtherCohorts.contains(p) { pool.insert(instance.people[p].agencyType) }
      }
      let types = Set(cohort.members.map { instance.people[$0].agencyType })
      if types.count < min(instance.minAgencyTypes, pool.count) {
        found.append("cohort \(n): \(types.count) agency types where \(min(instance.minAgencyTypes, pool.count)) were possible")
      }
    }
    return found
  }

  /// The plan's objective: every member's weight for the cohort's module.
  func objective(_ plan: CohortPlan) -> Double {
    plan.cohorts.reduce(0) { total, cohort in
      total + cohort.members.reduce(0) { sum, p in sum + (instance.people[p].candidates.first { $0.module == cohort.module }?.weight ?? 0) }
    }
  }
}
