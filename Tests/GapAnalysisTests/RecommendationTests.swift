import Competency
import Foundation
import TestSupport
import Testing
import Workforce

@testable import GapAnalysis

func moduleIDs(_ plan: TrainingPlan) -> [String] { plan.steps.map { mini.modules[$0.module].id } }

@Suite struct RecommendationTests {
  @Test func theCheapestSetIsChosen() {
    // A council officer with nothing needs C-INF 2 and C-PRB 2 (learning and practice each) and
    // C-ENG 1 (anything). By hand: M-BLEND (20 h) meets all four INF/PRB needs and M-PRB-W (7 h)
    // the C-ENG one: 27 h. Without the blended course the best is 7 + 6 (INF) + 7 + 12 (PRB) = 32 h.
    let a = analyse { _, _ in }
    #expect(Set(moduleIDs(a.plan)) == ["M-BLEND", "M-PRB-W"])
    #expect(a.plan.totalHours == 27)
    #expect(a.plan.method == .exact)
    // Mandatory gaps first: the blended course serves C-INF (mandatory).
    #expect(moduleIDs(a.plan) == ["M-BLEND", "M-PRB-W"])
    #expect(a.plan.steps.map(\.order) == [1, 2])
    #expect(a.plan.steps[1].closes.map { miniModel.catalog.ids[Int($0)] }.sorted() == ["C-ENG", "C-PRB"])
  }

  @Test func evidenceAlreadyHeldShrinksThePlan() {
    // Practice at level 2 is already evidenced: only learning is missing for C-INF.
    let a = analyse { b, p in
      b.activity(p, "2026-03-01", .onTheJob, claims: ["C-INF:2", "C-PRB:2"])
      b.activity(p, "2026-03-02", .conference, claims: ["C-ENG:1"])
    }
    // C-INF learning: M-INF-ADV 7 h (M-INF-C would bring M-INF-E: 8 h); C-PRB learning: M-PRB-W 7 h.
    #expect(Set(moduleIDs(a.plan)) == ["M-INF-ADV", "M-PRB-W"])
    #expect(a.plan.totalHours == 14)
  }

  @Test func prerequisitesAreIncludedAndComeFirst() {
    // A police officer needs C-INF at 3: learning from M-INF-ADV, practice only from the
    // placement M-INF-J, which needs M-INF-C, which needs M-INF-E.
    let a = analyse(agency: "pol-n") { b, p in
      b.activity(p, "2026-03-01", .workshop, claims: ["C-PRB:3", "C-ENG:2"])
      b.activity(p, "2026-03-01", .onTheJob, claims: ["C-PRB:2"])
      b.activity(p, "2026-03-01", .classroom, claims: ["C-SAF:2"])
      b.activity(p, "2026-03-02", .coaching, claims: ["C-SAF:2"])
    }
    let ids = moduleIDs(a.plan)
    #expect(Set(ids) == ["M-INF-ADV", "M-INF-J", "M-INF-C", "M-INF-E"])
    #expect(ids.firstIndex(of: "M-INF-E")! < ids.firstIndex(of: "M-INF-C")!)
    #expect(ids.firstIndex(of: "M-INF-C")! < ids.firstIndex(of: "M-INF-J")!)
    #expect(a.plan.totalHours == 25)
    let e = a.plan.steps.first { mini.modules[$0.module].id == "M-INF-E" }!
    #expect(e.prerequisiteOf.map { mini.modules[$0].id } == ["M-INF-C"])
  }

  @Test func completedPrerequisitesAreNotRepeated() {
    let a = analyse(agency: "pol-n") { b, p in
      b.activity(p, "2025-01-01", .eLearning, claims: [], module: "M-INF-E")
      b.activity(p, "2025-02-01", .classroom, claims: [], module: "M-INF-C")
      b.activity(p, "2026-03-01", .workshop, claims: ["C-PRB:3", "C-ENG:2"])
      b.activity(p, "2026-03-01", .onTheJob, claims: ["C-PRB:2"])
      b.activity(p, "2026-03-01", .classroom, claims: ["C-SAF:2"])
      b.activity(p, "2026-03-02", .coaching, claims: ["C-SAF:2"])
    }
    #expect(Set(moduleIDs(a.plan)) == ["M-INF-ADV", "M-INF-J"])
  }

  @Test func onlyModulesOpenToThePersonsAgencyType() {
    let r = Recommender(model: miniModel)
    let saf = miniModel.catalog.index["C-SAF"]!
    let gap = Recommender.Gap(competency: saf, level: 2, priority: .mandatory, needs: 0b11)  // learning, practice
    let police = r.plan(gaps: [gap], agencyType: "police", completed: [])
    #expect(Set(moduleIDs(police)) == ["M-SAF-P", "M-MENTOR"])
    let council = r.plan(gaps: [gap], agencyType: "local-authority", completed: [])
    #expect(moduleIDs(council) == ["M-MENTOR"])
    #expect(council.uncovered == [TrainingPlan.WorkplaceNeed(competency: saf, level: 2)])
  }

  @Test func practiceNoModuleOffersIsLeftToTheWorkplaceAndSaid() {
    // The manager's C-TRA 2 needs practice, which no module provides: the plan names it.
    let a = analyse(role: "manager") { b, p in
      b.activity(p, "2026-03-01", .workshop, claims: ["C-PRB:3"])
      b.activity(p, "2026-03-01", .onTheJob, claims: ["C-PRB:3"])
    }
    #expect(moduleIDs(a.plan) == ["M-TRA"])
    #expect(a.plan.workplace == [TrainingPlan.WorkplaceNeed(competency: miniModel.catalog.index["C-TRA"]!, level: 2)])
  }

  @Test func expiringEvidenceIsRenewedInThePlan() {
    let a = analyse { b, p in
      b.activity(p, "2024-08-15", .classroom, claims: ["C-INF:2"])
      b.activity(p, "2024-08-15", .onTheJob, claims: ["C-INF:2"])
      b.activity(p, "2026-03-01", .workshop, claims: ["C-PRB:3", "C-ENG:2"])
      b.activity(p, "2026-03-01", .onTheJob, claims: ["C-PRB:2"])
    }
    #expect(requirement(a, "C-INF")?.status == .expiring)
    #expect(Set(moduleIDs(a.plan)) == ["M-INF-ADV", "M-MENTOR"])  // 7 + 6 h renew both kinds
  }

  @Test func noGapsNoPlan() {
    let a = analyse { b, p in
      b.activity(p, "2026-03-01", .classroom, claims: ["C-INF:2", "C-PRB:2", "C-ENG:1"])
      b.activity(p, "2026-03-02", .onTheJob, claims: ["C-INF:2", "C-PRB:2"])
    }
    #expect(a.requirements.allSatisfy { $0.status == .met })
    #expect(a.plan.steps.isEmpty)
  }
}

/// A brute-force reference: every subset of the catalogue, closed under prerequisites.
func bruteForceHours(gaps: [Recommender.Gap], agencyType: String, completed: Set<Int>) -> Double? {
  let modules = miniModel.modules
  var best: Double? = nil
  for subset in 0..<(1 << modules.count) {
    let chosen = (0..<modules.count).filter { subset & (1 << $0) != 0 }
    let set = Set(chosen)
    guard chosen.allSatisfy({ modules[$0].isOpen(to: agencyType) }) else { continue }
    guard chosen.allSatisfy({ modules[$0].prerequisites.allSatisfy { set.contains($0) || completed.contains($0) } }) else {
      continue
    }
    let meets = gaps.allSatisfy { gap in
      [UInt8(1), 2, 0x80].filter { gap.needs & $0 != 0 }.allSatisfy { mask in
        // Needs no module can meet are left out of the comparison (the plan reports them).
        let possible = modules.indices.contains { m in
          modules[m].isOpen(to: agencyType) && modules[m].mask & mask != 0
            && modules[m].develops.contains { miniModel.catalog.equivalents[Int(gap.competency)].contains($0.competency) && $0.level >= gap.level }
            && modules[m].prerequisites.allSatisfy { modules[$0].isOpen(to: agencyType) }
        }
        return !possible
          || chosen.contains { m in
            modules[m].mask & mask != 0
              && modules[m].develops.contains { miniModel.catalog.equivalents[Int(gap.competency)].contains($0.competency) && $0.level >= gap.level }
          }
      }
    }
    guard meets else { continue }
    let hours = chosen.reduce(0) { $0 + modules[$1].hours }
    if best == nil || hours < best! { best = hours }
  }
  return best
}

@Suite struct RecommendationReferenceTests {
  /// Seeded, so that a failure can be replayed: the seed is in every message, and
  /// `CPD_TEST_SEED=N swift test --filter RecommendationReferenceTests` runs that one again.
  @Test func matchesBruteForceOnRandomGapSets() {
    let seed = ProcessInfo.processInfo.environment["CPD_TEST_SEED"].flatMap { UInt64($0) } ?? 20_261_201
    var rng = SeededGenerator(seed: seed)
    let competencies = ["C-INF", "C-PRB", "C-ENG", "C-SAF", "C-TRA", "C-ACE"]
    let masks: [UInt8] = [1, 2, 0x80]  // learning, practice, any
    for _ in 0..<300 {
      var gaps: [Recommender.Gap] = []
      for c in competencies.shuffled(using: &rng).prefix(Int.random(in: 1...4, using: &rng)) {
        let needs = masks.filter { _ in Bool.random(using: &rng) }.reduce(UInt8(0), |)
        if needs == 0 { continue }
        gaps.append(
          Recommender.Gap(
            competency: miniModel.catalog.index[c]!, level: Int.random(in: 1...3, using: &rng),
            priority: Priority.allCases.randomElement(using: &rng)!, needs: needs))
      }
      if gaps.isEmpty { continue }
      let type = ["police", "local-authority"].randomElement(using: &rng)!
      let completed: Set<Int> = Bool.random(using: &rng) ? [mini.moduleIndex["M-INF-E"]!] : []
      let plan = Recommender(model: miniModel).plan(gaps: gaps, agencyType: type, completed: completed)
      let reference = bruteForceHours(gaps: gaps, agencyType: type, completed: completed)
      #expect(plan.totalHours == reference, "seed \(seed): gaps \(gaps) for \(type)")
      #expect(plan.method == .exact)
      // Every step's prerequisites come before it, or were completed.
      var seen = completed
      for step in plan.steps {
        #expect(mini.modules[step.module].prerequisites.allSatisfy { seen.contains(mini.moduleIndex[$0]!) })
        seen.insert(step.module)
      }
    }
  }

  @Test func greedyCoverMeetsEveryNeedWithinItsBound() {
    let r = Recommender(model: miniModel)
    let needs: [Recommender.Need] = [
      .init(gap: 0, options: [0, 1, 6]), .init(gap: 0, options: [2, 8]), .init(gap: 1, options: [4, 6]),
      .init(gap: 1, options: [5, 6]), .init(gap: 2, options: [4]),
    ]
    let (chosen, lowerBound) = r.greedyCover(needs: needs, completed: [])
    let set = Set(chosen.flatMap { r.closure($0, completed: []) })
    #expect(needs.allSatisfy { need in need.options.contains { set.contains($0) } })
    let hours = chosen.reduce(0) { $0 + miniModel.modules[$1].hours }
    #expect(lowerBound <= hours)
    #expect(lowerBound > 0)
  }
}

@Suite struct PlanCacheTests {
  /// Two police officers with the same gaps (C-INF at 3 among them); the first has completed the
  /// placement's prerequisites, the second has not. One analyser, so one cache: the second
  /// person's plan must still bring the prerequisites, whoever was planned first.
  @Test func aCompletedPrerequisiteIsPartOfWhatMakesTwoProblemsEqual() {
    var b = WorkforceBuilder([mini])
    func common(_ p: Int) {
      b.activity(p, "2026-03-01", .workshop, claims: ["C-PRB:3", "C-ENG:2"])
      b.activity(p, "2026-03-01", .onTheJob, claims: ["C-PRB:2"])
      b.activity(p, "2026-03-01", .classroom, claims: ["C-SAF:2"])
      b.activity(p, "2026-03-02", .coaching, claims: ["C-SAF:2"])
    }
    let done = b.person("done", role: "officer", agency: "pol-n")
    b.activity(done, "2025-01-01", .eLearning, claims: [], module: "M-INF-E")
    b.activity(done, "2025-02-01", .classroom, claims: [], module: "M-INF-C")
    common(done)
    let fresh = b.person("fresh", role: "officer", agency: "pol-n")
    common(fresh)
    let analyser = GapAnalyser(model: miniModel, asOf: asOf)
    let first = analyser.analyse(b.workforce, person: done)
    let second = analyser.analyse(b.workforce, person: fresh)
    #expect(Set(moduleIDs(first.plan)) == ["M-INF-ADV", "M-INF-J"])
    #expect(Set(moduleIDs(second.plan)) == ["M-INF-ADV", "M-INF-J", "M-INF-C", "M-INF-E"])
    #expect(second.plan.totalHours == 25)
  }
}
