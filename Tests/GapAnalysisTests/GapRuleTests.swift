import Competency
import TestSupport
import Testing
import Workforce

@testable import GapAnalysis

let mini = MiniFramework.load()
let miniModel = AnalysisModel(frameworks: [mini])
let asOf = Day("2026-06-30")!

/// Analyses one person built by `build`, as of 2026-06-30.
func analyse(
  role: String = "officer", agency: String = "la-n", on day: Day = asOf, _ build: (inout WorkforceBuilder, Int) -> Void
) -> PersonAnalysis {
  var b = WorkforceBuilder([mini])
  let p = b.person("p", role: role, agency: agency)
  build(&b, p)
  return GapAnalyser(model: miniModel, asOf: day).analyse(b.workforce, person: p)
}

func requirement(_ a: PersonAnalysis, _ competency: String) -> RequirementResult? {
  a.requirements.first { miniModel.catalog.ids[Int($0.competency)] == competency }
}

@Suite struct EvidencedLevelTests {
  @Test func classroomAloneDoesNotLiftALevelThatNeedsPractice() {
    let a = analyse { b, p in b.activity(p, "2026-03-01", .classroom, claims: ["C-INF:2"]) }
    #expect(requirement(a, "C-INF")?.evidenced == 1)
    #expect(requirement(a, "C-INF")?.status == .below)
  }

  @Test func onTheJobAloneDoesNotEither() {
    let a = analyse { b, p in b.activity(p, "2026-03-01", .onTheJob, claims: ["C-INF:3"]) }
    #expect(requirement(a, "C-INF")?.evidenced == 1)
  }

  @Test func learningAndPracticeTogetherMeetTheBlendedRule() {
    let a = analyse { b, p in
      b.activity(p, "2026-03-01", .classroom, claims: ["C-INF:2"])
      b.activity(p, "2026-04-01", .mentoringReceived, claims: ["C-INF:3"])
    }
    #expect(requirement(a, "C-INF")?.evidenced == 2)  // level 3 needs learning at 3 too
    #expect(requirement(a, "C-INF")?.status == .met)
  }

  @Test func aBlendedModuleProvidesBothKindsOfEvidence() {
    let a = analyse { b, p in b.activity(p, "2026-03-01", .classroom, claims: ["C-INF:2", "C-PRB:2"], module: "M-BLEND") }
    #expect(requirement(a, "C-INF")?.evidenced == 2)
    #expect(requirement(a, "C-PRB")?.evidenced == 2)
  }

  @Test func aCompletedModuleCountsForWhatItDevelops() {
    // The activity names the module but claims nothing itself.
    let a = analyse { b, p in
      b.activity(p, "2026-03-01", .workshop, claims: [], module: "M-PRB-W")
      b.activity(p, "2026-03-05", .onTheJob, claims: ["C-PRB:3"])
    }
    #expect(requirement(a, "C-PRB")?.evidenced == 3)
    // The workshop develops C-ENG to 2 as well, but that is learning alone: level 1.
    #expect(requirement(a, "C-ENG")?.evidenced == 1)
  }

  @Test func aCompetencyWithItsOwnLevelOneRuleNeedsLearningThere() {
    // C-SAF's level 1 needs learning; on-the-job work alone evidences nothing.
    let a = analyse(agency: "pol-n") { b, p in b.activity(p, "2026-03-01", .onTheJob, claims: ["C-SAF:2"]) }
    #expect(requirement(a, "C-SAF")?.evidenced == 0)
    let b = analyse(agency: "pol-n") { b, p in b.activity(p, "2026-03-01", .eLearning, claims: ["C-SAF:1"]) }
    #expect(requirement(b, "C-SAF")?.evidenced == 1)
  }

  @Test func pendingActivitiesNeverCountButAreShown() {
    let a = analyse { b, p in
      b.activity(p, "2026-03-01", .classroom, .pending, claims: ["C-INF:2"])
      b.activity(p, "2026-03-02", .onTheJob, .pending, claims: ["C-INF:2"])
      b.activity(p, "2026-03-03", .reading, .rejected, claims: ["C-INF:2"])
    }
    #expect(requirement(a, "C-INF")?.evidenced == 0)
    #expect(requirement(a, "C-INF")?.pending == 2)
    #expect(requirement(a, "C-INF")?.status == .missing)
    #expect(a.pendingActivities == 2)
    #expect(a.oldestPending == Day("2026-03-01"))
  }

  @Test func supersededActivitiesNoLongerCount() {
    let a = analyse { b, p in
      b.activity(p, "2026-03-01", .classroom, claims: ["C-INF:2"], superseded: true)
      b.activity(p, "2026-03-02", .onTheJob, claims: ["C-INF:2"])
    }
    #expect(requirement(a, "C-INF")?.evidenced == 1)
  }

  @Test func activitiesAfterTheAnalysisDateAreIgnored() {
    let a = analyse { b, p in
      b.activity(p, "2026-03-01", .classroom, claims: ["C-INF:2"])
      b.activity(p, "2026-03-02", .onTheJob, claims: ["C-INF:2"])
    }
    #expect(requirement(a, "C-INF")?.status == .met)
    let earlier = analyse(on: Day("2026-03-01")!) { b, p in
      b.activity(p, "2026-03-01", .classroom, claims: ["C-INF:2"])
      b.activity(p, "2026-03-02", .onTheJob, claims: ["C-INF:2"])
    }
    #expect(requirement(earlier, "C-INF")?.evidenced == 1)
  }

  @Test func crosswalkedEvidenceCounts() {
    // C-ACE is an exact match of C-TRA: the manager's C-TRA requirement is met through it.
    let a = analyse(role: "manager") { b, p in
      b.activity(p, "2026-03-01", .classroom, claims: ["C-ACE:2"])
      b.activity(p, "2026-03-02", .coaching, claims: ["C-ACE:2"])
    }
    #expect(requirement(a, "C-TRA")?.evidenced == 2)
    #expect(requirement(a, "C-TRA")?.status == .met)
  }
}

@Suite struct CurrencyTests {
  func evidenced(on date: String) -> (Int, GapStatus, Day?) {
    let a = analyse { b, p in
      b.activity(p, date, .classroom, claims: ["C-INF:2"])
      b.activity(p, date, .onTheJob, claims: ["C-INF:2"])
    }
    let r = requirement(a, "C-INF")!
    return (r.evidenced, r.status, r.lapsesOn)
  }

  @Test func evidenceOlderThanTheCurrencyWindowHasExpired() {
    // C-INF stays current 24 months: evidence of 2024-06-29 lapses on 2026-06-29.
    let (level, status, _) = evidenced(on: "2024-06-29")
    #expect(level == 0)
    #expect(status == .expired)
  }

  @Test func evidenceThatLapsesWithinNinetyDaysIsExpiring() {
    let (level, status, lapses) = evidenced(on: "2024-08-15")
    #expect(level == 2)
    #expect(status == .expiring)
    #expect(lapses == Day("2026-08-15"))
  }

  @Test func evidenceLapsingAfterTheWindowIsMet() {
    let (_, status, lapses) = evidenced(on: "2024-10-01")  // lapses 2026-10-01, after 2026-09-28
    #expect(status == .met)
    #expect(lapses == nil)  // worked out only for what is expiring
  }

  @Test func onTheLastDayItIsStillCurrent() {
    let (level, _, _) = evidenced(on: "2024-07-01")  // lapses 2026-07-01, the day after the analysis date
    #expect(level == 2)
  }

  @Test func otherCompetenciesUseTheDefaultThirtySixMonths() {
    let a = analyse { b, p in
      b.activity(p, "2024-01-10", .workshop, claims: ["C-PRB:2"])
      b.activity(p, "2024-01-10", .onTheJob, claims: ["C-PRB:2"])
    }
    #expect(requirement(a, "C-PRB")?.status == .met)
  }

  @Test func aLevelCanFallBackRatherThanToNothing() {
    // Level 2 evidence expires; newer level 1 reading keeps the competency at 1: below, not expired.
    let a = analyse { b, p in
      b.activity(p, "2023-01-10", .classroom, claims: ["C-INF:2"])
      b.activity(p, "2023-01-10", .onTheJob, claims: ["C-INF:2"])
      b.activity(p, "2026-05-01", .reading, claims: ["C-INF:1"])
    }
    #expect(requirement(a, "C-INF")?.evidenced == 1)
    #expect(requirement(a, "C-INF")?.status == .expired)
  }
}

@Suite struct RequirementTests {
  @Test func theAgencyOverlayApplies() {
    let council = analyse(agency: "la-n") { _, _ in }
    let police = analyse(agency: "pol-n") { _, _ in }
    #expect(council.requirements.map { miniModel.catalog.ids[Int($0.competency)] } == ["C-INF", "C-PRB", "C-ENG"])
    #expect(police.requirements.map { miniModel.catalog.ids[Int($0.competency)] } == ["C-INF", "C-PRB", "C-ENG", "C-SAF"])
    #expect(requirement(police, "C-INF")?.required == 3)
    #expect(requirement(police, "C-SAF")?.priority == .mandatory)
    #expect(council.requirements.allSatisfy { $0.status == .missing })
  }

  @Test func confidenceThatDisagreesWithEvidenceIsFlagged() {
    let a = analyse { b, p in
      b.activity(p, "2026-03-01", .classroom, claims: ["C-INF:2"])
      b.activity(p, "2026-03-02", .onTheJob, claims: ["C-INF:2"])
      b.activity(p, "2026-03-02", .workshop, claims: ["C-PRB:3"])
      b.activity(p, "2026-03-02", .onTheJob, claims: ["C-PRB:3"])
      b.rating(p, "C-INF", 4, on: "2026-01-01")  // over by 2
      b.rating(p, "C-PRB", 1, on: "2026-01-01")  // under by 2
      b.rating(p, "C-ENG", 1, on: "2026-01-01")  // evidenced 0: one level apart, not flagged
      b.rating(p, "C-TRA", 3, on: "2025-01-01")
      b.rating(p, "C-TRA", 1, on: "2026-02-01")  // the later rating replaces the earlier
    }
    #expect(
      a.mismatches.map { "\(miniModel.catalog.ids[Int($0.competency)]) \($0.selfRated)/\($0.evidenced)" }
        == ["C-INF 4/2", "C-PRB 1/3"])
    #expect(a.mismatches.map(\.overconfident) == [true, false])
  }
}

@Suite struct ParallelAnalysisTests {
  /// The network totals do not depend on how many threads worked them out (and, under the
  /// ThreadSanitizer run, no thread writes where another reads).
  @Test func theParallelReportEqualsTheSerialOne() {
    var rng = SeededGenerator(seed: 7)
    var b = WorkforceBuilder([mini])
    let kinds: [ActivityKind] = [.classroom, .onTheJob, .workshop, .reading]
    for i in 0..<120 {
      let p = b.person("p\(i)", role: i % 7 == 0 ? "manager" : "officer", agency: ["la-n", "pol-n", "la-s"][i % 3])
      for _ in 0..<Int.random(in: 0...6, using: &rng) {
        let claim = ["C-INF", "C-PRB", "C-ENG", "C-SAF"].randomElement(using: &rng)! + ":\(Int.random(in: 1...3, using: &rng))"
        b.activity(p, "2026-0\(Int.random(in: 1...6, using: &rng))-1\(Int.random(in: 0...9, using: &rng))", kinds.randomElement(using: &rng)!,
                   [.verified, .pending].randomElement(using: &rng)!, claims: [claim])
      }
    }
    let w = b.workforce
    let asOf = Day("2026-06-30")!
    let serial = GroupAnalysis.report(w, scope: .network, model: miniModel, asOf: asOf, parallelFrom: .max)
    let parallel = GroupAnalysis.report(w, scope: .network, model: miniModel, asOf: asOf, parallelFrom: 1)
    #expect(parallel.byCompetency == serial.byCompetency)
    #expect(parallel.heatmap == serial.heatmap)
    #expect(parallel.modules == serial.modules)
    #expect(parallel.requirements == serial.requirements)
    #expect(parallel.expiring == serial.expiring)
    // Region rows add up to the whole network.
    let rowTotal = parallel.heatmap.reduce(0) { $0 + $1.cells.reduce(0) { $0 + ($1?.total ?? 0) } }
    #expect(rowTotal == parallel.requirements)
  }
}
