import Foundation
import Competency

/// A person's recommended training: the modules that together close their open gaps.
public struct TrainingPlan: Sendable, Hashable {
  public struct Step: Sendable, Hashable {
    /// Index into the primary framework's modules.
    public var module: Int
    public var hours: Double
    /// Catalog indexes of the competencies whose gaps this module helps close.
    public var closes: [Int32]
    /// Modules that need this one first (when it is in the plan as a prerequisite).
    public var prerequisiteOf: [Int]
    public var order: Int
    /// The highest priority among the gaps it serves.
    public var priority: Priority
  }

  /// A level that needs practice evidence no module in the catalogue provides: the plan leaves
  /// it to supervised work, and says so.
  public struct WorkplaceNeed: Sendable, Hashable {
    public var competency: Int32
    public var level: Int
  }

  public enum Method: String, Sendable, Hashable {
    /// The least total hours, proven by exhaustive search.
    case exact
    /// Greedy set cover: within a factor H(k) of the least hours, k being the most gaps one
    /// module serves; `lowerBound` is a proven floor on the least hours.
    case greedy
  }

  /// The modules in order, with what each closes (worked out for person and team reports).
  public var steps: [Step]
  public var workplace: [WorkplaceNeed]
  /// Gaps no module open to the person's agency type can close.
  public var uncovered: [WorkplaceNeed]
  public var method: Method
  public var lowerBound: Double
  public var totalHours: Double
  /// The modules chosen, and those serving a mandatory gap (or needed first by one that does).
  var modules = ModuleSet()
  var mandatory = ModuleSet()

  public var moduleIndexes: [Int] { modules.members }

  public static let empty = TrainingPlan(steps: [], workplace: [], uncovered: [], method: .exact, lowerBound: 0, totalHours: 0)
}

/// Chooses modules to close gaps with the least total hours.
///
/// Each gap becomes "needs": one per evidence category its rule still lacks at the required
/// level (the blended rule gives a learning need and a practice need). A module meets a need when
/// it is open to the person's agency type, develops the competency (or an exact match) to at
/// least the required level, and is delivered in a mode of that category; choosing it brings
/// its prerequisites not yet completed. Needs that can share no module or prerequisite are
/// independent, so each group of linked needs is solved on its own (and cached: the same groups
/// recur across many people). A group is solved exactly by branch and bound when it has at most
/// 64 candidate modules and the search stays under 200,000 nodes, which holds for every group in
/// this framework; otherwise greedy cover gives a plan within H(k) of the least hours.
final class Recommender {
  struct Gap: Hashable {
    var competency: Int32
    var level: Int
    var priority: Priority
    /// The evidence categories still needed, one bit each (bit 7: any kind of evidence).
    var needs: UInt8
  }

  /// One need: a gap's missing evidence category, and the modules that meet it.
  struct Need {
    var gap: Int
    var options: [Int]
  }

  let model: AnalysisModel
  static let nodeLimit = 200_000
  /// Each module with all its prerequisites, transitively.
  let prerequisiteClosure: [ModuleSet]
  /// Solutions for groups of linked needs, which recur across many people.
  let componentCache: PlanCache

  /// A group of needs, by a 128-bit fingerprint of its needs that does not depend on their order.
  struct ComponentKey: Hashable, Sendable {
    var first: UInt64
    var second: UInt64
    var needs: Int
    var agencyType: Int
    var completed: ModuleSet
  }

  init(model: AnalysisModel, cache: PlanCache = PlanCache()) {
    self.model = model
    componentCache = cache
    var closures: [ModuleSet] = []
    for m in model.modules.indices {
      var set = ModuleSet()
      var stack = model.modules[m].prerequisites
      while let p = stack.popLast() {
        if set.contains(p) { continue }
        set.insert(p)
        stack += model.modules[p].prerequisites
      }
      closures.append(set)
    }
    prerequisiteClosure = closures
  }

  /// The plan for a person's gaps in an agency type (its number in the model), given the modules
  /// they have completed.
  func plan(gaps: [Gap], agencyType: Int, completed: ModuleSet, detail: PlanDetail = .full) -> TrainingPlan {
    solve(gaps: gaps, agencyType: agencyType, completed: completed, detail: detail)
  }

  func plan(gaps: [Gap], agencyType: String, completed: Set<Int>) -> TrainingPlan {
    let type = model.agencyTypes.firstIndex(of: agencyType) ?? model.agencyTypes.count - 1
    return solve(gaps: gaps, agencyType: type, completed: ModuleSet(completed), detail: .full)
  }

  /// Scratch space reused from one person to the next, moved into a local variable while in use.
  struct Scratch {
    var needGap: [Int] = []
    var needBit: [Int] = []
    var needReach: [ModuleSet] = []
    var groupReach: [ModuleSet] = []
    var groupPrint: [(UInt64, UInt64, Int)] = []
    var groupOf: [Int] = []
  }
  private var scratch: Scratch? = Scratch()
  private var local: [Int8] = []

  /// Mixes a need's code into 64 bits (SplitMix64's finaliser), for order-free fingerprints.
  static func mix(_ x: UInt64) -> UInt64 {
    var z = x &+ 0x9E37_79B9_7F4A_7C15
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  func solve(gaps: [Gap], agencyType: Int, completed: ModuleSet, detail: PlanDetail) -> TrainingPlan {
    var x = scratch!
    scratch = nil
    defer { scratch = x }
    var workplace: [TrainingPlan.WorkplaceNeed] = []
    var uncovered: [TrainingPlan.WorkplaceNeed] = []
    x.needGap.removeAll(keepingCapacity: true)
    x.needBit.removeAll(keepingCapacity: true)
    x.needReach.removeAll(keepingCapacity: true)
    x.groupReach.removeAll(keepingCapacity: true)
    x.groupPrint.removeAll(keepingCapacity: true)
    x.groupOf.removeAll(keepingCapacity: true)
    for (g, gap) in gaps.enumerated() {
      var bits = gap.needs
      while bits != 0 {
        let bit = bits.trailingZeroBitCount
        bits &= bits - 1
        let options = model.options(type: agencyType, competency: gap.competency, level: gap.level, bit: bit)
        if options.isEmpty {
          let need = TrainingPlan.WorkplaceNeed(competency: gap.competency, level: gap.level)
          if (UInt8(1) << UInt8(bit)) & model.practiceMask != 0 {
            if !workplace.contains(need) { workplace.append(need) }
          } else if !uncovered.contains(need) {
            uncovered.append(need)
          }
          continue
        }
        var reach = ModuleSet()
        for option in options { reach = reach.union(closure(option, completed: completed)) }
        // Needs that could share a module (or a prerequisite) are solved together: join every
        // group this need's reach touches.
        let code = UInt64(UInt32(bitPattern: gap.competency)) << 8 | UInt64(gap.level) << 3 | UInt64(bit)
        var print = (Self.mix(code), Self.mix(code ^ 0x5555_5555_5555_5555), 1)
        var into = -1
        for k in x.groupReach.indices where x.groupPrint[k].2 > 0 && x.groupReach[k].intersects(reach) {
          reach = reach.union(x.groupReach[k])
          print = (print.0 &+ x.groupPrint[k].0, print.1 &+ x.groupPrint[k].1, print.2 + x.groupPrint[k].2)
          if into < 0 {
            into = k
          } else {
            x.groupPrint[k].2 = 0
            for n in x.groupOf.indices where x.groupOf[n] == k { x.groupOf[n] = into }
          }
        }
        if into < 0 {
          into = x.groupReach.count
          x.groupReach.append(reach)
          x.groupPrint.append(print)
        } else {
          x.groupReach[into] = reach
          x.groupPrint[into] = print
        }
        x.needGap.append(g)
        x.needBit.append(bit)
        x.needReach.append(reach)
        x.groupOf.append(into)
      }
    }
    if x.needGap.isEmpty {
      return TrainingPlan(steps: [], workplace: workplace, uncovered: uncovered, method: .exact, lowerBound: 0, totalHours: 0)
    }
    var chosen = ModuleSet()
    var exact = true
    var lowerBound = 0.0
    for k in x.groupReach.indices where x.groupPrint[k].2 > 0 {
      let reach = x.groupReach[k]
      let key = ComponentKey(
        first: x.groupPrint[k].0, second: x.groupPrint[k].1, needs: x.groupPrint[k].2, agencyType: agencyType,
        completed: completed.intersection(reach))
      let solution: PlanCache.Solution
      if let cached = componentCache.get(key) {
        solution = cached
      } else {
        let needs = x.needGap.indices.filter { x.groupOf[$0] == k }.map { n in
          Need(gap: x.needGap[n], options: model.options(type: agencyType, competency: gaps[x.needGap[n]].competency, level: gaps[x.needGap[n]].level, bit: x.needBit[n]))
        }
        solution = cover(needs, reach: reach, completed: completed)
        componentCache.put(key, solution)
      }
      chosen = chosen.union(solution.modules)
      exact = exact && solution.exact
      lowerBound += solution.lowerBound
    }
    // Modules serving mandatory gaps, and what they need first.
    var mandatory = ModuleSet()
    for n in x.needGap.indices where gaps[x.needGap[n]].priority == .mandatory {
      let gap = gaps[x.needGap[n]]
      mandatory = mandatory.union(chosen.intersection(model.optionSet(type: agencyType, competency: gap.competency, level: gap.level, bit: x.needBit[n])))
    }
    for m in mandatory.members { mandatory = mandatory.union(prerequisiteClosure[m].intersection(chosen)) }
    var hours = 0.0
    let members = chosen.members
    for m in members { hours += model.modules[m].hours }
    var steps: [TrainingPlan.Step] = []
    if detail == .full {
      let needs = x.needGap.indices.map { n in
        Need(gap: x.needGap[n], options: model.options(type: agencyType, competency: gaps[x.needGap[n]].competency, level: gaps[x.needGap[n]].level, bit: x.needBit[n]))
      }
      steps = order(members, needs: needs, gaps: gaps)
    }
    var plan = TrainingPlan(
      steps: steps, workplace: workplace, uncovered: uncovered, method: exact ? .exact : .greedy, lowerBound: lowerBound,
      totalHours: hours)
    plan.modules = chosen
    plan.mandatory = mandatory
    return plan
  }

  /// The module and the prerequisites it brings. A completed module may be taken again (its
  /// evidence may have expired); completed prerequisites, and what they needed, are not.
  func closure(_ m: Int, completed: ModuleSet) -> ModuleSet {
    var result = ModuleSet([m])
    if !prerequisiteClosure[m].intersects(completed) { return result.union(prerequisiteClosure[m]) }
    var stack = model.modules[m].prerequisites
    while let p = stack.popLast() {
      if completed.contains(p) || result.contains(p) { continue }
      result.insert(p)
      stack += model.modules[p].prerequisites
    }
    return result
  }

  func closure(_ m: Int, completed: Set<Int>) -> [Int] { closure(m, completed: ModuleSet(completed)).members }

  /// The cheapest modules meeting every need of one group.
  func cover(_ needs: [Need], reach: ModuleSet, completed: ModuleSet) -> PlanCache.Solution {
    let candidates = reach.members
    if candidates.count <= 64, let exact = exactCover(needs: needs, candidates: candidates, completed: completed) {
      return (ModuleSet(exact), true, exact.reduce(0) { $0 + model.modules[$1].hours })
    }
    let (greedy, bound) = greedyCover(needs: needs, completed: completed)
    return (ModuleSet(greedy), false, bound)
  }

  /// Branch and bound over needs, fewest options first. Nil when the search is too large.
  func exactCover(needs: [Need], candidates: [Int], completed: ModuleSet) -> [Int]? {
    // Candidates are numbered 0..<64 for the search; `local` maps module numbers to them.
    if local.count < model.modules.count { local = Array(repeating: -1, count: model.modules.count) }
    for (i, m) in candidates.enumerated() { local[m] = Int8(i) }
    defer { for m in candidates { local[m] = -1 } }
    let hours = candidates.map { model.modules[$0].hours }
    var closures = [UInt64](repeating: 0, count: candidates.count)
    for (i, m) in candidates.enumerated() {
      var bits: UInt64 = 0
      closure(m, completed: completed).forEach { bits |= 1 << UInt64(local[$0]) }
      closures[i] = bits
    }
    // A need is met when any of its options is chosen.
    var needMasks = needs.map { need in need.options.reduce(UInt64(0)) { $0 | (1 << UInt64(local[$1])) } }
    needMasks.sort { $0.nonzeroBitCount < $1.nonzeroBitCount }
    func cost(_ set: UInt64) -> Double {
      var total = 0.0
      var s = set
      while s != 0 {
        total += hours[s.trailingZeroBitCount]
        s &= s - 1
      }
      return total
    }
    // Start from a quick greedy answer (cheapest option per open need), so pruning bites at once.
    var best: UInt64 = 0
    for mask in needMasks where mask & best == 0 {
      var pick = 0
      var pickCost = Double.infinity
      var options = mask
      while options != 0 {
        let i = options.trailingZeroBitCount
        let extra = cost(closures[i] & ~best)
        if extra < pickCost {
          pick = i
          pickCost = extra
        }
        options &= options - 1
      }
      best |= closures[pick]
    }
    var bestCost = cost(best)
    var nodes = 0
    var exhausted = false

    func search(_ chosen: UInt64, _ spent: Double) {
      nodes += 1
      if nodes > Self.nodeLimit {
        exhausted = true
        return
      }
      // Lower bound: the dearest of the cheapest ways to meet each open need.
      var firstOpen = -1
      var bound = spent
      for (n, mask) in needMasks.enumerated() where mask & chosen == 0 {
        if firstOpen < 0 { firstOpen = n }
        var cheapest = Double.infinity
        var options = mask
        while options != 0 {
          cheapest = min(cheapest, cost(closures[options.trailingZeroBitCount] & ~chosen))
          options &= options - 1
        }
        bound = max(bound, spent + cheapest)
      }
      if firstOpen < 0 {
        if spent < bestCost - 1e-9 || (abs(spent - bestCost) < 1e-9 && chosen.nonzeroBitCount < best.nonzeroBitCount) {
          best = chosen
          bestCost = spent
        }
        return
      }
      if bound >= bestCost - 1e-9 { return }
      // The open need's options, cheapest first (ties by number), on the stack: this runs at
      // every node of every search, and an array per node cost more than the search itself.
      let mask = needMasks[firstOpen]
      withUnsafeTemporaryAllocation(of: (Int, Double).self, capacity: mask.nonzeroBitCount) { options in
        var count = 0
        var rest = mask
        while rest != 0 {
          let i = rest.trailingZeroBitCount
          rest &= rest - 1
          let option = (i, cost(closures[i] & ~chosen))
          var at = count
          while at > 0 && (option.1, option.0) < (options[at - 1].1, options[at - 1].0) {
            options[at] = options[at - 1]
            at -= 1
          }
          options[at] = option
          count += 1
        }
        for k in 0..<count {
          search(chosen | closures[options[k].0], spent + options[k].1)
          if exhausted { return }
        }
      }
    }
    search(0, 0)
    if exhausted { return nil }
    var result: [Int] = []
    var s = best
    while s != 0 {
      result.append(candidates[s.trailingZeroBitCount])
      s &= s - 1
    }
    return result
  }

  /// Greedy set cover by hours per need met; returns the modules and a proven lower bound on the
  /// least hours (the dearest single need's cheapest option).
  func greedyCover(needs: [Need], completed: Set<Int>) -> ([Int], Double) {
    greedyCover(needs: needs, completed: ModuleSet(completed))
  }

  func greedyCover(needs: [Need], completed: ModuleSet) -> ([Int], Double) {
    var chosen = ModuleSet()
    var open = Array(needs.indices)
    var lowerBound = 0.0
    func hours(_ set: ModuleSet) -> Double { set.members.reduce(0) { $0 + model.modules[$1].hours } }
    for need in needs {
      lowerBound = max(lowerBound, need.options.map { hours(closure($0, completed: completed)) }.min() ?? 0)
    }
    while !open.isEmpty {
      var best: (module: Int, ratio: Double)? = nil
      var candidates = Set<Int>()
      for n in open { candidates.formUnion(needs[n].options) }
      for m in candidates.sorted() {
        let bring = closure(m, completed: completed).subtracting(chosen)
        let after = chosen.union(bring)
        let met = open.filter { n in needs[n].options.contains { after.contains($0) } }.count
        guard met > 0 else { continue }
        let ratio = hours(bring) / Double(met)
        if best == nil || ratio < best!.ratio { best = (m, ratio) }
      }
      guard let pick = best else { break }
      chosen = chosen.union(closure(pick.module, completed: completed))
      open.removeAll { n in needs[n].options.contains { chosen.contains($0) } }
    }
    return (chosen.members, lowerBound)
  }

  /// Orders the chosen modules: prerequisites before the modules that need them, and otherwise
  /// modules serving mandatory gaps first, then core, then desirable, then catalogue order.
  func order(_ chosen: [Int], needs: [Need], gaps: [Gap]) -> [TrainingPlan.Step] {
    let n = chosen.count
    var closes = Array(repeating: [Int32](), count: n)
    var priority = Array(repeating: Priority.desirable, count: n)
    for need in needs {
      let gap = gaps[need.gap]
      for (i, m) in chosen.enumerated() where need.options.contains(m) {
        if !closes[i].contains(gap.competency) { closes[i].append(gap.competency) }
        priority[i] = max(priority[i], gap.priority)
      }
    }
    // Within the plan: which chosen modules need which.
    let requires = chosen.map { m in model.modules[m].prerequisites.compactMap { chosen.firstIndex(of: $0) } }
    var dependents = Array(repeating: [Int](), count: n)
    for i in 0..<n { for p in requires[i] { dependents[p].append(i) } }
    // A prerequisite serves what its dependents serve.
    var changed = true
    while changed {
      changed = false
      for i in 0..<n { for d in dependents[i] where priority[d] > priority[i] {
        priority[i] = priority[d]
        changed = true
      } }
    }
    var placed = Array(repeating: false, count: n)
    var steps: [TrainingPlan.Step] = []
    for _ in 0..<n {
      var next = -1
      for i in 0..<n where !placed[i] && requires[i].allSatisfy({ placed[$0] }) {
        if next < 0 || priority[i] > priority[next] { next = i }
      }
      guard next >= 0 else { break }
      placed[next] = true
      steps.append(
        TrainingPlan.Step(
          module: chosen[next], hours: model.modules[chosen[next]].hours, closes: closes[next],
          prerequisiteOf: dependents[next].map { chosen[$0] }.sorted(), order: steps.count + 1, priority: priority[next]))
    }
    return steps
  }
}

/// Solved plan parts, shared by the analysers of one report (one per thread), under a lock.
public final class PlanCache: @unchecked Sendable {
  typealias Solution = (modules: ModuleSet, exact: Bool, lowerBound: Double)
  private var solutions: [Recommender.ComponentKey: Solution] = [:]
  private let lock = NSLock()

  public init() {}

  func get(_ key: Recommender.ComponentKey) -> Solution? { lock.withLock { solutions[key] } }

  func put(_ key: Recommender.ComponentKey, _ solution: Solution) { lock.withLock { solutions[key] = solution } }
}
