import Competency
import Foundation
import JSON
import Records
import RecordsSQLite
import Workforce

/// A figure measured over several runs: its median, least and greatest.
public struct BenchSpread: Sendable {
  public var median: Double
  public var min: Double
  public var max: Double

  init(_ values: [Double]) {
    let sorted = values.sorted()
    min = sorted.first ?? 0
    max = sorted.last ?? 0
    let n = sorted.count
    median = n == 0 ? 0 : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
  }
}

/// One line of the benchmark: what was measured, in what unit, over how many runs.
public struct BenchFigure: Sendable {
  public var name: String
  public var unit: String
  public var spread: BenchSpread
}

/// What `cpd bench` measured on a demo store of a given size.
public struct BenchSuite: Sendable {
  public var practitioners: Int
  public var activities: Int
  public var runs: Int
  public var importRows: Int
  public var figures: [BenchFigure]

  public var json: JSONValue {
    let figures: [JSONValue] = figures.map { f in
      .object(
        JSONObject([
          ("name", .string(f.name)), ("unit", .string(f.unit)), ("median", .number(f.spread.median)), ("min", .number(f.spread.min)),
          ("max", .number(f.spread.max)),
        ]))
    }
    return .object(
      JSONObject([
        ("practitioners", .number(Double(practitioners))), ("activities", .number(Double(activities))),
        ("runs", .number(Double(runs))), ("importRows", .number(Double(importRows))), ("figures", .array(figures)),
      ]))
  }
}

/// How a finished child process went: wall seconds, CPU seconds and its peak resident memory.
struct ChildRun {
  var wall: Double
  var cpu: Double
  var peakMiB: Double
}

/// Runs a program as a whole process, its output to files, and reads the kernel's accounting of it.
enum ChildProcess {
  static func run(_ arguments: [String], stdout: String, stderr: String) throws -> ChildRun {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
    defer { for p in argv { free(p) } }
    var pid: pid_t = 0
    let start = DispatchTime.now().uptimeNanoseconds
    let rc = posix_spawn(&pid, arguments[0], &actions, nil, &argv, environ)
    guard rc == 0 else { throw BenchError("cannot start \(arguments[0]): \(String(cString: strerror(rc)))") }
    var status: Int32 = 0
    var usage = rusage()
    while wait4(pid, &status, 0, &usage) < 0 {
      guard errno == EINTR else { throw BenchError("lost \(arguments[0]): \(String(cString: strerror(errno)))") }
    }
    let wall = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    // Exited normally with status 0 (the wait status's low byte is the signal, the next the code).
    guard status & 0x7F == 0, (status >> 8) & 0xFF == 0 else {
      let said = (try? String(contentsOfFile: stderr, encoding: .utf8))?.split(separator: "\n").last.map(String.init) ?? ""
      throw BenchError("\(arguments.dropFirst().prefix(2).joined(separator: " ")) failed (wait status \(status)): \(said)")
    }
    func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
    return ChildRun(wall: wall, cpu: seconds(usage.ru_utime) + seconds(usage.ru_stime), peakMiB: Double(usage.ru_maxrss) / 1024)
  }
}

public struct BenchError: Error, CustomStringConvertible, Sendable {
  public var description: String
  init(_ description: String) { self.description = description }
}

extension Workspace {
  /// Builds a demo store of `practitioners` people in `scratch` (a folder the caller owns and
  /// removes), then times whole `cpd` processes (`executable`) on it, `runs` times each after
  /// one run not counted: the network report and the plain read in turn (so that a change in
  /// the machine's speed falls on both), with the ratio pair by pair; one person's gap report;
  /// and a CSV import of `importRows` activities into a fresh store each time.
  public static func benchSuite(
    executable: String, frameworkPaths: [String], frameworks: [Framework], practitioners: Int, runs: Int, importRows: Int,
    asOf: Day, scratch: String, progress: @escaping @Sendable (String) -> Void
  ) throws -> BenchSuite {
    let framework = frameworks[0]
    let storePath = (scratch as NSString).appendingPathComponent("bench.sqlite")
    let out = (scratch as NSString).appendingPathComponent("out")
    let err = (scratch as NSString).appendingPathComponent("err")
    let frameworkArguments = frameworkPaths.flatMap { ["--framework", $0] }
    func cpd(_ words: [String]) throws -> ChildRun {
      try ChildProcess.run([executable] + words + frameworkArguments, stdout: out, stderr: err)
    }
    // The store is built by a `cpd demo` process: a child's peak memory, as the kernel reports
    // it, is at least this process's at the time it started, so this one must stay small.
    progress("Building a demo store of \(practitioners) people...")
    _ = try cpd([
      "demo", "--practitioners", String(practitioners), "--store", storePath, "--out", (scratch as NSString).appendingPathComponent("demo"),
      "--as-of", asOf.description,
    ])
    let activities: Int
    let person: String
    do {
      let workspace = try open(StoreLocation(storePath), frameworks: frameworks, intent: .read)
      activities = try workspace.store.activityCount()
      // The demo numbers its people p000001 upwards; the one in the middle.
      person = String(format: "p%06d", max(1, practitioners / 2))
      guard try !workspace.store.practitioners(.people([person])).isEmpty else { throw BenchError("the demo store has no \(person)") }
    }
    let day = asOf.description
    var report: [ChildRun] = []
    var plain: [ChildRun] = []
    progress("Timing the network report against the plain read, in turn...")
    for run in 0...runs {
      let r = try cpd(["report", "network", "--store", storePath, "--as-of", day])
      let p = try cpd(["bench", "read", "--plain", "--store", storePath])
      if run > 0 {
        report.append(r)
        plain.append(p)
      }
    }
    progress("Timing one person's gap report...")
    var gap: [ChildRun] = []
    for run in 0...runs {
      let g = try cpd(["gap", person, "--store", storePath, "--as-of", day, "--format", "json"])
      if run > 0 { gap.append(g) }
    }
    progress("Timing CSV imports of \(importRows) activities into fresh stores...")
    let csvPath = (scratch as NSString).appendingPathComponent("import.csv")
    let people = (0..<1000).map { "bench-\($0)" }
    try writeBenchCSV(to: csvPath, rows: importRows, people: people, framework: framework, today: min(asOf, Day.today))
    var imports: [ChildRun] = []
    for run in 0...runs {
      let fresh = (scratch as NSString).appendingPathComponent("import-\(run).sqlite")
      do {
        let workspace = try open(StoreLocation(fresh), frameworks: frameworks, intent: .create)
        let service = workspace.service(as: .owner, today: max(asOf, Day.today))
        try service.addBenchPractitioners(people)
      }
      let i = try cpd(["import", "csv", csvPath, "--store", fresh])
      if run > 0 { imports.append(i) }
      removeStore(at: StoreLocation(fresh))
    }
    func figure(_ name: String, _ unit: String, _ values: [Double]) -> BenchFigure {
      BenchFigure(name: name, unit: unit, spread: BenchSpread(values))
    }
    let rows = Double(importRows)
    return BenchSuite(
      practitioners: practitioners, activities: activities, runs: runs, importRows: importRows,
      figures: [
        figure("network report, wall", "s", report.map(\.wall)),
        figure("network report, cpu", "s", report.map(\.cpu)),
        figure("network report, peak memory", "MiB", report.map(\.peakMiB)),
        figure("plain read, wall", "s", plain.map(\.wall)),
        figure("plain read, cpu", "s", plain.map(\.cpu)),
        figure("network report / plain read, wall", "ratio", zip(report, plain).map { $0.wall / $1.wall }),
        figure("network report / plain read, cpu", "ratio", zip(report, plain).map { $0.cpu / $1.cpu }),
        figure("one person's gap report, wall", "ms", gap.map { $0.wall * 1000 }),
        figure("one person's gap report, cpu", "ms", gap.map { $0.cpu * 1000 }),
        figure("CSV import into a fresh store, wall", "activities/s", imports.map { rows / $0.wall }),
        figure("CSV import into a fresh store, cpu", "activities/s", imports.map { rows / $0.cpu }),
        figure("CSV import, peak memory", "MiB", imports.map(\.peakMiB)),
      ])
  }

  /// `benchCSV` written to a new file a part at a time, so that this process stays small.
  static func writeBenchCSV(to path: String, rows: Int, people: [String], framework: Framework, today: Day) throws {
    guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]),
      let file = FileHandle(forWritingAtPath: path)
    else { throw BenchError("cannot write \(path)") }
    defer { try? file.close() }
    let part = 20_000
    for start in stride(from: 0, to: rows, by: part) {
      var text = benchCSV(rows: min(part, rows - start), people: people, framework: framework, today: today, from: start)
      if start > 0 { text = String(text.drop { $0 != "\n" }.dropFirst()) }
      try file.write(contentsOf: Data(text.utf8))
    }
  }

  /// A CSV of generated activities for `people`, each claiming two competencies, half an hour
  /// each and spread over days so that no one's day reaches 24 hours.
  static func benchCSV(rows: Int, people: [String], framework: Framework, today: Day, from first: Int = 0) -> String {
    let competencies = framework.competencies.map(\.id)
    let kinds = ActivityKind.allCases
    var csv = "practitioner,date,kind,hours,title,competencies\n"
    csv.reserveCapacity(rows * 80)
    for i in first..<(first + rows) {
      let day = today.adding(days: -((i / people.count) % 1400))
      csv += "\(people[i % people.count]),\(day),\(kinds[i % kinds.count].rawValue),0.5,Generated activity \(i),"
      csv += "\(competencies[i % competencies.count]):\(1 + i % 3);\(competencies[(i + 1 + i % 5) % competencies.count]):1\n"
    }
    return csv
  }
}

extension Service {
  /// Adds practitioners `ids` (named after their ids) in the framework's first agency and role.
  func addBenchPractitioners(_ ids: [String]) throws(RecordsError) {
    let agency = framework.agencies[0].id
    let role = framework.roles[0].id
    let batch = try ids.map { id throws(RecordsError) in
      try self.rules.check(NewPractitioner(id: id, name: "Bench \(id)", agency: agency, team: "bench", role: role))
    }
    try actor.require(.managePeople)
    try store.add(batch, actor: actor.auditActor)
  }
}
