import Competency
import Demo
import TestSupport
import Testing
import Workforce

@testable import GapAnalysis

/// The demo's workforce (shipped framework, every agency type, completed modules, expired and
/// pending evidence) as the analyser sees it.
func demoWorkforce(_ framework: Framework, people count: Int, seed: UInt64, asOf: Day) -> Workforce {
  let demo = DemoWorkforce(framework: framework, practitioners: count, seed: seed, asOf: asOf)
  let lookup = ModuleLookup(framework: framework)
  var b = WorkforceBuilder([framework])
  for (i, person) in demo.people.enumerated() {
    let p = b.person(person.id, role: person.role, agency: person.agency, team: person.team, name: person.name)
    for a in demo.activities(of: i, lookup: lookup) {
      b.activity(
        p, "\(a.date)", a.kind, a.signOff?.decision ?? .pending, claims: a.claims.map(\.text), module: a.module, hours: a.hours,
        participatory: a.participatory ?? true)
    }
    for r in demo.ratings(of: i) { b.rating(p, r.competency, r.level, on: "\(r.day)") }
  }
  return b.workforce
}

@Suite struct PlanCacheDemoTests {
  /// Every person's plan, and the network report, come out the same whether plans are shared
  /// through the cache (in any order, on any thread) or each is solved afresh.
  @Test func plansFromTheCacheEqualPlansSolvedAfresh() throws {
    let framework = try Framework.load(from: shippedFrameworkPath)
    let model = AnalysisModel(frameworks: [framework])
    let asOf = Day("2026-06-30")!
    let w = demoWorkforce(framework, people: 1_500, seed: 11, asOf: asOf)
    let cached = GapAnalyser(model: model, asOf: asOf)
    let afresh = GapAnalyser(model: model, asOf: asOf, plans: PlanCache(enabled: false))
    var planned = 0
    for detail in [PlanDetail.modules, .full] {
      // Backwards through the people, then forwards: the cache must not depend on who came first.
      for person in Array(w.people.indices.reversed()) + Array(w.people.indices) {
        let a = cached.analyse(w, person: person, plan: detail)
        let b = afresh.analyse(w, person: person, plan: detail)
        #expect(a.plan == b.plan, "person \(w.people[person].id)")
        if !a.plan.modules.isEmpty { planned += 1 }
      }
    }
    let shared = cached.recommender.componentCache.solutionsKept
    // The demo is varied enough to mean something: many plans, from fewer distinct groups of needs.
    #expect(planned > 2_000)
    #expect(shared > 50 && shared < planned / 2, "\(shared) kept of \(planned)")
    let fast = GroupAnalysis.report(w, scope: .network, model: model, asOf: asOf, parallelFrom: 500)
    let slow = GroupAnalysis.report(w, scope: .network, model: model, asOf: asOf, parallelFrom: .max, cache: PlanCache(enabled: false))
    #expect(fast.modules == slow.modules)
    #expect(fast.byCompetency == slow.byCompetency)
    #expect(fast.heatmap == slow.heatmap)
    #expect(fast.workplaceNeeds == slow.workplaceNeeds)
  }
}
