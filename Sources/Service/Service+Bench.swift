import Competency
import Foundation
import GapAnalysis
import Interchange
import Records
import Workforce

/// Figures the benchmarks print.
public struct BenchFigures: Sendable {
  public var lines: [(String, String)]
}

extension Service {
  /// Logs `count` activities one transaction at a time, as `cpd log` does, calling `committed`
  /// with each id once it is durably stored. Returns the median milliseconds per activity.
  public func benchWrite(practitioner: String, count: Int, committed: (String) -> Void) throws(RecordsError) -> Double {
    let competency = framework.competencies[0].id
    var latencies: [Double] = []
    for i in 0..<count {
      let start = DispatchTime.now().uptimeNanoseconds
      let activity = NewActivity(
        practitioner: practitioner, date: today.adding(days: -(i % 3000)), kind: .reading, hours: 0.25, title: "Bench reading \(i)",
        claims: [ClaimedLevel(competency: competency, level: 1)])
      committed(try log(activity, source: "bench"))
      latencies.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
    }
    latencies.sort()
    return latencies[count / 2]
  }

  /// Writes a CSV of `rows` generated activities for the store's practitioners (adding 1,000 when
  /// it has none), imports it as `cpd import csv` does, and times the whole import and the reading
  /// and checking alone.
  public func benchImport(rows: Int) throws -> BenchFigures {
    var people = try store.practitioners(.everyone).map(\.id)
    if people.isEmpty {
      people = (0..<1000).map { "bench-\($0)" }
      try addBenchPractitioners(people)
    }
    let csv = Workspace.benchCSV(rows: rows, people: people, framework: framework, today: today)
    let bytes = Array(csv.utf8)
    let file = "bench.csv"
    let start = Date()
    _ = try importCSV(bytes, file: file)
    let stored = Date()
    // For the breakdown: reading and checking alone.
    let parseStart = Date()
    let checker = rules
    var checked = 0
    let reader = try ActivityCSV.reader(bytes, file: file)
    while let row = try reader.next() {
      _ = try checker.check(row.activity)
      checked += 1
    }
    let parsed = Date()
    precondition(checked == rows)
    func rate(_ seconds: TimeInterval) -> String { String(format: "%.0f rows/s (%.2f s)", Double(rows) / seconds, seconds) }
    return BenchFigures(lines: [
      ("rows", String(rows)),
      ("whole import (read, check and store, one transaction)", rate(stored.timeIntervalSince(start))),
      ("of which reading and checking alone", rate(parsed.timeIntervalSince(parseStart))),
    ])
  }

  /// Reads the store as the reports do (into plain values), or with `plain` merely steps through
  /// every row an analysis reads: the baseline a report is measured against.
  public func benchRead(plain: Bool) throws(RecordsError) -> BenchFigures {
    try actor.require(.readAggregates)
    let start = Date()
    if plain {
      let rows = try store.readEveryRow()
      return BenchFigures(lines: [("rows", String(rows)), ("read", String(format: "%.3f s", Date().timeIntervalSince(start)))])
    }
    let workforce = try store.workforce(catalog: model.catalog, framework: framework, filter: .everyone)
    return BenchFigures(lines: [
      ("people", String(workforce.people.count)), ("activities", String(workforce.items.count)),
      ("claims", String(workforce.claims.count)), ("read", String(format: "%.3f s", Date().timeIntervalSince(start))),
    ])
  }

  /// Reads everyone and analyses them (the network report's work), timing each part.
  public func benchAnalyse(asOf: Day, plans: Bool) throws(RecordsError) -> BenchFigures {
    try actor.require(.readAggregates)
    let t0 = Date()
    let workforce = try store.workforce(catalog: model.catalog, framework: framework, filter: .everyone)
    let t1 = Date()
    let report = GroupAnalysis.report(workforce, scope: .network, model: model, asOf: asOf, plans: plans)
    let t2 = Date()
    return BenchFigures(lines: [
      ("people", String(workforce.people.count)), ("activities", String(workforce.items.count)),
      ("requirements", String(report.requirements)), ("read", String(format: "%.3f s", t1.timeIntervalSince(t0))),
      ("analyse", String(format: "%.3f s", t2.timeIntervalSince(t1))),
    ])
  }
}
