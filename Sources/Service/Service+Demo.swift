import Certificates
import CohortPlanning
import Competency
import Demo
import Foundation
import GapAnalysis
import JSON
import Records
import RecordsSQLite
import Reports
import Workforce

/// One file the demo writes: its name in the output folder, what it is, and its content.
public struct DemoFile: Sendable {
  public var name: String
  public var what: String
  public var text: String
}

/// A login the demo made, with its password (printed once, never stored in clear).
public struct DemoLogin: Sendable {
  public var login: String
  public var role: LoginRole
  public var practitioner: String?
  public var password: String
}

/// What `cpd demo` built.
public struct DemoResult: Sendable {
  public var location: String
  public var practitioners: Int
  public var activities: Int
  public var seconds: Double
  public var files: [DemoFile]
  /// One login per role, for trying the web application.
  public var logins: [DemoLogin]
}

extension Workspace {
  /// Removes a store and everything kept beside it.
  public static func removeStore(at location: StoreLocation) {
    let fm = FileManager.default
    for file in SQLiteStore.files(forPath: location.value) { try? fm.removeItem(atPath: file) }
  }

  /// Builds the demo: a seeded synthetic workforce in a fresh store (written through the store
  /// interface), then the reports a newcomer should see: a council team's, its agency's and
  /// region's, the network's, one person's gaps, the network's cohort plan and a certificate.
  public static func demo(
    at location: StoreLocation, frameworks: [Framework], practitioners count: Int, seed: UInt64, asOf: Day, language: String,
    progress: @escaping @Sendable (String, Int, Int) -> Void
  ) throws -> DemoResult {
    let started = Date()
    let framework = frameworks[0]
    let demo = DemoWorkforce(framework: framework, practitioners: count, seed: seed, asOf: asOf)
    let workspace: Workspace
    do {
      workspace = try open(location, frameworks: frameworks, intent: .create)
      try demo.populate(workspace.store, progress: progress)
    }
    let built = Date().timeIntervalSince(started)
    let service = workspace.service(as: .owner, today: max(asOf, Day.today))
    let files = try service.demoReports(people: demo.people, asOf: asOf, language: language)
    let logins = try service.demoLogins(people: demo.people)
    return DemoResult(
      location: workspace.store.location, practitioners: demo.people.count, activities: try workspace.store.activityCount(),
      seconds: built, files: files, logins: logins)
  }
}

extension Service {
  /// The person the demo's reports feature: a council team's manager.
  func featuredPerson(_ people: [NewPractitioner]) -> NewPractitioner {
    people.first { $0.agency == "cardiff-council" && $0.manager == nil }
      ?? people.first { framework.agency($0.agency)?.type == "local-authority" && $0.manager == nil } ?? people[0]
  }

  /// One login per role with a fresh random password: the featured team's manager as team
  /// leader, a member of that team as practitioner, and a planner, an admin and a learning platform.
  func demoLogins(people: [NewPractitioner]) throws(RecordsError) -> [DemoLogin] {
    let leader = featuredPerson(people)
    let member = people.first { $0.manager == leader.id && $0.team == leader.team } ?? people.first { $0.id != leader.id } ?? leader
    let wanted: [(String, LoginRole, String?)] = [
      ("demo-practitioner", .practitioner, member.id), ("demo-team-leader", .teamLeader, leader.id), ("demo-planner", .planner, nil),
      ("demo-admin", .admin, nil), ("demo-lms", .lms, nil),
    ]
    var made: [DemoLogin] = []
    for (name, role, person) in wanted {
      let password = Passwords.generate()
      _ = try addLogin(name, role: role, practitioner: person, password: password)
      made.append(DemoLogin(login: name, role: role, practitioner: person, password: password))
    }
    return made
  }

  func demoReports(people: [NewPractitioner], asOf: Day, language: String) throws -> [DemoFile] {
    let context = ReportContext(model: model, language: language)
    let featured = featuredPerson(people)
    let agency = featured.agency
    let region = framework.homeRegion(ofAgency: agency) ?? framework.regions[0].id
    var files: [DemoFile] = []
    let team = try groupReport(.team(featured.team), asOf: asOf)
    let teamDocument = GroupReportDocument(report: team, context: context)
    files.append(DemoFile(name: "team-report.html", what: "Team report (\(featured.team))", text: teamDocument.html))
    files.append(DemoFile(name: "team-report.csv", what: "Team report as CSV", text: teamDocument.csv))
    let agencyReport = try report(.agency(agency), asOf: asOf, language: language)
    files.append(
      DemoFile(name: "agency-report.html", what: "Agency report (\(framework.agency(agency)?.name.en ?? agency))", text: agencyReport.html))
    let regionReport = try report(.region(region), asOf: asOf, language: language)
    files.append(DemoFile(name: "region-report.html", what: "Region report (\(region))", text: regionReport.html))
    let network = try report(.network, asOf: asOf, language: language)
    files.append(DemoFile(name: "network-report.html", what: "Network report", text: network.html))
    files.append(DemoFile(name: "network-report.json", what: "Network report as JSON", text: JSONWriter.string(network.json)))
    // The team member with the most open gaps.
    if let member = team.members.filter({ $0.person.manager != nil })
      .max(by: { $0.analysis.requirements.filter(\.status.isOpenGap).count < $1.analysis.requirements.filter(\.status.isOpenGap).count })
      ?? team.members.first
    {
      let gap = PersonGapReport(person: member.person, analysis: member.analysis, asOf: asOf, context: context)
      files.append(DemoFile(name: "gap-\(member.person.id).html", what: "Gap report for \(member.person.name) (\(member.person.id))", text: gap.html))
      files.append(DemoFile(name: "gap-\(member.person.id).json", what: "Gap report as JSON", text: JSONWriter.string(gap.json)))
    }
    // The network's cohort plan, with the default limits but a short time limit: the demo stays quick.
    let planned = try plan(asOf: asOf, limits: PlanLimits(timeLimit: PlanLimits.demoTimeLimit), language: language)
    let share = Int((100 * (1 - planned.plan.relativeGap)).rounded())
    files.append(
      DemoFile(name: "cohort-plan.html", what: "Cohort plan (\(planned.plan.cohorts.count) cohorts, \(share)% of the bound)", text: planned.document.html))
    files.append(DemoFile(name: "cohort-plan.json", what: "Cohort plan as JSON", text: JSONWriter.string(planned.document.json)))
    files += try demoCertificate(asOf: asOf, language: language)
    return files
  }

  /// A certificate for the first person who met the CPD policy in the last full year, signed with
  /// issuer keys made beside the demo store.
  func demoCertificate(asOf: Day, language: String) throws -> [DemoFile] {
    let year = asOf.components.year - 1
    guard let period = CPDPeriod(String(year)) else { return [] }
    let everyone = try store.workforce(catalog: model.catalog, framework: framework, filter: .everyone)
    for p in everyone.people.indices {
      guard let compliance = CPDCompliance.assess(everyone, person: p, framework: framework, period: period), compliance.isMet
      else { continue }
      if IssuerKeys.did(in: store.keysDirectory) == nil {
        // A reserved example address: a real issuer publishes its pages and status list at its own.
        _ = try createIssuerKeys(
          name: "Wales Safer Communities Network", site: "https://cpd.example.org", directory: nil, replacing: false)
      }
      guard case .issued(let issued, _) = try certificate(everyone, person: p, period: period, keysDirectory: store.keysDirectory)
      else { continue }
      let id = everyone.people[p].id
      var files = [
        DemoFile(name: "certificate-\(id).html", what: "CPD certificate \(year) for \(id)", text: issued.html(language: language)),
        DemoFile(name: "certificate-\(id).json", what: "The same certificate as Open Badges 3.0 JSON", text: issued.json),
        DemoFile(name: "certificate-\(id).svg", what: "Its badge, with the credential baked in", text: issued.badge),
      ]
      if let jwt = issued.jwt {
        files.append(DemoFile(name: "certificate-\(id).jwt", what: "The same certificate as a VC-JWT", text: jwt + "\n"))
      }
      return files
    }
    return []
  }
}
