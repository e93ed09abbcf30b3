import Testing

@testable import CohortPlanning

typealias Instance = PlanningInstance

func classroom(_ id: String, hours: Double = 6, min: Int = 1, max: Int = 20, prerequisites: [Int] = []) -> Instance.Module {
  Instance.Module(id: id, mode: "classroom", hours: hours, minSize: min, maxSize: max, remote: false, groupSession: true, prerequisites: prerequisites)
}

func elearning(_ id: String, hours: Double = 2, min: Int = 1, max: Int = 500) -> Instance.Module {
  Instance.Module(id: id, mode: "e-learning", hours: hours, minSize: min, maxSize: max, remote: true, groupSession: false)
}

func person(_ id: String, _ type: String, in region: String = "north", completed: [Int] = [], _ wants: [(Int, Double)]) -> Instance.Person {
  Instance.Person(
    id: id, agency: "\(type)-agency", agencyType: type, region: region, completed: completed,
    candidates: wants.map { Instance.Candidate(module: $0.0, weight: $0.1) })
}

func instance(
  budget: Int, k: Int = 2, hours: Double? = nil, _ modules: [Instance.Module], _ people: [Instance.Person]
) -> Instance {
  Instance(asOf: "2026-06-30", budget: budget, minAgencyTypes: k, maxHoursPerPerson: hours, modules: modules, people: people)
}

func memberIDs(_ cohort: CohortPlan.Cohort, _ i: Instance) -> [String] { cohort.members.map { i.people[$0].id } }

@Suite struct CohortPlanningTests {
  @Test func mixingAgenciesCanCostObjective() {
    // One classroom of at most 4. Four police officers gain 3 each, one council officer 1.
    // Unmixed, the four officers give 12; mixed (K = 2, and both types want it), the best is
    // three officers and the council officer: 10.
    let people = (1...4).map { person("pol\($0)", "police", [(0, 3)]) } + [person("la1", "local-authority", [(0, 1)])]
    let mixed = instance(budget: 1, k: 2, [classroom("A", max: 4)], people)
    let plan = CohortPlanner.plan(mixed)
    #expect(plan.method == .exact)
    #expect(plan.proven)
    #expect(plan.objective == 10)
    #expect(plan.bound == 10)
    #expect(plan.cohorts.count == 1)
    #expect(plan.cohorts[0].agencyTypes == ["local-authority", "police"])
    #expect(plan.cohorts[0].unmixedReason == nil)
    #expect(plan.violations(of: mixed).isEmpty)

    let unmixed = instance(budget: 1, k: 1, [classroom("A", max: 4)], people)
    let free = CohortPlanner.plan(unmixed)
    #expect(free.objective == 12)
    #expect(memberIDs(free.cohorts[0], unmixed) == ["pol1", "pol2", "pol3", "pol4"])
    // The relaxation bound for the mixed instance ignores mixing: it is 12, the greedy plan 10.
    let greedy = CohortPlanner.greedyPlan(mixed)
    #expect(greedy.method == .heuristic)
    #expect(greedy.source == .greedy)
    #expect(greedy.objective == 10)
    #expect(greedy.bound == 12)
    #expect(greedy.gap == 2)
  }

  /// The solver's first programme leaves mixing out, so its plan is the four officers (12); the
  /// planner mends it, solves again with the rule on that module and region, and proves 10.
  @Test func aPlanTheRelaxedProgrammeBreaksIsMendedAndProvenBySolvingAgain() {
    let people = (1...4).map { person("pol\($0)", "police", [(0, 3)]) } + [person("la1", "local-authority", [(0, 1)])]
    let mixed = instance(budget: 1, k: 2, [classroom("A", max: 4)], people)
    let plan = CohortPlanner.plan(mixed)
    #expect(plan.proven)
    #expect(plan.proof == .solver)
    #expect(plan.solverRuns == 2)
    #expect(plan.solverBound == 10)
    #expect(plan.relaxationBound == 12)
    #expect(plan.note == nil)
    // With no time, the greedy plan stands, not proven, and says why.
    let quick = CohortPlanner.plan(mixed, timeLimit: 0)
    #expect(!quick.proven)
    #expect(quick.proof == nil)
    #expect(quick.source == .greedy)
    #expect(quick.solverRuns == 0)
    #expect(quick.objective == 10)
    #expect(quick.bound == 12)
    #expect(quick.note == .timeLimitBeforeBetterPlan)
  }

  /// Where the greedy plan meets the planner's own bound, the solver is not run.
  @Test func aGreedyPlanThatMeetsTheBoundIsProvenWithoutTheSolver() {
    let people = (1...3).map { person("pol\($0)", "police", [(0, 2)]) } + [person("la1", "local-authority", [(0, 2)])]
    let i = instance(budget: 1, k: 2, [classroom("A", max: 4)], people)
    let plan = CohortPlanner.plan(i)
    #expect(plan.proven)
    #expect(plan.proof == .bound)
    #expect(plan.solverRuns == 0)
    #expect(plan.objective == 8)
  }

  @Test func aCohortOfOneAgencyTypeIsAllowedAndExplainedWhenDemandAllowsNoMore() {
    let people = (1...3).map { person("pol\($0)", "police", in: "gwent", [(0, 2)]) }
    let i = instance(budget: 2, k: 2, [classroom("A", max: 10)], people)
    let plan = CohortPlanner.plan(i)
    #expect(plan.objective == 6)
    #expect(plan.cohorts.count == 1)
    #expect(plan.cohorts[0].unmixedReason == "only police staff in gwent want A and can take it")
    #expect(plan.violations(of: i).isEmpty)
  }

  @Test func aPrerequisiteForcesASecondWave() {
    // D (a workshop worth 3 to each of two people) needs P (e-learning, worth nothing itself).
    let modules = [elearning("P"), classroom("D", min: 2, prerequisites: [0])]
    let people = [person("x", "police", [(0, 0), (1, 3)]), person("y", "health", [(0, 0), (1, 3)])]
    let two = instance(budget: 2, modules, people)
    let plan = CohortPlanner.plan(two)
    #expect(plan.method == .exact)
    #expect(plan.objective == 6)
    #expect(plan.cohorts.map { "\(two.modules[$0.module].id)@\($0.wave)" } == ["P@1", "D@2"])
    #expect(plan.cohorts[0].region == nil)
    #expect(plan.cohorts[1].region == "north")
    #expect(plan.waves == 2)
    #expect(plan.violations(of: two).isEmpty)
    // With one cohort only, D cannot run (P must come first) and P alone delivers nothing.
    let one = instance(budget: 1, modules, people)
    let alone = CohortPlanner.plan(one)
    #expect(alone.objective == 0)
    #expect(alone.cohorts.isEmpty)
    #expect(alone.method == .exact)
    // People who completed P need no first wave.
    let done = [person("z", "police", completed: [0], [(1, 2)]), person("w", "health", completed: [0], [(1, 2)])]
    let ready = instance(budget: 1, modules, done)
    let direct = CohortPlanner.plan(ready)
    #expect(direct.objective == 4)
    #expect(direct.cohorts.map(\.wave) == [1])
  }

  @Test func hoursSizesAndBudgetBind() {
    // Hours: 15 allowed; A (10 h, worth 3) and B (10 h, worth 2) cannot both be taken.
    let modules = [classroom("A", hours: 10), classroom("B", hours: 10)]
    let pair = [person("x", "police", [(0, 3), (1, 2)]), person("y", "health", [(0, 3), (1, 2)])]
    let capped = instance(budget: 2, hours: 15, modules, pair)
    let plan = CohortPlanner.plan(capped)
    #expect(plan.objective == 6)
    #expect(plan.cohorts.map { capped.modules[$0.module].id } == ["A"])
    #expect(plan.violations(of: capped).isEmpty)
    #expect(CohortPlanner.plan(instance(budget: 2, modules, pair)).objective == 10)
    // A minimum size of 3 with two people wanting it: nothing can run.
    let small = instance(budget: 2, [classroom("A", min: 3)], pair.map { var p = $0; p.candidates.removeLast(); return p })
    #expect(CohortPlanner.plan(small).cohorts.isEmpty)
    // The budget picks the regions with most to gain.
    let regions = ["north", "south", "west"].enumerated().flatMap { r, region in
      (0..<2).map { n in person("\(region)\(n)", n == 0 ? "police" : "fire", in: region, [(0, Double(r + 1))]) }
    }
    let budgeted = instance(budget: 2, [classroom("A")], regions)
    let chosen = CohortPlanner.plan(budgeted)
    #expect(chosen.objective == 10)
    #expect(Set(chosen.cohorts.compactMap(\.region)) == ["south", "west"])
  }

  @Test func someoneWhoseHoursCannotFitThePrerequisiteDoesNotBlockACohort() {
    // Limit 10 h. B (8 h) needs A (8 h, e-learning). Two officers have done A and want B; a fire
    // officer wants both, but 16 h will not fit, so B's pool is police only and may run unmixed.
    let modules = [elearning("A", hours: 8), classroom("B", hours: 8, min: 2, prerequisites: [0])]
    let people = [
      person("pol1", "police", completed: [0], [(1, 3)]), person("pol2", "police", completed: [0], [(1, 3)]),
      person("fire1", "fire-rescue", [(0, 0), (1, 3)]),
    ]
    for budget in [1, 2] {
      let i = instance(budget: budget, hours: 10, modules, people)
      let plan = CohortPlanner.plan(i)
      #expect(plan.method == .exact)
      #expect(plan.objective == 6)
      #expect(plan.cohorts.count == 1, "no cohort of A is run for nothing")
      #expect(plan.cohorts.first?.unmixedReason == "only police staff in north want B and can take it")
      #expect(plan.violations(of: i).isEmpty)
    }
  }

  @Test func cohortsOfOneModuleAreMixedBySwapping() {
    // Two cohorts of A, one all police and one all fire, keep the rule as written (each one's
    // other types are in the other cohort), but the planner swaps members so both are mixed.
    let people = (0..<4).map { person("pol\($0)", "police", [(0, 2)]) } + (0..<4).map { person("fire\($0)", "fire-rescue", [(0, 2)]) }
    let i = instance(budget: 2, [classroom("A", max: 4)], people)
    var problem = PlanningProblem(i)
    let police = problem.pairs.indices.filter { problem.pairs[$0].person < 4 }
    let fire = problem.pairs.indices.filter { problem.pairs[$0].person >= 4 }
    problem.adopt([PlanningProblem.Cohort(key: 0, pairs: police), PlanningProblem.Cohort(key: 0, pairs: fire)])
    let segregated = problem.output(problem.cohorts, bound: 16, proven: false, source: .greedy)
    #expect(segregated.violations(of: i).isEmpty)
    #expect(segregated.cohorts.allSatisfy { $0.agencyTypes.count == 1 })
    problem.tidy()
    let mixed = problem.output(problem.cohorts, bound: 16, proven: false, source: .greedy)
    #expect(mixed.objective == 16)
    #expect(mixed.cohorts.count == 2)
    #expect(mixed.cohorts.allSatisfy { $0.agencyTypes == ["fire-rescue", "police"] })
    #expect(mixed.violations(of: i).isEmpty)
    // The planner itself mixes both from the start.
    #expect(CohortPlanner.plan(i).cohorts.allSatisfy { $0.agencyTypes.count == 2 })
  }

  @Test func placesWorthNothingAreNotPlanned() {
    // y wants A for nothing (not a prerequisite of anything they want): the best plan leaves them out.
    let i = instance(budget: 1, k: 1, [classroom("A")], [person("x", "police", [(0, 3)]), person("y", "police", [(0, 0)])])
    let plan = CohortPlanner.plan(i)
    #expect(plan.method == .exact)
    #expect(plan.cohorts.map { memberIDs($0, i) } == [["x"]])
  }

  @Test func brokenPlansAreCaught() {
    let modules = [elearning("P"), classroom("D", min: 2, max: 2, prerequisites: [0])]
    let people = [person("x", "police", [(0, 0), (1, 3)]), person("y", "police", [(1, 3)]), person("z", "health", [(1, 1)])]
    let i = instance(budget: 1, modules, people)
    let bad = CohortPlan(
      cohorts: [
        CohortPlan.Cohort(module: 1, region: "north", wave: 1, members: [0, 1, 2], value: 7, agencyTypes: ["health", "police"]),
        CohortPlan.Cohort(module: 0, region: nil, wave: 1, members: [0], value: 0, agencyTypes: ["police"]),
      ], objective: 7, bound: 7, proven: false, source: .greedy)
    let problems = bad.violations(of: i)
    #expect(problems.contains("2 cohorts exceed the budget of 1"))
    #expect(problems.contains("cohort 1 (D) has 3 members, outside 2-2"))
    #expect(problems.contains("x takes P in wave 1, not before D in wave 1"))
    #expect(problems.contains("y takes D without P first"))
  }

  @Test func everyoneOfATypeLeftOutCountsForMixing() {
    // Classrooms of at most 2, K = 3: no cohort can draw on three types, and the pool has two
    // (police, fire), so a cohort needs two types while anyone of another type is left out.
    let people = [person("pol1", "police", [(0, 3)]), person("pol2", "police", [(0, 3)]), person("fire1", "fire-rescue", [(0, 1)])]
    let one = instance(budget: 1, k: 3, [classroom("A", max: 2)], people)
    let mixed = CohortPlanner.plan(one)
    #expect(mixed.proven)
    #expect(mixed.objective == 4)
    #expect(mixed.cohorts.first?.agencyTypes == ["fire-rescue", "police"])
    // With two cohorts everyone is placed: the two officers together and the fire officer alone
    // each draw on every type left to them.
    let two = instance(budget: 2, k: 3, [classroom("A", max: 2)], people)
    let both = CohortPlanner.plan(two)
    #expect(both.proven)
    #expect(both.objective == 7)
    #expect(ReferenceChecker(instance: two).problems(both).isEmpty)
  }

  @Test func aTimeLimitStillGivesACheckedPlan() throws {
    var rng = TestRandom(seed: 99)
    let i = randomInstance(&rng, people: 60)
    let quick = try CohortPlanner.checkedPlan(i, timeLimit: 0.01)
    #expect(quick.bound >= quick.objective)
    #expect(ReferenceChecker(instance: i).problems(quick).isEmpty)
    #expect(quick.objective >= CohortPlanner.greedyPlan(i).objective - 1e-9)
  }

  /// The programme's bound is only a bound if every valid plan is one of its solutions: the
  /// greedy plans of random instances, written as the programme's values, break none of its rows.
  @Test func everyValidPlanIsASolutionOfTheProgramme() {
    var rng = TestRandom(seed: 4242)
    for round in 0..<120 {
      let i = randomInstance(&rng, people: 4 + round % 40)
      let problem = CohortPlanner.greedyProblem(i)
      let programme = problem.programme()
      let values = programme.values(of: problem.cohorts, in: problem)
      #expect(programme.program.violations(values).isEmpty, "round \(round): \(programme.program.violations(values).prefix(3))")
      // And the way back gives a valid plan worth the same.
      guard let found = programme.cohorts(from: values, in: problem) else {
        Issue.record("round \(round): the greedy plan's values give no cohorts")
        continue
      }
      #expect(found.unmixed.isEmpty, "round \(round): the greedy plan's values break mixing on keys \(found.unmixed)")
      var again = problem
      again.adopt(found.cohorts)
      let plan = again.output(again.cohorts, bound: .infinity, proven: false, source: .solver)
      #expect(ReferenceChecker(instance: i).problems(plan).isEmpty, "round \(round): \(ReferenceChecker(instance: i).problems(plan))")
      #expect(abs(plan.objective - problem.objective) < 1e-9)
    }
  }

  /// Random small instances: every plan keeps every rule, as both the library's checker and an
  /// independent one written from the README judge it; greedy <= solver <= bound; the solver proves
  /// every one of them best; and its objective is the optimum that exhaustive search finds.
  @Test func randomInstancesKeepEveryRule() {
    var rng = TestRandom(seed: 20261121)
    var searched = 0
    var solved = 0
    for round in 0..<150 {
      let i = randomInstance(&rng, people: 3 + round % 5)
      let judge = ReferenceChecker(instance: i)
      let greedy = CohortPlanner.greedyPlan(i)
      #expect(greedy.violations(of: i).isEmpty, "round \(round): \(greedy.violations(of: i))")
      #expect(judge.problems(greedy).isEmpty, "round \(round): \(judge.problems(greedy))")
      #expect(abs(judge.objective(greedy) - greedy.objective) < 1e-9, "round \(round)")
      let best = CohortPlanner.plan(i)
      #expect(best.violations(of: i).isEmpty, "round \(round): \(best.violations(of: i))")
      #expect(judge.problems(best).isEmpty, "round \(round): \(judge.problems(best))")
      #expect(abs(judge.objective(best) - best.objective) < 1e-9, "round \(round)")
      #expect(best.proven, "round \(round): \(best.note?.description ?? "")")
      #expect(greedy.objective <= best.objective + 1e-9, "round \(round)")
      #expect(best.objective <= greedy.bound + 1e-9, "round \(round): bound \(greedy.bound) below \(best.objective)")
      if best.solverSeconds > 0 { solved += 1 }
      guard let optimum = ExactSearch.optimum(i) else { continue }
      searched += 1
      #expect(abs(optimum - best.objective) < 1e-9, "round \(round): exhaustive search finds \(optimum), the solver \(best.objective)")
    }
    #expect(searched > 120)
    #expect(solved > 20, "the solver ran on \(solved) instances only")
  }

  /// 200 random instances small enough to enumerate every assignment (judged by the independent
  /// checker alone): the solver's plan is worth exactly the enumerated optimum, proven.
  @Test func theSolverMatchesPlainEnumeration() {
    var rng = TestRandom(seed: 7_2026)
    var compared = 0
    var nonTrivial = 0
    while compared < 200 {
      let i = randomInstance(&rng, people: 2 + compared % 3)
      guard let optimum = enumeratedOptimum(i) else { continue }
      compared += 1
      let plan = CohortPlanner.plan(i)
      let judge = ReferenceChecker(instance: i)
      #expect(judge.problems(plan).isEmpty, "instance \(compared): \(judge.problems(plan))")
      #expect(plan.violations(of: i).isEmpty, "instance \(compared): \(plan.violations(of: i))")
      #expect(abs(optimum - plan.objective) < 1e-9, "instance \(compared): enumeration finds \(optimum), the solver \(plan.objective)")
      #expect(plan.proven)
      #expect(CohortPlanner.greedyPlan(i).objective <= plan.objective + 1e-9)
      if optimum > 0 { nonTrivial += 1 }
    }
    #expect(nonTrivial > 100)
  }
}

struct TestRandom: RandomNumberGenerator {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

func randomInstance(_ rng: inout TestRandom, people count: Int) -> Instance {
  var modules: [Instance.Module] = []
  for m in 0..<Int.random(in: 2...3, using: &rng) {
    let remote = Int.random(in: 0..<4, using: &rng) == 0
    let minSize = Int.random(in: 1...2, using: &rng)
    modules.append(
      Instance.Module(
        id: "M\(m)", mode: remote ? "e-learning" : "workshop", hours: Double(Int.random(in: 1...4, using: &rng) * 3),
        minSize: minSize, maxSize: minSize + Int.random(in: 0...2, using: &rng), remote: remote,
        groupSession: !remote && Bool.random(using: &rng),
        prerequisites: m > 0 && Int.random(in: 0..<3, using: &rng) == 0 ? [Int.random(in: 0..<m, using: &rng)] : []))
  }
  let types = ["police", "fire", "health"]
  let regions = ["north", "south"]
  var people: [Instance.Person] = []
  for p in 0..<count {
    var candidates: [Instance.Candidate] = []
    var completed: [Int] = []
    for m in modules.indices where Int.random(in: 0..<3, using: &rng) > 0 {
      candidates.append(Instance.Candidate(module: m, weight: Double(Int.random(in: 0...3, using: &rng))))
    }
    for m in modules.indices where Int.random(in: 0..<5, using: &rng) == 0 && !candidates.contains(where: { $0.module == m }) {
      completed.append(m)
    }
    people.append(
      Instance.Person(
        id: "p\(p)", agency: "a", agencyType: types[Int.random(in: 0..<types.count, using: &rng)],
        region: regions[Int.random(in: 0..<regions.count, using: &rng)], completed: completed, candidates: candidates))
  }
  return Instance(
    asOf: "2026-06-30", budget: Int.random(in: 1...3, using: &rng), minAgencyTypes: Int.random(in: 1...3, using: &rng),
    maxHoursPerPerson: Bool.random(using: &rng) ? Double(Int.random(in: 1...4, using: &rng) * 4) : nil, modules: modules,
    people: people)
}

/// The best objective over every way of giving each (person, wanted module) a cohort slot or
/// none, where slot s of module m in region r is one cohort; each assignment is judged only by the
/// independent `ReferenceChecker`.
func enumeratedOptimum(_ i: Instance) -> Double? {
  var pairs: [(person: Int, module: Int, weight: Double)] = []
  for (p, person) in i.people.enumerated() { for c in person.candidates { pairs.append((p, c.module, c.weight)) } }
  guard pairs.count <= 6 else { return nil }
  let judge = ReferenceChecker(instance: i)
  let slots = i.budget
  var choice = [Int](repeating: 0, count: pairs.count)
  var best = 0.0
  func evaluate() {
    // Group by (module, region or remote, slot).
    var groups: [String: (module: Int, region: String?, members: [Int], value: Double)] = [:]
    for (x, c) in choice.enumerated() where c > 0 {
      let module = i.modules[pairs[x].module]
      let region = module.remote ? nil : i.people[pairs[x].person].region
      let key = "\(pairs[x].module)/\(region ?? "-")/\(c)"
      var g = groups[key] ?? (pairs[x].module, region, [], 0)
      g.members.append(pairs[x].person)
      g.value += pairs[x].weight
      groups[key] = g
    }
    guard groups.count <= slots else { return }
    var cohorts = groups.values.map { g in
      CohortPlan.Cohort(
        module: g.module, region: g.region, wave: 1, members: g.members.sorted(), value: g.value,
        agencyTypes: Set(g.members.map { i.people[$0].agencyType }).sorted())
    }
    // Waves: one after the latest cohort where a member takes a prerequisite.
    for _ in 0..<3 {
      for c in cohorts.indices {
        for p in cohorts[c].members {
          for q in i.modules[cohorts[c].module].prerequisites {
            if let d = cohorts.firstIndex(where: { $0.module == q && $0.members.contains(p) }) {
              cohorts[c].wave = max(cohorts[c].wave, cohorts[d].wave + 1)
            }
          }
        }
      }
    }
    let value = cohorts.reduce(0) { $0 + $1.value }
    guard value > best else { return }
    let plan = CohortPlan(cohorts: cohorts, objective: value, bound: value, proven: true, source: .solver)
    if judge.problems(plan).isEmpty { best = value }
  }
  func go(_ x: Int) {
    if x == pairs.count {
      evaluate()
      return
    }
    for c in 0...slots {
      choice[x] = c
      go(x + 1)
    }
    choice[x] = 0
  }
  go(0)
  return best
}
