import Certificates
import Competency
import Demo
import Foundation
import GapAnalysis
import Records
import Reports
import JSON
import Workforce

struct DemoCommand: Command {
  static let name = "demo"
  static let abstract = "Build a synthetic Welsh workforce in a fresh store and write its reports."
  static let discussion: String? = """
    Builds a seeded, realistic workforce (about 2,000 people by default) across the real Welsh agencies
    and regions, with a few years of CPD history, in a fresh store; then writes a team, an agency, a
    region and the network report, one person's gap report, the network's cohort plan and a signed CPD
    certificate into the output folder, and prints where they are. The same seed gives the same data.
    """
  static let options = [
    OptionSpec.option("--practitioners", value: "n", help: "How many people (default: 2000)."),
    OptionSpec.option("--seed", value: "s", help: "Random seed (default: 2026)."),
    OptionSpec.option("--store", value: "path", help: "The store to build (default: <out>/cpd-demo.sqlite; an existing --store is refused)."),
    OptionSpec.option("--out", value: "dir", help: "Where to write the reports (default: Records/demo)."),
    Common.asOf, Common.framework, Common.lang,
  ]

  let arguments: ParsedArguments
  let count: Int
  let seed: UInt64
  let out: String
  let storePath: String
  let asOf: Day
  let language: String

  init(_ arguments: ParsedArguments) throws(CLIError) {
    self.arguments = arguments
    guard let count = Int(arguments.value("--practitioners") ?? "2000"), (10...1_000_000).contains(count) else {
      throw .usage("--practitioners takes a number from 10 to 1000000")
    }
    self.count = count
    guard let seed = UInt64(arguments.value("--seed") ?? "2026") else { throw .usage("--seed takes a whole number") }
    self.seed = seed
    out = arguments.value("--out") ?? "Records/demo"
    storePath = arguments.value("--store") ?? (out as NSString).appendingPathComponent("cpd-demo.sqlite")
    asOf = try Common.day(arguments)
    language = try Common.language(arguments)
  }

  func run() throws {
    let frameworks = try Common.loadFrameworks(Common.frameworkPaths(arguments))
    let fm = FileManager.default
    if fm.fileExists(atPath: storePath) {
      guard arguments.value("--store") == nil else {
        throw CLIError.failure("\(storePath): already exists; the demo builds a fresh store (remove it or give another --store)")
      }
      for suffix in ["", "-wal", "-shm"] { try? fm.removeItem(atPath: storePath + suffix) }
      try? fm.removeItem(atPath: storePath + "-evidence")
    }
    let started = Date()
    let showProgress = Output.stderrIsTerminal || count >= 20_000
    Output.standardError("Building a workforce of \(count) people (seed \(seed))...\n")
    let demo = DemoWorkforce(framework: frameworks[0], practitioners: count, seed: seed, asOf: asOf)
    let store = try SQLiteStore.open(at: storePath, create: true)
    let progressLock = NSLock()
    nonisolated(unsafe) var progress = Progress("Generating and storing activities", force: showProgress)
    try demo.populate(store) { _, done, total in
      progressLock.lock()
      progress.update(done, of: total)
      progressLock.unlock()
    }
    progress.finish()
    let activities = try store.activityCount()
    Output.standardError(
      "Stored \(demo.people.count) people and \(activities) activities in \(String(format: "%.1f", Date().timeIntervalSince(started))) s\n")
    try writeReports(store: store, frameworks: frameworks, people: demo.people)
    Output.standardOutput("Store: \(storePath) (\(demo.people.count) practitioners, \(activities) activities)\n")
  }

  /// A council community safety team, its agency and region, the network, and one of the team.
  func writeReports(store: SQLiteStore, frameworks: [Framework], people: [NewPractitioner]) throws {
    let framework = frameworks[0]
    let model = AnalysisModel(frameworks: frameworks)
    let context = ReportContext(model: model, language: language)
    let featured =
      people.first { $0.agency == "cardiff-council" && $0.manager == nil }
      ?? people.first { framework.agency($0.agency)?.type == "local-authority" && $0.manager == nil } ?? people[0]
    let agency = featured.agency
    let region = framework.agency(agency)?.regions.first ?? framework.regions[0].id
    try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
    var written: [(String, String)] = []
    func write(_ name: String, _ text: String, _ what: String) throws {
      let path = (out as NSString).appendingPathComponent(name)
      try Output.emit(text, to: path)
      written.append((what, path))
    }
    let scopes: [(Scope, PeopleFilter, String, String)] = [
      (.team(featured.team), .team(featured.team), "team-report", "Team report (\(featured.team))"),
      (.agency(agency), .agencies([agency]), "agency-report", "Agency report (\(framework.agency(agency)?.name.en ?? agency))"),
      (.region(region), .agencies(framework.agencies.filter { $0.regions.contains(region) }.map(\.id)), "region-report",
       "Region report (\(region))"),
      (.network, .everyone, "network-report", "Network report"),
    ]
    var teamReport: GroupReport? = nil
    var everyone: Workforce? = nil
    for (scope, filter, name, what) in scopes {
      let workforce = try store.workforce(catalog: model.catalog, framework: framework, filter: filter)
      if case .network = scope { everyone = workforce }
      let report = GroupAnalysis.report(workforce, scope: scope, model: model, asOf: asOf)
      if case .team = scope { teamReport = report }
      let document = GroupReportDocument(report: report, context: context)
      try write(name + ".html", document.html, what)
      if case .team = scope { try write(name + ".csv", document.csv, "Team report as CSV") }
      if case .network = scope { try write(name + ".json", JSONWriter.string(document.json), "Network report as JSON") }
    }
    // The team member with the most open gaps.
    if let member = teamReport?.members.filter({ $0.person.manager != nil })
      .max(by: { $0.analysis.requirements.filter(\.status.isGap).count < $1.analysis.requirements.filter(\.status.isGap).count })
      ?? teamReport?.members.first
    {
      let gap = PersonGapReport(person: member.person, analysis: member.analysis, asOf: asOf, context: context)
      try write("gap-\(member.person.id).html", gap.html, "Gap report for \(member.person.name) (\(member.person.id))")
      try write("gap-\(member.person.id).json", JSONWriter.string(gap.json), "Gap report as JSON")
    }
    if let everyone {
      // The network's cohort plan, with the default limits.
      let instance = PlanningInstance.demand(everyone, model: model, asOf: asOf, budget: 100, minAgencyTypes: 2, maxHoursPerPerson: nil)
      let start = Date()
      let plan = CohortPlanner.plan(instance)
      let document = CohortPlanDocument(
        instance: instance, plan: plan, seconds: Date().timeIntervalSince(start), language: language,
        moduleTitles: Dictionary(uniqueKeysWithValues: framework.modules.map { ($0.id, $0.title.text(language)) }),
        regionNames: Dictionary(uniqueKeysWithValues: framework.regions.map { ($0.id, $0.title.text(language)) }))
      try write("cohort-plan.html", document.html, "Cohort plan (\(plan.cohorts.count) cohorts, \(Int((100 * (1 - plan.relativeGap)).rounded()))% of the bound)")
      try write("cohort-plan.json", JSONWriter.string(document.json), "Cohort plan as JSON")
      try writeCertificate(everyone, model: model, write: write)
    }
    Output.standardOutput("Reports written:\n")
    for (what, path) in written { Output.standardOutput("  \(what): \(path)\n") }
  }
}

extension DemoCommand {
  /// A certificate for the first person who met the CPD policy in the last full year, signed with
  /// issuer keys made beside the demo store.
  func writeCertificate(_ workforce: Workforce, model: AnalysisModel, write: (String, String, String) throws -> Void) throws {
    let year = asOf.components.year - 1
    guard let period = CPDPeriod(String(year)) else { return }
    for p in workforce.people.indices {
      guard let compliance = CPDCompliance.assess(workforce, person: p, framework: model.framework, period: period), compliance.isMet
      else { continue }
      let directory = storePath + "-keys"
      let keys =
        FileManager.default.fileExists(atPath: directory)
        ? try IssuerKeys.load(from: directory) : try IssuerKeys.create(in: directory, name: "Wales Safer Communities Network")
      let id = workforce.people[p].id
      for format in [Format.html, .json] {
        let text = try CertificateIssue.certificate(
          workforce, person: p, compliance: compliance, model: model, keys: keys, format: format, language: language)
        try write("certificate-\(id).\(format.rawValue)", text, format == .html ? "CPD certificate \(year) for \(id)" : "CPD certificate as Open Badges 3.0 JSON")
      }
      return
    }
  }
}

struct BenchAnalyse: Command {
  static let name = "analyse"
  static let abstract = "Time reading the whole store and analysing every practitioner (the network report's work)."
  static let options = [
    Common.store, Common.framework, Common.asOf,
    OptionSpec.flag("--no-plans", help: "Assess requirements only, without recommending training."),
  ]

  let arguments: ParsedArguments
  init(_ arguments: ParsedArguments) throws(CLIError) { self.arguments = arguments }

  func run() throws {
    let w = try Workspace.open(arguments)
    let asOf = try Common.day(arguments)
    let t0 = Date()
    let model = AnalysisModel(frameworks: w.frameworks)
    let workforce = try w.store.workforce(catalog: model.catalog, framework: w.framework)
    let t1 = Date()
    let report = GroupAnalysis.report(workforce, scope: .network, model: model, asOf: asOf, plans: !arguments.has("--no-plans"))
    let t2 = Date()
    Output.standardOutput(
      """
      people: \(workforce.people.count), activities: \(workforce.items.count), requirements: \(report.requirements)
      read: \(String(format: "%.3f", t1.timeIntervalSince(t0))) s
      analyse: \(String(format: "%.3f", t2.timeIntervalSince(t1))) s

      """)
  }
}
