/// The instance in the planner's working form: every (person, module) the person wants and can
/// take as a numbered "pair", pairs grouped by "key" (a module in a region, or a remote module
/// everywhere), and the state of a plan being built: which cohort each pair is in, and each
/// person's planned hours.
struct PlanningProblem {
  struct Pair {
    var person: Int
    var module: Int
    var key: Int
    var weight: Double
    /// A share of what it unlocks: the weight of the person's wanted modules that need it first,
    /// split among the prerequisites each still needs. Guides the greedy planner towards
    /// prerequisite cohorts worth running.
    var unlocks: Double
    /// The person's pairs for this module's prerequisites they have not completed.
    var prerequisites: [Int]
  }

  struct Key {
    var module: Int
    var region: String?
    /// Pairs in order of score, highest first.
    var pairs: [Int]
    /// The agency types among all of them.
    var types = 0
  }

  struct Cohort {
    var key: Int
    var pairs: [Int]
  }

  let instance: PlanningInstance
  let pairs: [Pair]
  var keys: [Key]
  /// How much of what a pair unlocks counts towards its score in the greedy planner.
  var unlockFactor = 1.0
  /// Each person's pairs.
  let pairsOfPerson: [[Int]]
  /// Each person's agency type, numbered.
  let typeOfPerson: [Int]
  let typeNames: [String]
  let hoursLimit: Double
  /// Modules in an order where prerequisites come first.
  let moduleOrder: [Int]

  // The plan being built.
  var pairCohort: [Int]
  var hours: [Double]
  var cohorts: [Cohort] = []

  init(_ instance: PlanningInstance) {
    self.instance = instance
    hoursLimit = (instance.maxHoursPerPerson ?? .infinity) + 1e-9
    var typeNumbers: [String: Int] = [:]
    var typeNames: [String] = []
    typeOfPerson = instance.people.map { person in
      if let n = typeNumbers[person.agencyType] { return n }
      typeNumbers[person.agencyType] = typeNames.count
      typeNames.append(person.agencyType)
      return typeNames.count - 1
    }
    self.typeNames = typeNames
    // Keys by module and region number (region 0 stands for "remote").
    var regionNumbers: [String: Int] = [:]
    var regionNames: [String?] = [nil]
    let moduleCount = instance.modules.count
    var keyNumber: [Int: Int] = [:]
    var keys: [Key] = []
    var pairs: [Pair] = []
    var pairsOfPerson: [[Int]] = []
    for (p, person) in instance.people.enumerated() {
      var mine: [Int] = []
      let region = regionNumbers[person.region] ?? regionNames.count
      if region == regionNames.count {
        regionNumbers[person.region] = region
        regionNames.append(person.region)
      }
      let takeable = PlanningRules.takeable(person, instance: instance)
      for c in person.candidates where takeable.contains(c.module) {
        let r = instance.modules[c.module].remote ? 0 : region
        var key = keyNumber[r * moduleCount + c.module] ?? -1
        if key < 0 {
          key = keys.count
          keyNumber[r * moduleCount + c.module] = key
          keys.append(Key(module: c.module, region: regionNames[r], pairs: []))
        }
        mine.append(pairs.count)
        pairs.append(Pair(person: p, module: c.module, key: key, weight: c.weight, unlocks: 0, prerequisites: []))
      }
      // Prerequisite pairs, and the share of each module's weight its missing prerequisites carry.
      for x in mine {
        let module = instance.modules[pairs[x].module]
        pairs[x].prerequisites = module.prerequisites.compactMap { q in
          person.completed.contains(q) ? nil : mine.first { pairs[$0].module == q }
        }
        let needed = Self.missingPrerequisites(of: pairs[x].module, person: person, instance: instance)
        guard !needed.isEmpty else { continue }
        let share = pairs[x].weight / Double(needed.count)
        for q in needed { if let y = mine.first(where: { pairs[$0].module == q }) { pairs[y].unlocks += share } }
      }
      pairsOfPerson.append(mine)
    }
    for x in pairs.indices { keys[pairs[x].key].pairs.append(x) }
    let typeOfPerson = self.typeOfPerson
    for k in keys.indices { keys[k].types = Set(keys[k].pairs.map { typeOfPerson[pairs[$0].person] }).count }
    self.pairs = pairs
    self.keys = keys
    self.pairsOfPerson = pairsOfPerson
    pairCohort = Array(repeating: -1, count: pairs.count)
    hours = Array(repeating: 0, count: instance.people.count)
    // Prerequisites first (the instance has no cycles).
    var order: [Int] = []
    var placed = [Bool](repeating: false, count: instance.modules.count)
    func place(_ m: Int) {
      if placed[m] { return }
      placed[m] = true
      for q in instance.modules[m].prerequisites { place(q) }
      order.append(m)
    }
    for m in instance.modules.indices { place(m) }
    moduleOrder = order
    rank(unlockFactor: 1)
  }

  func score(_ x: Int) -> Double { pairs[x].weight + unlockFactor * pairs[x].unlocks }

  /// Orders each key's pairs by score, highest first.
  mutating func rank(unlockFactor: Double) {
    self.unlockFactor = unlockFactor
    let scores = pairs.map { $0.weight + unlockFactor * $0.unlocks }
    let pairs = self.pairs
    for k in keys.indices {
      keys[k].pairs.sort { (scores[$0], pairs[$1].person) > (scores[$1], pairs[$0].person) }
    }
  }

  /// The modules a person still needs before `m`, transitively (those not completed).
  static func missingPrerequisites(of m: Int, person: PlanningInstance.Person, instance: PlanningInstance) -> [Int] {
    var result: [Int] = []
    var stack = instance.modules[m].prerequisites
    while let q = stack.popLast() {
      if person.completed.contains(q) || result.contains(q) { continue }
      result.append(q)
      stack += instance.modules[q].prerequisites
    }
    return result
  }

  func module(ofKey k: Int) -> PlanningInstance.Module { instance.modules[keys[k].module] }

  /// Can the pair join a cohort now: not placed, hours to spare, prerequisites planned?
  func eligible(_ x: Int) -> Bool {
    let pair = pairs[x]
    guard pairCohort[x] < 0, hours[pair.person] + instance.modules[pair.module].hours <= hoursLimit else { return false }
    for y in pair.prerequisites where pairCohort[y] < 0 { return false }
    return true
  }

  /// The agency types available to cohort `c` of key `k` (or to a new cohort when `c` is -1):
  /// people in the key who are in no other cohort of it. Counting stops at `cap`.
  func typesAvailable(key k: Int, cohort c: Int, cap: Int = .max) -> Int {
    var seen: UInt64 = 0
    var overflow = Set<Int>()
    for x in keys[k].pairs where pairCohort[x] < 0 || pairCohort[x] == c {
      let t = typeOfPerson[pairs[x].person]
      if t < 64 { seen |= 1 << UInt64(t) } else { overflow.insert(t) }
      if seen.nonzeroBitCount + overflow.count >= cap { break }
    }
    return seen.nonzeroBitCount + overflow.count
  }

  func typeCount(_ members: [Int]) -> Int { Set(members.map { typeOfPerson[pairs[$0].person] }).count }

  /// Whether a group-session cohort draws on as many agency types as the rule asks of it.
  func isMixedEnough(_ c: Int) -> Bool {
    let k = cohorts[c].key
    guard module(ofKey: k).groupSession else { return true }
    let K = instance.minAgencyTypes
    let have = typeCount(cohorts[c].pairs)
    return have >= min(K, keys[k].types) || have >= typesAvailable(key: k, cohort: c, cap: K)
  }

  mutating func place(_ x: Int, in c: Int) {
    pairCohort[x] = c
    hours[pairs[x].person] += instance.modules[pairs[x].module].hours
    cohorts[c].pairs.append(x)
  }

  mutating func unplace(_ x: Int) {
    let c = pairCohort[x]
    pairCohort[x] = -1
    hours[pairs[x].person] -= instance.modules[pairs[x].module].hours
    if let i = cohorts[c].pairs.lastIndex(of: x) { cohorts[c].pairs.remove(at: i) }
  }

  func value(_ cohort: Cohort) -> Double { cohort.pairs.reduce(0) { $0 + pairs[$1].weight } }
  var objective: Double { cohorts.reduce(0) { $0 + value($1) } }

  /// A proven ceiling on any plan's objective, from two relaxations, whichever is lower:
  /// ignoring hours, prerequisites and mixing, the budget is best spent on the N fullest
  /// cohorts (each key's people by weight, filled to the maximum size); ignoring the budget,
  /// each person can gain at most what fits in their hours (a fractional knapsack).
  func upperBound() -> Double {
    var blocks: [Double] = []
    for key in keys {
      let size = instance.modules[key.module].maxSize
      let weights = key.pairs.map { pairs[$0].weight }.filter { $0 > 0 }.sorted(by: >)
      var i = 0
      while i < weights.count {
        blocks.append(weights[i..<min(weights.count, i + size)].reduce(0, +))
        i += size
      }
    }
    blocks.sort(by: >)
    let byBudget = blocks.prefix(instance.budget).reduce(0, +)
    var byHours = 0.0
    for mine in pairsOfPerson {
      var items = mine.map { (weight: pairs[$0].weight, hours: instance.modules[pairs[$0].module].hours) }
      items.sort { $0.weight / $0.hours > $1.weight / $1.hours }
      var room = hoursLimit
      for item in items where item.weight > 0 {
        if item.hours <= room {
          byHours += item.weight
          room -= item.hours
        } else {
          byHours += item.weight * room / item.hours
          break
        }
      }
    }
    return min(byBudget, byHours)
  }
}
