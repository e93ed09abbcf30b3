import Foundation
import MixedInteger
import Workforce

/// Forms cohorts from everyone's wanted modules to deliver the most priority-weighted gap closure
/// within the budget of cohorts, the cohort sizes, each person's hours, prerequisites (planned in
/// an earlier wave, or already completed) and agency mixing.
///
/// First a greedy plan: repeatedly run the cohort worth most (by weight, plus a share of what
/// prerequisites unlock), top cohorts up, drop cohorts that turned out to deliver nothing and
/// spend the budget again. How much unlocking counts is a judgement, so several settings are tried
/// (in parallel) and the best plan kept. When it meets the bound the planner works out itself
/// (`PlanningProblem.upperBound()`), it is proven best and the solver is not needed.
///
/// Otherwise the instance goes to COIN-OR CBC as a mixed-integer programme (see
/// `PlanningProblem.programme(exactMixing:)`), started from the best plan so far. The first
/// programme leaves the agency-mixing rule out: that makes it much quicker to solve, and it is a
/// relaxation, so CBC's bound holds for every plan. Its best plan usually keeps the rule anyway;
/// where a module and region's cohorts cannot be mixed, they are mended (a member of a missing
/// type swapped in) and the programme is solved again with the rule, exactly, on those keys. This
/// repeats until the solver's plan keeps every rule, the best plan meets the bound, or the time
/// limit comes. A plan is proven best when it meets a bound: the solver's, on a programme it
/// searched to the end, or the planner's own.
public enum CohortPlanner {
  static let unlockFactors = [1.0, 0.5, 0.25, 0.1, 0.0]
  /// Seconds `plan` may take by default.
  public static let defaultTimeLimit = 30.0
  /// Programmes with more columns than this are not given to the solver (they would not be solved
  /// in any useful time): the greedy plan stands.
  public static let solverColumnLimit = 250_000

  /// A plan broke its own rules: a bug in the planner, never shown as a plan.
  public struct BrokenPlan: Error, CustomStringConvertible {
    public var violations: [String]
    public var description: String {
      "the planner broke its own rules (please report this): \(violations.first ?? "")"
    }
  }

  /// A plan, checked against every rule of the instance (by the plan checker, which works the
  /// rules out apart from the planner) before anyone sees it.
  public static func checkedPlan(_ instance: PlanningInstance, timeLimit: Double = defaultTimeLimit) throws(BrokenPlan) -> CohortPlan {
    let plan = plan(instance, timeLimit: timeLimit)
    let broken = plan.violations(of: instance)
    guard broken.isEmpty else { throw BrokenPlan(violations: broken) }
    return plan
  }

  /// The best plan found within about `timeLimit` seconds, with its bound and whether (and how) it
  /// is proven best.
  public static func plan(_ instance: PlanningInstance, timeLimit: Double = defaultTimeLimit) -> CohortPlan {
    let began = DispatchTime.now().uptimeNanoseconds
    func elapsed() -> Double { Double(DispatchTime.now().uptimeNanoseconds - began) / 1e9 }
    let problem = greedyProblem(instance)
    let relaxation = max(problem.objective, problem.upperBound())
    if relaxation <= problem.objective + provenTolerance(problem.objective) {
      return problem.output(problem.cohorts, bound: relaxation, proven: true, source: .greedy, proof: .bound, relaxationBound: relaxation)
    }
    var best = problem
    var source = CohortPlan.Source.greedy
    var bound = relaxation
    var solverBound: Double? = nil
    var exactMixing: Set<Int> = []
    var runs = 0
    var nodes = 0
    var seconds = 0.0
    var note: CohortPlan.Note? = nil
    while true {
      let left = timeLimit - elapsed()
      guard left > 0.05 else {
        note = source == .greedy ? .timeLimitBeforeBetterPlan : .timeLimit
        break
      }
      let programme = problem.programme(exactMixing: exactMixing)
      guard programme.program.columnCount <= solverColumnLimit else {
        note = .tooLarge(columns: programme.program.columnCount, limit: solverColumnLimit)
        break
      }
      let solution = programme.program.solve(.init(timeLimit: left).withEnvironment(), start: programme.values(of: best.cohorts, in: problem))
      runs += 1
      nodes += solution.nodes
      seconds += solution.seconds
      // A valid plan is a solution of every programme, so "infeasible" is a fault: nothing it says is used.
      guard !solution.failed && !solution.provenInfeasible else {
        note = solution.missing ? .solverMissing : .solverFailed
        break
      }
      if let proven = solution.provenOptimal ? solution.objective : solution.bound {
        solverBound = min(solverBound ?? .infinity, proven)
        bound = min(bound, proven)
      }
      guard let values = solution.values, let found = programme.cohorts(from: values, in: problem) else {
        note = source == .greedy ? .timeLimitBeforeBetterPlan : .timeLimit
        break
      }
      var candidate = problem
      candidate.adopt(found.cohorts)
      if found.unmixed.isEmpty || candidate.mendMixing() {
        candidate.tidy()
        if candidate.objective > best.objective + provenTolerance(best.objective) {
          let checked = candidate.output(candidate.cohorts, bound: bound, proven: false, source: .solver)
          if checked.violations(of: instance).isEmpty {
            best = candidate
            source = .solver
          } else {
            note = .solverPlanRejected
            break
          }
        }
      }
      if best.objective >= bound - provenTolerance(bound) { break }
      // The solver's plan keeps every rule but is not proven best: the time limit came.
      guard !found.unmixed.isEmpty, !exactMixing.isSuperset(of: found.unmixed) else {
        note = source == .greedy ? .timeLimitBeforeBetterPlan : .timeLimit
        break
      }
      exactMixing.formUnion(found.unmixed)
    }
    let proven = best.objective >= bound - provenTolerance(bound)
    // Proven by the solver when its bound is the one the plan meets.
    let solverProved = solverBound.map { $0 <= relaxation } ?? false
    return best.output(
      best.cohorts, bound: bound, proven: proven, source: source, proof: solverProved ? .solver : .bound, relaxationBound: relaxation,
      solverBound: solverBound, solverSeconds: seconds, solverRuns: runs, searchNodes: nodes, note: proven ? nil : note)
  }

  /// The greedy plan alone, with the relaxation bound.
  static func greedyPlan(_ instance: PlanningInstance) -> CohortPlan {
    let problem = greedyProblem(instance)
    let bound = max(problem.objective, problem.upperBound())
    let proven = bound <= problem.objective + provenTolerance(problem.objective)
    return problem.output(problem.cohorts, bound: bound, proven: proven, source: .greedy, proof: .bound, relaxationBound: bound)
  }

  /// The best of the greedy plans (one per unlock setting); on a tie, the one valuing unlocking most.
  static func greedyProblem(_ instance: PlanningInstance) -> PlanningProblem {
    let fresh = PlanningProblem(instance)
    let all = Parallel.map(parts: unlockFactors.count) { i in
      var attempt = fresh
      attempt.rank(unlockFactor: unlockFactors[i])
      attempt.planGreedily()
      return attempt
    }
    var problem = all[0]
    for attempt in all.dropFirst() where attempt.objective > problem.objective + 1e-9 { problem = attempt }
    return problem
  }

  /// Objectives this close count as equal (weights have six decimals; sums are rounded in the last places).
  static func provenTolerance(_ objective: Double) -> Double { 1e-7 * max(1, abs(objective)) }
}

extension PlanningProblem {
  /// The cohort key `k` would run best now, and its score (weight, or weight and unlocks): the eligible
  /// people with the most to gain, up to the maximum size, with people of other agency types
  /// swapped in where a group session needs them. Nil when no valid cohort can run.
  func bestCohort(key k: Int, from list: [Int], withUnlocks: Bool) -> (pairs: [Int], score: Double)? {
    let module = self.module(ofKey: k)
    var picked: [Int] = []
    var typeCounts = [Int](repeating: 0, count: typeNames.count)
    var distinct = 0
    var next = list.count
    for (i, x) in list.enumerated() where eligible(x) {
      guard picked.count < module.maxSize else {
        next = i
        break
      }
      picked.append(x)
      let t = typeOfPerson[pairs[x].person]
      if typeCounts[t] == 0 { distinct += 1 }
      typeCounts[t] += 1
    }
    if module.groupSession && distinct < min(instance.minAgencyTypes, keys[k].types) {
      let needed = typesAvailable(key: k, cohort: -1, cap: instance.minAgencyTypes)
      if distinct < needed {
        // The best eligible person of each type not yet in, until enough types are found.
        var extras: [Int] = []
        var found = typeCounts.map { $0 > 0 }
        for x in list[next...] where distinct + extras.count < needed && eligible(x) && !found[typeOfPerson[pairs[x].person]] {
          found[typeOfPerson[pairs[x].person]] = true
          extras.append(x)
        }
        for x in extras {
          if picked.count >= module.maxSize {
            // Make room by dropping the member with least to gain among a type that has others.
            guard let drop = picked.lastIndex(where: { typeCounts[typeOfPerson[pairs[$0].person]] > 1 }) else { break }
            typeCounts[typeOfPerson[pairs[picked[drop]].person]] -= 1
            picked.remove(at: drop)
          }
          picked.append(x)
          typeCounts[typeOfPerson[pairs[x].person]] = 1
          distinct += 1
        }
        if distinct < needed { return nil }
      }
    }
    guard !picked.isEmpty, picked.count >= module.minSize else { return nil }
    let score = picked.reduce(0.0) { $0 + (withUnlocks ? self.score($1) : pairs[$1].weight) }
    return (picked, score)
  }

  mutating func planGreedily() {
    var withUnlocks = true
    for _ in 0..<3 {
      spendBudget(withUnlocks: withUnlocks)
      topUp()
      guard dropIdleCohorts() > 0 else { break }
      // The budget freed is spent on what delivers now, not on what might unlock later.
      withUnlocks = false
    }
    tidy()
  }

  /// Takes `cohorts` as the plan.
  mutating func adopt(_ plan: [Cohort]) {
    for x in pairCohort.indices where pairCohort[x] >= 0 { hours[pairs[x].person] -= instance.modules[pairs[x].module].hours }
    pairCohort = Array(repeating: -1, count: pairs.count)
    cohorts = []
    for cohort in plan {
      cohorts.append(Cohort(key: cohort.key, pairs: []))
      for x in cohort.pairs { place(x, in: cohorts.count - 1) }
    }
  }

  /// Finishing touches that never lower the objective: places worth nothing and needed by no
  /// one are given up (where the cohort keeps its size and mix), cohorts left idle are dropped,
  /// members of cohorts of the same module and region are swapped so each draws on as many agency
  /// types as it can, and empty cohorts are removed.
  mutating func tidy() {
    for c in cohorts.indices {
      let minimum = module(ofKey: cohorts[c].key).minSize
      for x in cohorts[c].pairs.reversed() where pairs[x].weight == 0 && !isNeededFirst(x) && cohorts[c].pairs.count > minimum {
        unplace(x)
        if !mixesHold(key: cohorts[c].key) { place(x, in: c) }
      }
    }
    _ = dropIdleCohorts()
    mixCohorts()
    let kept = cohorts.filter { !$0.pairs.isEmpty }
    cohorts = kept
    for c in cohorts.indices { for x in cohorts[c].pairs { pairCohort[x] = c } }
  }

  /// Mends group-session cohorts that break the mixing rule: the eligible person of a missing
  /// agency type with most to gain joins, in place of the member with least to gain among a type
  /// the cohort has twice when it is full. False when a cohort cannot be mended.
  mutating func mendMixing() -> Bool {
    for _ in 0...pairs.count {
      guard let c = cohorts.indices.first(where: { !cohorts[$0].pairs.isEmpty && !isMixedEnough($0) }) else { return true }
      let k = cohorts[c].key
      var counts: [Int: Int] = [:]
      for y in cohorts[c].pairs { counts[typeOfPerson[pairs[y].person], default: 0] += 1 }
      let joining = keys[k].pairs.filter { pairCohort[$0] < 0 && counts[typeOfPerson[pairs[$0].person]] == nil && eligible($0) }
      guard let x = joining.max(by: { pairs[$0].weight < pairs[$1].weight }) else { return false }
      if cohorts[c].pairs.count >= module(ofKey: k).maxSize {
        let spare = cohorts[c].pairs.filter { counts[typeOfPerson[pairs[$0].person]]! > 1 && !isNeededFirst($0) }
        guard let y = spare.min(by: { pairs[$0].weight < pairs[$1].weight }) else { return false }
        unplace(y)
      }
      place(x, in: c)
    }
    return false
  }

  /// Whether a placed pair is a prerequisite of another place its person has.
  func isNeededFirst(_ x: Int) -> Bool {
    pairsOfPerson[pairs[x].person].contains { z in pairCohort[z] >= 0 && pairs[z].prerequisites.contains(x) }
  }

  /// Whether every cohort of a key keeps the mixing rule.
  func mixesHold(key k: Int) -> Bool {
    cohorts.indices.allSatisfy { cohorts[$0].key != k || cohorts[$0].pairs.isEmpty || isMixedEnough($0) }
  }

  /// Swaps members between group-session cohorts of the same module and region while that
  /// gives a cohort short of K agency types one more type without taking one the other needs.
  /// Sizes, hours, prerequisites and the objective stay as they are.
  mutating func mixCohorts() {
    let K = instance.minAgencyTypes
    var byKey: [Int: [Int]] = [:]
    for c in cohorts.indices where !cohorts[c].pairs.isEmpty && module(ofKey: cohorts[c].key).groupSession {
      byKey[cohorts[c].key, default: []].append(c)
    }
    func types(_ c: Int) -> [Int: Int] {
      var counts: [Int: Int] = [:]
      for x in cohorts[c].pairs { counts[typeOfPerson[pairs[x].person], default: 0] += 1 }
      return counts
    }
    for group in byKey.values where group.count > 1 {
      var swaps = 0
      var improved = true
      while improved && swaps < 10_000 {
        improved = false
        search: for a in group where types(a).count < K {
          let inA = types(a)
          for b in group where b != a {
            let inB = types(b)
            // Someone from b of a type a lacks, whom b can spare...
            guard let x = cohorts[b].pairs.first(where: { x in
              let t = typeOfPerson[pairs[x].person]
              return inA[t] == nil && (inB[t]! > 1 || inB.count > K)
            }),
              // ...for someone from a of a type a has twice.
              let y = cohorts[a].pairs.last(where: { inA[typeOfPerson[pairs[$0].person]]! > 1 })
            else { continue }
            unplace(x)
            unplace(y)
            place(x, in: a)
            place(y, in: b)
            if mixesHold(key: cohorts[a].key) {
              improved = true
              swaps += 1
              break search
            }
            unplace(x)
            unplace(y)
            place(x, in: b)
            place(y, in: a)
          }
        }
      }
    }
  }

  /// Runs the best cohort, again and again, while the budget lasts and a cohort is worth running.
  mutating func spendBudget(withUnlocks: Bool) {
    var best: [(pairs: [Int], score: Double)?] = Array(repeating: nil, count: keys.count)
    var stale = [Bool](repeating: true, count: keys.count)
    // Each key's pairs that could still join a cohort: placed pairs and people out of hours are
    // dropped as they are met (both only grow while the budget is spent).
    var open = keys.map(\.pairs)
    var running = cohorts.filter { !$0.pairs.isEmpty }.count
    while running < instance.budget {
      var pick = -1
      for k in keys.indices {
        if stale[k] {
          dropClosedPairs(from: &open[k], key: k)
          best[k] = bestCohort(key: k, from: open[k], withUnlocks: withUnlocks)
          stale[k] = false
        }
        if let b = best[k], b.score > 1e-12, pick < 0 || b.score > best[pick]!.score + 1e-12 { pick = k }
      }
      guard pick >= 0 else { break }
      let c = cohorts.count
      cohorts.append(Cohort(key: pick, pairs: []))
      for x in best[pick]!.pairs { place(x, in: c) }
      running += 1
      // Only keys the new members want can have changed.
      stale[pick] = true
      for x in cohorts[c].pairs { for y in pairsOfPerson[pairs[x].person] { stale[pairs[y].key] = true } }
    }
  }

  /// Drops placed pairs and pairs out of hours from the front of a key's list, as far as a full
  /// cohort of eligible pairs reaches (the rest of the list is left for later).
  func dropClosedPairs(from list: inout [Int], key k: Int) {
    let module = self.module(ofKey: k)
    var write = 0
    var read = 0
    var eligibleSeen = 0
    while read < list.count && eligibleSeen < module.maxSize {
      let x = list[read]
      read += 1
      if pairCohort[x] >= 0 || hours[pairs[x].person] + module.hours > hoursLimit { continue }
      list[write] = x
      write += 1
      if eligible(x) { eligibleSeen += 1 }
    }
    if write < read { list.removeSubrange(write..<read) }
  }

  /// Fills cohorts with room: anyone eligible with something to gain, and people who could join
  /// with the prerequisites they lack, where cohorts of those have room too.
  mutating func topUp() {
    var changed = true
    while changed {
      changed = false
      for c in cohorts.indices where !cohorts[c].pairs.isEmpty {
        let k = cohorts[c].key
        let size = module(ofKey: k).maxSize
        for x in keys[k].pairs where cohorts[c].pairs.count < size && pairs[x].weight > 0 && pairCohort[x] < 0 {
          if eligible(x) {
            place(x, in: c)
            changed = true
          } else if joinWithPrerequisites(x, cohort: c) {
            changed = true
          }
        }
      }
    }
  }

  /// Places `x` in cohort `c` together with its missing prerequisites, each in a cohort of it with
  /// room, when the prerequisites need nothing else and the hours allow.
  mutating func joinWithPrerequisites(_ x: Int, cohort c: Int) -> Bool {
    let person = pairs[x].person
    var plan: [(pair: Int, cohort: Int)] = []
    var extra = instance.modules[pairs[x].module].hours
    for y in pairs[x].prerequisites where pairCohort[y] < 0 {
      guard pairs[y].prerequisites.allSatisfy({ pairCohort[$0] >= 0 }),
        let d = cohorts.indices.first(where: {
          cohorts[$0].key == pairs[y].key && !cohorts[$0].pairs.isEmpty
            && cohorts[$0].pairs.count < module(ofKey: pairs[y].key).maxSize
        })
      else { return false }
      plan.append((y, d))
      extra += instance.modules[pairs[y].module].hours
    }
    guard !plan.isEmpty, hours[person] + extra <= hoursLimit else { return false }
    for step in plan { place(step.pair, in: step.cohort) }
    place(x, in: c)
    return true
  }

  /// Empties cohorts that deliver nothing and that nobody needs as a prerequisite (prerequisite
  /// cohorts whose follow-on cohorts did not fit the budget), unless that would unsettle another
  /// cohort's agency mix. Returns how many were emptied.
  mutating func dropIdleCohorts() -> Int {
    var dropped = 0
    for c in cohorts.indices.reversed() where !cohorts[c].pairs.isEmpty && value(cohorts[c]) == 0 {
      let members = cohorts[c].pairs
      if members.contains(where: isNeededFirst) { continue }
      for x in members { unplace(x) }
      if mixesHold(key: cohorts[c].key) {
        dropped += 1
      } else {
        for x in members { place(x, in: c) }
      }
    }
    return dropped
  }

  /// The plan as the library hands it out: cohorts with waves, in wave order.
  func output(
    _ cohorts: [Cohort], bound: Double, proven: Bool, source: CohortPlan.Source, proof: CohortPlan.Proof? = nil,
    relaxationBound: Double? = nil, solverBound: Double? = nil, solverSeconds: Double = 0, solverRuns: Int = 0,
    searchNodes: Int = 0, note: CohortPlan.Note? = nil
  ) -> CohortPlan {
    var cohortOf = [Int](repeating: -1, count: pairs.count)
    for (c, cohort) in cohorts.enumerated() { for x in cohort.pairs { cohortOf[x] = c } }
    var rank = [Int](repeating: 0, count: instance.modules.count)
    for (i, m) in moduleOrder.enumerated() { rank[m] = i }
    var wave = [Int](repeating: 1, count: cohorts.count)
    for c in cohorts.indices.sorted(by: { rank[keys[cohorts[$0].key].module] < rank[keys[cohorts[$1].key].module] }) {
      for x in cohorts[c].pairs { for y in pairs[x].prerequisites where cohortOf[y] >= 0 { wave[c] = max(wave[c], wave[cohortOf[y]] + 1) } }
    }
    var result: [CohortPlan.Cohort] = []
    for (c, cohort) in cohorts.enumerated() {
      let key = keys[cohort.key]
      let module = instance.modules[key.module]
      let members = cohort.pairs.map { pairs[$0].person }.sorted()
      let types = Set(members.map { instance.people[$0].agencyType }).sorted()
      var reason: String? = nil
      if module.groupSession && types.count < instance.minAgencyTypes {
        let pool = Set(key.pairs.map { instance.people[pairs[$0].person].agencyType }).sorted()
        let place = key.region.map { "in \($0)" } ?? "anywhere"
        reason =
          pool.count < instance.minAgencyTypes
          ? "only \(pool.joined(separator: " and ")) staff \(place) want \(module.id) and can take it"
          : "the other agency types wanting \(module.id) \(place) are in other cohorts of it or have no hours to spare"
      }
      result.append(
        CohortPlan.Cohort(
          module: key.module, region: key.region, wave: wave[c], members: members, value: value(cohort), agencyTypes: types,
          unmixedReason: reason))
    }
    result.sort {
      ($0.wave, instance.modules[$0.module].id, $0.region ?? "", $0.members.first ?? 0)
        < ($1.wave, instance.modules[$1.module].id, $1.region ?? "", $1.members.first ?? 0)
    }
    let objective = result.reduce(0) { $0 + $1.value }
    return CohortPlan(
      cohorts: result, objective: objective, bound: proven ? objective : max(bound, objective), proven: proven, source: source,
      proof: proof, relaxationBound: relaxationBound, solverBound: solverBound, solverSeconds: solverSeconds, solverRuns: solverRuns,
      searchNodes: searchNodes, note: note)
  }
}
