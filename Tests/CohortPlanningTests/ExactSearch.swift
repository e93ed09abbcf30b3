@testable import CohortPlanning

/// The planner's former exhaustive search, kept as a second oracle for the tests (plain
/// enumeration reaches only the smallest instances): branch and bound over every way of placing each pair (in an existing cohort of its key, in a
/// new one, or nowhere). Pairs come in prerequisite order, so a pair's prerequisites are decided
/// before it; a cohort's minimum size is checked once its module's pairs are all decided, and
/// agency mixing when every pair is. The bound is the weight still undecided.
struct ExactSearch {
  static let nodeLimit = 2_000_000
  var problem: PlanningProblem
  let order: [Int]
  let remaining: [Double]
  var bestValue: Double
  var best: [PlanningProblem.Cohort]? = nil
  var nodes = 0
  var aborted = false

  init(problem: PlanningProblem, incumbent: Double) {
    self.problem = problem
    var rank = [Int](repeating: 0, count: problem.instance.modules.count)
    for (i, m) in problem.moduleOrder.enumerated() { rank[m] = i }
    let pairs = problem.pairs
    order = pairs.indices.sorted {
      (rank[pairs[$0].module], -pairs[$0].weight, pairs[$0].person) < (rank[pairs[$1].module], -pairs[$1].weight, pairs[$1].person)
    }
    var remaining = [Double](repeating: 0, count: order.count + 1)
    for i in order.indices.reversed() { remaining[i] = remaining[i + 1] + pairs[order[i]].weight }
    self.remaining = remaining
    bestValue = incumbent
  }

  mutating func run() { search(0, 0) }

  mutating func search(_ i: Int, _ value: Double) {
    nodes += 1
    if nodes > Self.nodeLimit {
      aborted = true
      return
    }
    let pairs = problem.pairs
    if i > 0 && (i == order.count || pairs[order[i]].module != pairs[order[i - 1]].module) {
      let finished = pairs[order[i - 1]].module
      let minimum = problem.instance.modules[finished].minSize
      for cohort in problem.cohorts where problem.keys[cohort.key].module == finished && cohort.pairs.count < minimum { return }
    }
    if value + remaining[i] <= bestValue + 1e-9 { return }
    if i == order.count {
      guard problem.cohorts.indices.allSatisfy({ problem.isMixedEnough($0) }) else { return }
      bestValue = value
      best = problem.cohorts
      return
    }
    let x = order[i]
    let weight = pairs[x].weight
    if problem.eligible(x) {
      let k = pairs[x].key
      let size = problem.module(ofKey: k).maxSize
      for c in problem.cohorts.indices where problem.cohorts[c].key == k && problem.cohorts[c].pairs.count < size {
        problem.place(x, in: c)
        search(i + 1, value + weight)
        problem.unplace(x)
        if aborted { return }
      }
      if problem.cohorts.count < problem.instance.budget {
        problem.cohorts.append(PlanningProblem.Cohort(key: k, pairs: []))
        problem.place(x, in: problem.cohorts.count - 1)
        search(i + 1, value + weight)
        problem.unplace(x)
        problem.cohorts.removeLast()
        if aborted { return }
      }
    }
    search(i + 1, value)
  }
}

extension ExactSearch {
  /// The best objective, or nil when the search hit its node limit.
  static func optimum(_ instance: PlanningInstance) -> Double? {
    let problem = PlanningProblem(instance)
    var search = ExactSearch(problem: problem, incumbent: -1)
    search.run()
    if search.aborted { return nil }
    return search.best.map { $0.reduce(0) { $0 + problem.value($1) } } ?? 0
  }
}
