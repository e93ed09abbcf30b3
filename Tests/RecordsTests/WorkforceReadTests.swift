import Competency
import Foundation
import Records
import RecordsSQLite
import TestSupport
import Testing
import Workforce

@Suite struct WorkforceReadTests {
  @Test func readsPeopleActivitiesClaimsAndRatingsAsPlainValues() throws {
    let f = try StoreFixture()
    let a = try f.log("p1", "2026-03-01", .classroom, hours: 6, module: "M-INF-C")
    try f.log("p1", "2026-03-04", .onTheJob, hours: 2, claims: ["C-INF:2", "C-PRB:1"], reflection: "Learnt a lot")
    try f.log("p2", "2026-03-01", .reading, hours: 1, claims: ["C-SAF:1"])
    try f.signOff(a)
    try f.assess("p2", "C-SAF", 3, on: "2026-06-30")
    let catalog = CompetencyCatalog([f.framework])
    let w = try f.store.workforce(catalog: catalog, framework: f.framework, filter: .everyone)
    #expect(w.people.map(\.id) == ["mgr", "p1", "p2"])
    #expect(w.items(of: 0).isEmpty)
    let p1 = Array(w.items(of: 1))
    #expect(p1.map(\.kind) == [.classroom, .onTheJob])
    #expect(p1.map(\.status) == [.verified, .pending])
    #expect(p1[0].module == Int16(f.framework.moduleIndex["M-INF-C"]!))
    #expect(p1[1].module == -1)
    #expect(p1.map(\.centihours) == [600, 200])
    #expect(p1.map(\.reflectionWords) == [0, 3])
    #expect(w.claims(of: p1[1]).map { catalog.ids[Int($0.competency)] + ":\($0.level)" } == ["C-INF:2", "C-PRB:1"])
    #expect(w.claims(of: p1[0]).map { catalog.ids[Int($0.competency)] } == ["C-INF"])
    #expect(Array(w.ratings(of: 2)) == [SelfRating(competency: catalog.index["C-SAF"]!, level: 3, day: StoreFixture.today)])
    #expect(w.people[1].manager == "mgr")
  }

  @Test func parallelReadMatchesFilteredReads() throws {
    let dir = TemporaryDirectory()
    let f = try StoreFixture()
    // Six readers' worth of rows, read by one connection per core.
    let store = try SQLiteStore.open(at: dir.file("parallel.sqlite"), access: .create, rowsPerParallelReader: 100)
    try store.add(try f.store.practitioners(.everyone).map { p throws(RecordsError) in
      try f.rules.check(NewPractitioner(id: p.id, name: p.name, agency: p.agency, team: p.team, role: p.role))
    }, actor: .owner)
    var rows: [CheckedActivity] = []
    for i in 0..<600 {
      let who = ["mgr", "p1", "p2"][i % 3]
      rows.append(
        try f.rules.check(
          NewActivity(
            practitioner: who, date: Day("2026-01-01")!.adding(days: i % 150), kind: ActivityKind.allCases[i % 13], hours: 0.5,
            title: "Row \(i)",
            // Many activities share a claims text, in every reader's part; some claim two.
            claims: [ClaimedLevel(competency: ["C-INF", "C-PRB", "C-TRA"][i % 3], level: 1 + i % 4)]
              + (i % 7 == 0 ? [ClaimedLevel(competency: "C-SAF", level: 1 + i % 2)] : []))))
    }
    _ = try store.log(rows, source: "test", frameworkVersion: "1.0.0", actor: .owner)
    let catalog = CompetencyCatalog([f.framework])
    let all = try store.workforce(catalog: catalog, framework: f.framework, filter: .everyone)
    for (p, person) in all.people.enumerated() {
      let alone = try store.workforce(catalog: catalog, framework: f.framework, filter: .people([person.id]))
      #expect(Array(all.items(of: p)).map(\.day) == Array(alone.items(of: 0)).map(\.day))
      #expect(all.items(of: p).flatMap { all.claims(of: $0) } == alone.items(of: 0).flatMap { alone.claims(of: $0) })
    }
    #expect(all.items.count == 600)
    for (p, who) in ["mgr", "p1", "p2"].enumerated() {
      #expect(all.people[p].id == who)
      for (k, item) in all.items(of: p).enumerated() {
        let i = p + 3 * k
        let expected = ["\(["C-INF", "C-PRB", "C-TRA"][i % 3]):\(1 + i % 4)"] + (i % 7 == 0 ? ["C-SAF:\(1 + i % 2)"] : [])
        #expect(all.claims(of: item).map { "\(catalog.ids[Int($0.competency)]):\($0.level)" } == expected)
      }
    }
    let team = try store.workforce(catalog: catalog, framework: f.framework, filter: .team("North CSP"))
    #expect(team.items.count == 600)
    let police = try store.workforce(catalog: catalog, framework: f.framework, filter: .agencies(["pol-n"]))
    #expect(police.people.map(\.id) == ["p2"])
    #expect(police.items.count == 200)
  }
}

