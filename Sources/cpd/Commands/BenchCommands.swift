import Competency
import Foundation
import Records
import Workforce

let benchGroup = CommandGroup(
  name: "bench", abstract: "Measure the store: write latency, import rate, full read.",
  children: [.command(BenchWrite.self), .command(BenchImport.self), .command(BenchRead.self), .command(BenchAnalyse.self)])

struct BenchWrite: Command {
  static let name = "write"
  static let abstract = "Log activities one transaction at a time, printing each id once it is committed."
  static let discussion: String? = """
    Each activity goes through the same path as 'cpd log'. An id on standard output means that
    activity is durably stored; the crash-safety and concurrency tests kill and race this command.
    Prints timing figures on standard error at the end.
    """
  static let options = [
    OptionSpec.option("--practitioner", value: "id", help: "Whose activities to log."),
    OptionSpec.option("--count", value: "n", help: "How many (default: 100)."),
    Common.store, Common.framework,
  ]

  let arguments: ParsedArguments
  let count: Int
  init(_ arguments: ParsedArguments) throws(CLIError) {
    self.arguments = arguments
    guard arguments.value("--practitioner") != nil else { throw .usage("missing --practitioner") }
    guard let count = Int(arguments.value("--count") ?? "100"), count > 0 else { throw .usage("--count takes a positive number") }
    self.count = count
  }

  func run() throws {
    let w = try Workspace.open(arguments)
    let who = arguments.value("--practitioner")!
    let competency = w.framework.competencies[0].id
    var latencies: [Double] = []
    for i in 0..<count {
      let start = DispatchTime.now().uptimeNanoseconds
      let activity = NewActivity(
        practitioner: who, date: w.rules.today.adding(days: -(i % 3000)), kind: .reading, hours: 0.25,
        participatory: false, title: "Bench reading \(i)", claims: [ClaimedLevel(competency: competency, level: 1)])
      try w.rules.check(activity)
      let ids = try w.store.log([activity], source: "bench", frameworkVersion: w.framework.version, actor: .currentOperator)
      Output.standardOutput(ids[0] + "\n")
      latencies.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
    }
    latencies.sort()
    Output.standardError(
      "bench write: \(count) activities, median \(String(format: "%.2f", latencies[count / 2])) ms per committed activity\n")
  }
}

struct BenchImport: Command {
  static let name = "import"
  static let abstract = "Time a CSV import of generated activities into a store."
  static let discussion: String? = """
    Writes a CSV of N activities for the store's practitioners (adding 1,000 practitioners first when it
    has none), then imports it as 'cpd import csv' does and prints rows per second for parsing and
    checking, for storing, and for the whole import.
    """
  static let options = [
    OptionSpec.option("--rows", value: "n", help: "Activities in the file (default: 100000)."),
    Common.store, Common.framework,
  ]

  let arguments: ParsedArguments
  let rows: Int
  init(_ arguments: ParsedArguments) throws(CLIError) {
    self.arguments = arguments
    guard let rows = Int(arguments.value("--rows") ?? "100000"), rows > 0 else { throw .usage("--rows takes a positive number") }
    self.rows = rows
  }

  func run() throws {
    let w = try Workspace.open(arguments, create: true)
    try w.store.bind(framework: w.framework)
    var people = try w.store.practitioners().map(\.id)
    if people.isEmpty {
      let agency = w.framework.agencies[0].id
      let role = w.framework.roles[0].id
      let batch = (0..<1000).map {
        NewPractitioner(id: "bench-\($0)", name: "Bench Person \($0)", agency: agency, team: "bench", role: role)
      }
      try w.store.add(batch, actor: .currentOperator)
      people = batch.map(\.id)
    }
    let competencies = w.framework.competencies.map(\.id)
    let kinds = ActivityKind.allCases
    var csv = "practitioner,date,kind,hours,title,competencies\n"
    for i in 0..<rows {
      let day = w.rules.today.adding(days: -(i % 1400))
      csv += "\(people[i % people.count]),\(day),\(kinds[i % kinds.count].rawValue),0.5,Generated activity \(i),"
      csv += "\(competencies[i % competencies.count]):\(1 + i % 3);\(competencies[(i + 1 + i % 5) % competencies.count]):1\n"
    }
    let file = NSTemporaryDirectory() + "cpd-bench-\(ProcessInfo.processInfo.processIdentifier).csv"
    try Data(csv.utf8).write(to: URL(fileURLWithPath: file))
    defer { try? FileManager.default.removeItem(atPath: file) }

    // As 'cpd import csv' does: rows are read and checked on one core while the other stores them.
    let start = Date()
    let stream = try ActivityCSV.stream(try readInput(file), file: file, rules: w.rules)
    _ = try w.store.importActivities(
      stream, creating: [], source: "csv", frameworkVersion: w.framework.version, actor: .currentOperator)
    let stored = Date()
    // For the breakdown: reading and checking alone, and storing alone (into a second store).
    let parseStart = Date()
    let activities = try ActivityCSV.read(try readInput(file), file: file, rules: w.rules)
    let parsed = Date()
    func rate(_ seconds: TimeInterval) -> String { String(format: "%.0f rows/s (%.2f s)", Double(rows) / seconds, seconds) }
    Output.standardOutput(
      """
      rows: \(rows)
      whole import (read, check and store, one transaction): \(rate(stored.timeIntervalSince(start)))
      of which reading and checking alone: \(rate(parsed.timeIntervalSince(parseStart)))

      """)
    precondition(activities.count == rows)
  }
}

struct BenchRead: Command {
  static let name = "read"
  static let abstract = "Time reading every practitioner, activity and self-assessment for analysis."
  static let discussion: String? = """
    By default reads the store as the reports do (into plain values, one connection per core). With
    --plain, merely steps through every row of the practitioners, activities and self_assessments tables
    on one connection, reading each column and nothing more: the baseline a report is measured against.
    """
  static let options = [
    OptionSpec.flag("--plain", help: "Step through every row without building anything."), Common.store, Common.framework,
  ]

  let arguments: ParsedArguments
  init(_ arguments: ParsedArguments) throws(CLIError) { self.arguments = arguments }

  func run() throws {
    if arguments.has("--plain") {
      let store = try SQLiteStore.open(at: Common.storePath(arguments))
      let start = Date()
      let rows = try store.readEveryRow(of: ["practitioners", "activities", "self_assessments"])
      Output.standardOutput("rows: \(rows)\nread: \(String(format: "%.3f", Date().timeIntervalSince(start))) s\n")
      return
    }
    let w = try Workspace.open(arguments)
    let start = Date()
    let workforce = try w.store.workforce(catalog: CompetencyCatalog(w.frameworks), framework: w.framework)
    let seconds = Date().timeIntervalSince(start)
    Output.standardOutput(
      """
      people: \(workforce.people.count)
      activities: \(workforce.items.count)
      claims: \(workforce.claims.count)
      read: \(String(format: "%.3f", seconds)) s

      """)
  }
}
