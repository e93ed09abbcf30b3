/// A training plan for the network: cohorts of people taking modules together, in waves.
public struct CohortPlan: Sendable {
  public struct Cohort: Sendable, Equatable {
    /// Index into the instance's modules.
    public var module: Int
    /// The region it runs in; nil for a remote (e-learning) cohort.
    public var region: String?
    /// 1 for cohorts whose members need nothing planned first; otherwise one more than the latest
    /// cohort in which a member takes one of this module's prerequisites.
    public var wave: Int
    /// Indexes into the instance's people, in instance order.
    public var members: [Int]
    /// The priority weight the cohort delivers.
    public var value: Double
    /// The members' agency types, distinct, sorted.
    public var agencyTypes: [String]
    /// For a group session with fewer agency types than asked for: why it could not be mixed.
    public var unmixedReason: String?
  }

  /// Whether the plan is proven best.
  public enum Method: String, Sendable {
    /// Proven best: no plan within the limits delivers more (`bound` equals `objective`).
    case exact
    /// Not proven best: `bound` says how far from the best it can be at most.
    case heuristic
  }

  /// Where the plan came from.
  public enum Source: String, Sendable {
    /// The mixed-integer programme, solved by COIN-OR CBC.
    case solver
    /// The greedy planner (the solver was not needed, found nothing better, or could not be used).
    case greedy
  }

  /// How a plan was proven best.
  public enum Proof: String, Sendable {
    /// The solver searched the programme to the end (on a relaxation whose best plan keeps every rule).
    case solver
    /// The plan meets the bound the planner works out itself: the solver was not needed.
    case bound
  }

  /// Why a plan is not proven best, or why the greedy plan stands although the solver ran.
  public enum Note: Sendable, Equatable, CustomStringConvertible {
    /// The programme has more columns than the solver is given.
    case tooLarge(columns: Int, limit: Int)
    /// The time limit came before the solver found a better plan than the greedy one.
    case timeLimitBeforeBetterPlan
    /// The time limit came before the solver closed the gap.
    case timeLimit
    /// The solver stopped without an answer (it crashed, or ran on past its time limit).
    case solverFailed
    /// The solver's plan failed the plan checker (a fault, reported rather than shown).
    case solverPlanRejected
    /// The solver program (`cpd-solver`) was not found beside this program, or could not be started.
    case solverMissing

    public var description: String {
      switch self {
      case .tooLarge(let columns, let limit):
        "the programme has \(columns) columns, more than the solver is given (\(limit))"
      case .timeLimitBeforeBetterPlan: "the time limit came before the solver found a better plan than the greedy one"
      case .timeLimit: "the time limit came before the solver closed the gap"
      case .solverFailed: "the solver stopped without an answer"
      case .solverPlanRejected: "the solver's plan failed the plan checker (please report this)"
      case .solverMissing: "the solver program cpd-solver was not found beside cpd, or could not be started"
      }
    }
  }

  public var cohorts: [Cohort]
  /// The priority-weighted gap closure the plan delivers.
  public var objective: Double
  /// No plan within the limits can deliver more than this: the lower of the relaxation bound and
  /// the solver's proven bound (never below `objective`).
  public var bound: Double
  /// The plan is proven best (`bound` equals `objective`).
  public var proven: Bool
  public var source: Source
  /// How it was proven best (nil when it is not).
  public var proof: Proof?
  /// The bound from relaxations the planner works out itself (see `CohortPlanner`).
  public var relaxationBound: Double
  /// The solver's proven bound on the whole instance, when it ran.
  public var solverBound: Double?
  /// Seconds the solver ran (0 when it did not), over all its runs.
  public var solverSeconds: Double
  /// How many times the solver ran (each time on a programme with the mixing rule on more keys).
  public var solverRuns: Int
  /// Branch-and-bound nodes the solver searched (0 when it did not run).
  public var searchNodes: Int
  /// Why the plan is not proven best, or why the greedy plan stands; nil when there is nothing to add.
  public var note: Note?

  public var method: Method { proven ? .exact : .heuristic }

  public init(
    cohorts: [Cohort], objective: Double, bound: Double, proven: Bool, source: Source, proof: Proof? = nil,
    relaxationBound: Double? = nil, solverBound: Double? = nil, solverSeconds: Double = 0, solverRuns: Int = 0,
    searchNodes: Int = 0, note: Note? = nil
  ) {
    self.cohorts = cohorts
    self.objective = objective
    self.bound = bound
    self.proven = proven
    self.source = source
    self.proof = proven ? proof ?? .solver : nil
    self.relaxationBound = relaxationBound ?? bound
    self.solverBound = solverBound
    self.solverSeconds = solverSeconds
    self.solverRuns = solverRuns
    self.searchNodes = searchNodes
    self.note = note
  }

  public var gap: Double { max(0, bound - objective) }
  public var relativeGap: Double { bound > 0 ? gap / bound : 0 }
  public var waves: Int { cohorts.map(\.wave).max() ?? 0 }

  /// Equal but for rounding: sums taken in another order may differ in the last places.
  static func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-9 * max(1, abs(a), abs(b)) }

  /// Every way the plan breaks the instance's rules, one sentence each (none for a valid plan):
  /// budget, cohort sizes, regions, single attendance, hours, prerequisites in earlier waves,
  /// agency mixing, and the objective adding up.
  public func violations(of instance: PlanningInstance) -> [String] {
    let rules = PlanningRules(instance)
    var problems: [String] = []
    if cohorts.count > instance.budget { problems.append("\(cohorts.count) cohorts exceed the budget of \(instance.budget)") }
    // Where each person takes each module.
    var placement: [[Int: Int]] = Array(repeating: [:], count: instance.people.count)
    var total = 0.0
    for (c, cohort) in cohorts.enumerated() {
      let module = instance.modules[cohort.module]
      let name = "cohort \(c + 1) (\(module.id))"
      if cohort.members.count < module.minSize || cohort.members.count > module.maxSize {
        problems.append("\(name) has \(cohort.members.count) members, outside \(module.minSize)-\(module.maxSize)")
      }
      if module.remote != (cohort.region == nil) { problems.append("\(name) has the wrong kind of region") }
      var value = 0.0
      for p in cohort.members {
        let person = instance.people[p]
        if let earlier = placement[p][cohort.module] {
          problems.append("\(person.id) takes \(module.id) twice (cohorts \(earlier + 1) and \(c + 1))")
        }
        placement[p][cohort.module] = c
        if let region = cohort.region, person.region != region {
          problems.append("\(name) in \(region) includes \(person.id) from \(person.region)")
        }
        guard let candidate = person.candidates.first(where: { $0.module == cohort.module }) else {
          problems.append("\(name) includes \(person.id), who does not want it")
          continue
        }
        value += candidate.weight
      }
      if !Self.close(value, cohort.value) { problems.append("\(name) is said to deliver \(cohort.value), not \(value)") }
      total += value
    }
    if !Self.close(total, objective) { problems.append("the objective \(objective) is not the cohorts' total \(total)") }
    var hours = [Double](repeating: 0, count: instance.people.count)
    for (p, modules) in placement.enumerated() { for m in modules.keys { hours[p] += instance.modules[m].hours } }
    if let limit = instance.maxHoursPerPerson {
      for (p, h) in hours.enumerated() where h > limit && !Self.close(h, limit) {
        problems.append("\(instance.people[p].id) is planned \(h) hours, over \(limit)")
      }
    }
    for (c, cohort) in cohorts.enumerated() {
      let module = instance.modules[cohort.module]
      for p in cohort.members {
        for q in module.prerequisites where !instance.people[p].completed.contains(q) {
          guard let first = placement[p][q] else {
            problems.append("\(instance.people[p].id) takes \(module.id) without \(instance.modules[q].id) first")
            continue
          }
          if cohorts[first].wave >= cohort.wave {
            problems.append("\(instance.people[p].id) takes \(instance.modules[q].id) in wave \(cohorts[first].wave), not before \(module.id) in wave \(cohort.wave)")
          }
        }
      }
      if module.groupSession {
        let types = Set(cohort.members.map { instance.people[$0].agencyType })
        let needed = rules.typesNeeded(cohort: c, in: self)
        if types.count < needed {
          problems.append("cohort \(c + 1) (\(module.id)) draws on \(types.count) agency type(s) where demand allows \(needed)")
        }
      }
    }
    return problems
  }
}

/// The planning rules that need more than one cohort to check, shared by the planner and the
/// plan's own check.
struct PlanningRules {
  let instance: PlanningInstance
  /// The people who want each module and can take it at all, by module and region (nil: remote
  /// modules).
  let pools: [PoolKey: [Int]]

  struct PoolKey: Hashable {
    var module: Int
    var region: String?
  }

  init(_ instance: PlanningInstance) {
    self.instance = instance
    var pools: [PoolKey: [Int]] = [:]
    for (p, person) in instance.people.enumerated() {
      let takeable = Self.takeable(person, instance: instance)
      for c in person.candidates where takeable.contains(c.module) {
        let module = instance.modules[c.module]
        pools[PoolKey(module: c.module, region: module.remote ? nil : person.region), default: []].append(p)
      }
    }
    self.pools = pools
  }

  /// The wanted modules a person can take at all: each prerequisite completed, or wanted and
  /// takeable too; and the module's hours with those of the prerequisites still to take within
  /// the limit.
  static func takeable(_ person: PlanningInstance.Person, instance: PlanningInstance) -> Set<Int> {
    let wanted = Set(person.candidates.map(\.module))
    let completed = Set(person.completed)
    let limit = (instance.maxHoursPerPerson ?? .infinity) + 1e-9
    var known: [Int: Bool] = [:]
    func can(_ m: Int, depth: Int) -> Bool {
      if let answer = known[m] { return answer }
      guard depth <= instance.modules.count else { return false }
      let module = instance.modules[m]
      var answer = module.prerequisites.allSatisfy { q in completed.contains(q) || (wanted.contains(q) && can(q, depth: depth + 1)) }
      if answer {
        let still = PlanningProblem.missingPrerequisites(of: m, person: person, instance: instance)
        answer = module.hours + still.reduce(0) { $0 + instance.modules[$1].hours } <= limit
      }
      known[m] = answer
      return answer
    }
    return wanted.filter { can($0, depth: 0) }
  }

  /// How many agency types a group-session cohort must draw on: K, or fewer when fewer types
  /// are available to it. Available: people in its pool who are in no other cohort of the module.
  func typesNeeded(cohort c: Int, in plan: CohortPlan) -> Int {
    let cohort = plan.cohorts[c]
    var elsewhere = Set<Int>()
    for (o, other) in plan.cohorts.enumerated() where o != c && other.module == cohort.module && other.region == cohort.region {
      elsewhere.formUnion(other.members)
    }
    var types = Set<String>()
    for p in pools[PoolKey(module: cohort.module, region: cohort.region)] ?? [] where !elsewhere.contains(p) {
      types.insert(instance.people[p].agencyType)
    }
    return min(instance.minAgencyTypes, types.count)
  }
}

/// Demand for one module in one region (the person's region, for remote modules too), and how
/// much of it a plan meets.
public struct ModuleDemandTally: Sendable, Equatable {
  public var module: Int
  public var region: String
  public var people: Int
  public var weight: Double
  public var metPeople: Int
  public var metWeight: Double

  public var unmetPeople: Int { people - metPeople }
  public var unmetWeight: Double { max(0, weight - metWeight) }
}

extension CohortPlan {
  /// Demand with weight (wanted for its own sake, not only as a prerequisite), by module and
  /// region, with what the plan meets.
  public func demand(of instance: PlanningInstance) -> [ModuleDemandTally] {
    let modules = instance.modules.count
    var placed = Set<Int>()
    for cohort in cohorts { for p in cohort.members { placed.insert(p * modules + cohort.module) } }
    var tallies: [String: ModuleDemandTally] = [:]
    for (p, person) in instance.people.enumerated() {
      for c in person.candidates where c.weight > 0 {
        let key = "\(c.module)\u{0}\(person.region)"
        var t = tallies[key] ?? ModuleDemandTally(module: c.module, region: person.region, people: 0, weight: 0, metPeople: 0, metWeight: 0)
        t.people += 1
        t.weight += c.weight
        if placed.contains(p * modules + c.module) {
          t.metPeople += 1
          t.metWeight += c.weight
        }
        tallies[key] = t
      }
    }
    return tallies.values.sorted { ($0.module, $0.region) < ($1.module, $1.region) }
  }

  /// People with at least one place, places taken, and hours of training planned.
  public func delivery(of instance: PlanningInstance) -> (people: Int, places: Int, hours: Double) {
    var people = Set<Int>()
    var places = 0
    var hours = 0.0
    for cohort in cohorts {
      people.formUnion(cohort.members)
      places += cohort.members.count
      hours += Double(cohort.members.count) * instance.modules[cohort.module].hours
    }
    return (people.count, places, hours)
  }
}
