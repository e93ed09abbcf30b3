import Competency
import Foundation
import JSON
import Service

/// Cohort plans run in the background (CBC may take its whole time limit): the form starts a
/// job, and the job's page says it is running until the plan is there.
final class PlanJobs: @unchecked Sendable {
  enum State {
    case running(started: Date)
    case done(PlannedCohorts)
    case failed(String)
  }

  struct Job {
    var owner: Int64
    var state: State
  }

  private let lock = NSLock()
  private var jobs: [String: Job] = [:]

  func start(owner: Int64, _ work: @escaping @Sendable () throws -> PlannedCohorts) -> String {
    let id = UUID().uuidString.lowercased()
    lock.withLock {
      // Keep the latest few per login only.
      let mine = jobs.filter { $0.value.owner == owner }.keys
      if mine.count >= 5, let oldest = mine.first { jobs[oldest] = nil }
      jobs[id] = Job(owner: owner, state: .running(started: Date()))
    }
    DispatchQueue.global(qos: .userInitiated).async {
      let state: State
      do {
        state = .done(try work())
      } catch {
        state = .failed("\(error)")
      }
      self.lock.withLock { self.jobs[id]?.state = state }
    }
    return id
  }

  /// A job, for the login that started it only.
  func job(_ id: String, owner: Int64) -> State? {
    lock.withLock { jobs[id].flatMap { $0.owner == owner ? $0.state : nil } }
  }
}

extension Pages {
  static func planForm(_ c: inout Context, failure: [(field: String, message: String)]?) throws -> HTTPResponse {
    let session = try c.signedIn()
    try session.service.checkPlan(PlanLimits())
    let errors = failure ?? []
    let r = c.request
    var body = Layout.errorSummary(c, errors)
    body += "<h1>\(Markup.esc(c.t(.planTitle)))</h1><p>\(Markup.esc(c.t(.planIntro)))</p>"
    body += "<form method=\"post\" action=\"/plan\" novalidate>\(c.csrfField)"
    body += Layout.field(c, name: "sessions", label: c.t(.sessions), input: Layout.input(name: "sessions", value: r.field("sessions") ?? "100", attributes: "inputmode=\"numeric\" class=\"short\""), hint: c.t(.sessionsHint), errors: errors)
    body += Layout.field(c, name: "max-hours", label: c.t(.maxHours), input: Layout.input(name: "max-hours", value: r.field("max-hours") ?? "", attributes: "inputmode=\"decimal\" class=\"short\""), hint: c.t(.maxHoursHint), errors: errors)
    body += Layout.field(c, name: "agency-mix", label: c.t(.agencyMix), input: Layout.input(name: "agency-mix", value: r.field("agency-mix") ?? "2", attributes: "inputmode=\"numeric\" class=\"short\""), hint: c.t(.agencyMixHint), errors: errors)
    body += Layout.field(c, name: "time-limit", label: c.t(.timeLimit), input: Layout.input(name: "time-limit", value: r.field("time-limit") ?? "30", attributes: "inputmode=\"numeric\" class=\"short\""), hint: c.t(.timeLimitHint), errors: errors)
    body += "<fieldset><legend>\(Markup.esc(c.t(.regionsOptional)))</legend>"
    let chosen = Set(r.form["region"] ?? [])
    for region in c.framework.regions {
      let id = "region-\(Markup.esc(region.id))"
      body += "<div class=\"check\"><input type=\"checkbox\" id=\"\(id)\" name=\"region\" value=\"\(Markup.esc(region.id))\"\(chosen.contains(region.id) ? " checked" : "")><label for=\"\(id)\">\(Markup.esc(region.title.text(c.language)))</label></div>"
    }
    body += "</fieldset><button type=\"submit\">\(Markup.esc(c.t(.makePlan)))</button></form>"
    return Layout.page(c, title: c.t(.planTitle), body: body, status: failure == nil ? 200 : 400)
  }

  static func startPlan(_ c: inout Context) throws -> HTTPResponse {
    let session = try c.checkedForm()
    let r = c.request
    var errors: [(field: String, message: String)] = []
    let sessions = Int(r.field("sessions")?.trimmingCharacters(in: .whitespaces) ?? "")
    if sessions == nil || sessions! < 1 || sessions! > 10_000 { errors.append(("sessions", c.t(.sessionsError))) }
    var maxHours: Double? = nil
    if let text = r.field("max-hours")?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
      maxHours = Double(text)
      if maxHours == nil || maxHours! <= 0 { errors.append(("max-hours", c.t(.maxHoursError))) }
    }
    let mix = Int(r.field("agency-mix")?.trimmingCharacters(in: .whitespaces) ?? "")
    if mix == nil || mix! < 1 || mix! > 20 { errors.append(("agency-mix", c.t(.agencyMixError))) }
    let limit = Double(r.field("time-limit")?.trimmingCharacters(in: .whitespaces) ?? "")
    if limit == nil || limit! < 1 || limit! > 600 { errors.append(("time-limit", c.t(.timeLimitError))) }
    guard errors.isEmpty else { return try planForm(&c, failure: errors) }
    let limits = PlanLimits(budget: sessions, maxHoursPerPerson: maxHours, minAgencyTypes: mix, regions: r.form["region"] ?? [], timeLimit: limit)
    let service = try c.app.reader(session)
    // The access model is checked now, before any work starts.
    try service.checkPlan(limits)
    let asOf = c.today
    let language = c.language
    let id = c.app.jobs.start(owner: session.login.number) { try service.plan(asOf: asOf, limits: limits, language: language) }
    return Layout.redirect("/plan/jobs/\(id)")
  }

  static func planJob(_ c: inout Context, id: String) throws -> HTTPResponse {
    let session = try c.signedIn()
    guard let state = c.app.jobs.job(id, owner: session.login.number) else { throw WebFailure.notFound }
    switch state {
    case .running(let started):
      let seconds = Int(Date().timeIntervalSince(started))
      let body = """
        <h1>\(Markup.esc(c.t(.planRunning)))</h1>
        <div class="running" role="status" data-refresh="2"><p>\(Markup.esc(c.t(.planRunningText).replacingOccurrences(of: "{s}", with: String(seconds))))</p></div>
        <p>\(Markup.link("/plan/jobs/\(id)", c.t(.checkAgain)))</p>
        """
      return Layout.page(c, title: c.t(.planRunning), body: body)
    case .failed(let why):
      return Layout.page(c, title: c.t(.planFailed), body: "<h1>\(Markup.esc(c.t(.planFailed)))</h1><p>\(Markup.esc(why))</p><p>\(Markup.link("/plan", c.t(.planTitle)))</p>", status: 500)
    case .done(let planned):
      let downloads = "<ul class=\"actions\"><li>\(Markup.link("/plan/jobs/\(id)/plan.csv", c.t(.downloadCSV)))</li><li>\(Markup.link("/plan/jobs/\(id)/plan.json", c.t(.downloadJSON)))</li><li>\(Markup.link("/plan", c.t(.newPlan)))</li></ul>"
      let document = Planning.document(planned, frameworks: c.app.workspace.frameworks, language: c.language)
      return embedded(&c, title: c.t(.planTitle), document: document.html, before: downloads)
    }
  }

  static func planDownload(_ c: inout Context, id: String, file: String) throws -> HTTPResponse {
    let session = try c.signedIn()
    guard case .done(let planned)? = c.app.jobs.job(id, owner: session.login.number) else { throw WebFailure.notFound }
    switch file {
    case "plan.csv": return Layout.download(Array(planned.document.csv.utf8), name: "cohort-plan.csv", type: "text/csv; charset=utf-8")
    case "plan.json": return Layout.download(Array(JSONWriter.string(planned.document.json).utf8), name: "cohort-plan.json", type: "application/json")
    default: throw WebFailure.notFound
    }
  }
}
