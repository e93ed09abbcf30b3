/// Everything the cohort planner needs, as plain values: the modules that could run, the people
/// who want them (with a weight per module) and the limits. It is what `cpd plan --export-instance`
/// writes, so any solver can work on the same problem.
public struct PlanningInstance: Sendable, Equatable {
  public struct Module: Sendable, Equatable {
    public var id: String
    public var title: String
    /// The delivery mode's name (classroom, workshop, e-learning...).
    public var mode: String
    public var hours: Double
    public var minSize: Int
    public var maxSize: Int
    /// Delivered remotely (e-learning): one cohort may draw on every region.
    public var remote: Bool
    /// A group session (classroom, workshop, action learning, blended) that must mix agency types.
    public var groupSession: Bool
    /// Indexes into `modules` of the modules that must come first.
    public var prerequisites: [Int]

    public init(
      id: String, title: String? = nil, mode: String, hours: Double, minSize: Int, maxSize: Int, remote: Bool,
      groupSession: Bool, prerequisites: [Int] = []
    ) {
      self.id = id
      self.title = title ?? id
      self.mode = mode
      self.hours = hours
      self.minSize = minSize
      self.maxSize = maxSize
      self.remote = remote
      self.groupSession = groupSession
      self.prerequisites = prerequisites
    }
  }

  /// A module a person wants, and what attending it is worth: the priority weight of the gaps it
  /// helps close (0 for a module wanted only as another's prerequisite).
  public struct Candidate: Sendable, Equatable {
    public var module: Int
    public var weight: Double

    public init(module: Int, weight: Double) {
      self.module = module
      self.weight = weight
    }
  }

  public struct Person: Sendable, Equatable {
    public var id: String
    public var agency: String
    public var agencyType: String
    public var region: String
    /// Modules already completed: they meet prerequisites without being planned.
    public var completed: [Int]
    public var candidates: [Candidate]

    public init(id: String, agency: String, agencyType: String, region: String, completed: [Int] = [], candidates: [Candidate]) {
      self.id = id
      self.agency = agency
      self.agencyType = agencyType
      self.region = region
      self.completed = completed
      self.candidates = candidates
    }
  }

  /// The analysis date the demand was worked out for (informational).
  public var asOf: String
  /// At most this many cohorts in total.
  public var budget: Int
  /// A group-session cohort draws on at least this many agency types where demand allows.
  public var minAgencyTypes: Int
  /// No person is planned more hours than this (nil: no limit).
  public var maxHoursPerPerson: Double?
  public var modules: [Module]
  public var people: [Person]

  public init(
    asOf: String, budget: Int, minAgencyTypes: Int, maxHoursPerPerson: Double?, modules: [Module], people: [Person]
  ) {
    self.asOf = asOf
    self.budget = budget
    self.minAgencyTypes = minAgencyTypes
    self.maxHoursPerPerson = maxHoursPerPerson
    self.modules = modules
    self.people = people
  }

  /// Limits that keep sums exact enough and searches short.
  static let maxModules = 10_000
  static let maxHours = 10_000.0
  static let maxWeight = 1_000_000.0

  /// The total weight of everyone's demand: what a plan without limits could deliver at most.
  public var demand: Double { people.reduce(0) { $0 + $1.candidates.reduce(0) { $0 + $1.weight } } }

  /// Problems that make the instance unusable, each naming the field (`people[3].candidates[0].module: ...`).
  public var problems: [String] {
    var problems: [String] = []
    if budget < 0 { problems.append("budget: must be 0 or more") }
    if minAgencyTypes < 1 { problems.append("minAgencyTypes: must be at least 1") }
    if let h = maxHoursPerPerson, !(h > 0) || !h.isFinite { problems.append("maxHoursPerPerson: must be more than 0") }
    if modules.count > Self.maxModules { problems.append("modules: more than \(Self.maxModules)") }
    var moduleIDs: Set<String> = []
    for (i, m) in modules.enumerated() {
      let here = "modules[\(i)]"
      if !moduleIDs.insert(m.id).inserted { problems.append("\(here).id: \"\(m.id)\" appears twice") }
      if !(m.hours > 0) || m.hours > Self.maxHours { problems.append("\(here).hours: must be more than 0 and at most \(Int(Self.maxHours))") }
      if m.minSize < 1 { problems.append("\(here).minSize: must be at least 1") }
      if m.maxSize < m.minSize { problems.append("\(here).maxSize: \(m.maxSize) is below minSize \(m.minSize)") }
      for p in m.prerequisites where !modules.indices.contains(p) { problems.append("\(here).prerequisites: no module number \(p)") }
      for p in m.prerequisites where p == i { problems.append("\(here).prerequisites: \"\(m.id)\" cannot need itself") }
    }
    if problems.isEmpty, let cycle = prerequisiteCycle {
      problems.append("modules[\(cycle)].prerequisites: \"\(modules[cycle].id)\" needs itself through other modules")
    }
    var personIDs: Set<String> = []
    for (i, p) in people.enumerated() {
      let here = "people[\(i)]"
      if !personIDs.insert(p.id).inserted { problems.append("\(here).id: \"\(p.id)\" appears twice") }
      for m in p.completed where !modules.indices.contains(m) { problems.append("\(here).completed: no module number \(m)") }
      var seen: Set<Int> = []
      for (k, c) in p.candidates.enumerated() {
        guard modules.indices.contains(c.module) else {
          problems.append("\(here).candidates[\(k)].module: no module number \(c.module)")
          continue
        }
        if !seen.insert(c.module).inserted {
          problems.append("\(here).candidates[\(k)].module: \"\(modules[c.module].id)\" appears twice")
        }
        if !(c.weight >= 0) || c.weight > Self.maxWeight {
          problems.append("\(here).candidates[\(k)].weight: must be from 0 to \(Int(Self.maxWeight))")
        }
      }
    }
    return problems
  }

  /// A module on a prerequisite cycle, if there is one.
  var prerequisiteCycle: Int? {
    var state = [UInt8](repeating: 0, count: modules.count)  // 0 new, 1 on the path, 2 done
    func visit(_ m: Int) -> Int? {
      if state[m] == 1 { return m }
      if state[m] == 2 { return nil }
      state[m] = 1
      for p in modules[m].prerequisites where p >= 0 && p < modules.count {
        if let found = visit(p) { return found }
      }
      state[m] = 2
      return nil
    }
    for m in modules.indices { if let found = visit(m) { return found } }
    return nil
  }
}
