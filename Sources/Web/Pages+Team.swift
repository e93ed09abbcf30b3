import Competency
import Foundation
import Reports
import Service
import Workforce

/// The team leader's sign-off queue, and the group reports (team, agency, region, network).
extension Pages {
  static func signOffQueue(_ c: inout Context, message: String?, failure: (activity: String, field: String, message: String)? = nil) throws
    -> HTTPResponse
  {
    let session = try c.signedIn()
    let queue = try session.service.signOffQueue()
    var body = ""
    if let failure {
      body += Layout.errorSummary(c, [("note-\(failure.activity)", failure.message)])
    }
    let done: String? =
      switch c.request.queryValue("done") {
      case "verified": c.t(.signedOffVerified)
      case "rejected": c.t(.signedOffRejected)
      default: nil
      }
    if let message = message ?? done { body += "<div class=\"banner\" role=\"status\"><p>\(Markup.esc(message))</p></div>" }
    body += "<h1>\(Markup.esc(c.t(.signOffTitle)))</h1><p>\(Markup.esc(c.t(.signOffIntro)))</p>"
    if queue.isEmpty { body += "<p>\(Markup.esc(c.t(.queueEmpty)))</p>" }
    for item in queue {
      let a = item.activity
      let key = Markup.esc(a.id)
      let error = failure?.activity == a.id ? failure?.message : nil
      body += "<section class=\"pending\" aria-labelledby=\"title-\(key)\">"
      body += "<form method=\"post\" action=\"/sign-off\" class=\"decision\">\(c.csrfField)<input type=\"hidden\" name=\"activity\" value=\"\(key)\">"
      body += "<div class=\"title-row\"><h2 id=\"title-\(key)\">\(Markup.esc(a.title))</h2>"
      body += "<span class=\"buttons\"><button type=\"submit\" name=\"decision\" value=\"verify\" aria-describedby=\"title-\(key)\">\(Markup.esc(c.t(.verify)))</button> "
      body += "<button type=\"submit\" name=\"decision\" value=\"reject\" class=\"warning\" aria-describedby=\"title-\(key)\">\(Markup.esc(c.t(.reject)))</button></span></div>"
      let hours = hoursText(c, a, unit: true)
      body += "<p class=\"meta\">\(Markup.link("/people/\(Markup.encode(item.practitioner.id))", item.practitioner.name)) · \(a.date) · \(Markup.esc(hours)) · \(Markup.esc(kindName(c, a.kind)))"
      if let module = a.module { body += " · \(Markup.esc(moduleTitle(c, module)))" }
      body += "</p>"
      if !a.claims.isEmpty {
        body += "<p>\(Markup.esc(c.t(.competenciesClaimed))): \(Markup.esc(a.claims.map { "\(competencyTitle(c, $0.competency)) (\($0.level))" }.joined(separator: "; ")))</p>"
      }
      if let reflection = a.reflection, !reflection.isEmpty {
        body += "<details><summary>\(Markup.esc(c.t(.reflection)))</summary><div class=\"reflection\">\(Markup.esc(reflection).replacingOccurrences(of: "\n", with: "<br>"))</div></details>"
      }
      if !a.evidence.isEmpty {
        body += "<p>\(Markup.esc(c.t(.evidence))): " + a.evidence.map {
          Markup.link("/activities/\(Markup.encode(a.id))/evidence/\($0.sha256)", $0.name)
        }.joined(separator: ", ") + "</p>"
      }
      // Hours a statement came without are confirmed here, beside the decision (needed to verify).
      let hoursError = failure?.field == "hours" ? error : nil
      let noteError = hoursError == nil ? error : nil
      if a.needsHours {
        let hoursID = "hours-\(key)"
        body += "<div class=\"field\(hoursError == nil ? "" : " has-error")\"><label for=\"\(hoursID)\">\(Markup.esc(c.t(.confirmHours)))</label>"
        body += "<p class=\"hint\" id=\"\(hoursID)-hint\">\(Markup.esc(c.t(.hoursHint)))</p>"
        if let hoursError { body += "<p class=\"error\" id=\"\(hoursID)-error\">\(Markup.esc(hoursError))</p>" }
        let described = hoursError == nil ? "\(hoursID)-hint" : "\(hoursID)-hint \(hoursID)-error"
        body += "<input id=\"\(hoursID)\" name=\"hours\" inputmode=\"decimal\" aria-describedby=\"\(described)\"\(hoursError == nil ? "" : " aria-invalid=\"true\"")></div>"
      }
      let noteID = "note-\(key)"
      body += "<div class=\"field\(noteError == nil ? "" : " has-error")\"><label for=\"\(noteID)\">\(Markup.esc(c.t(.noteLabel)))</label>"
      if let noteError { body += "<p class=\"error\" id=\"\(noteID)-error\">\(Markup.esc(noteError))</p>" }
      body += "<textarea id=\"\(noteID)\" name=\"note\" rows=\"2\"\(noteError == nil ? "" : " aria-describedby=\"\(noteID)-error\" aria-invalid=\"true\"")></textarea></div>"
      body += "</form></section>"
    }
    return Layout.page(c, title: c.t(.signOffTitle), body: body, status: failure == nil ? 200 : 400)
  }

  static func signOff(_ c: inout Context) throws -> HTTPResponse {
    let session = try c.checkedForm()
    let id = c.request.field("activity") ?? ""
    let decision: SignOffStatus
    switch c.request.field("decision") {
    case "verify": decision = .verified
    case "reject": decision = .rejected
    default: throw WebFailure.badRequest("decision: verify or reject")
    }
    let note = c.request.field("note").flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0 }
    let hoursText = c.request.field("hours")?.trimmingCharacters(in: .whitespaces) ?? ""
    let hours = hoursText.isEmpty ? nil : Hours(hoursText)
    if !hoursText.isEmpty && hours == nil {
      return try signOffQueue(&c, message: nil, failure: (id, "hours", c.t(.hoursError)))
    }
    do throws(RecordsError) {
      _ = try session.service.signOff(activity: id, decision: decision, by: nil, note: note, on: c.today, hours: hours)
    } catch {
      if case .forbidden(let why) = error { throw WebFailure.forbidden(why) }
      if let input = error.inputError, input.rule == .unknown, input.field == "activity" { throw WebFailure.notFound }
      let (field, message) = message(error, c)
      return try signOffQueue(&c, message: nil, failure: (id, field, message))
    }
    return Layout.redirect("/sign-off?done=\(decision == .verified ? "verified" : "rejected")")
  }

  // MARK: Reports

  static func reportsIndex(_ c: inout Context) throws -> HTTPResponse {
    let session = try c.signedIn()
    try session.service.checkPlan(PlanLimits())
    var body = "<h1>\(Markup.esc(c.t(.reportsTitle)))</h1><p>\(Markup.esc(c.t(.reportsIntro)))</p>"
    body += "<p>\(Markup.link("/reports/network", c.t(.networkReport)))</p>"
    body += "<h2>\(Markup.esc(c.t(.regions)))</h2><ul>" + c.framework.regions.map {
      "<li>\(Markup.link("/reports/region/\(Markup.encode($0.id))", $0.title.text(c.language)))</li>"
    }.joined() + "</ul>"
    body += "<h2>\(Markup.esc(c.t(.agencies)))</h2><ul class=\"columns\">" + c.framework.agencies.sorted { $0.name.text(c.language) < $1.name.text(c.language) }.map {
      "<li>\(Markup.link("/reports/agency/\(Markup.encode($0.id))", $0.name.text(c.language)))</li>"
    }.joined() + "</ul>"
    return Layout.page(c, title: c.t(.reportsTitle), body: body)
  }

  static func report(_ c: inout Context, _ scope: ReportScope) throws -> HTTPResponse {
    let session = try c.signedIn()
    let document: GroupReportDocument
    switch scope {
    case .team:
      document = try session.service.report(scope, asOf: c.today, language: c.language)
    default:
      // A large report not worked out yet (just after start-up) is not waited for: the page says
      // it is being prepared and comes back.
      guard
        let made = try c.app.reader(session).report(
          scope, asOf: c.today, language: c.language, maxAge: c.app.options.reportCacheSeconds, waitAtMost: c.app.options.reportWaitSeconds)
      else { return preparing(c) }
      document = made
    }
    var before = ""
    if case .team = scope {
      let members = document.report.members.map(\.person)
      before = "<nav aria-label=\"\(Markup.esc(c.t(.memberReports)))\" class=\"members\"><h2>\(Markup.esc(c.t(.memberReports)))</h2><ul class=\"columns\">" + members.map {
        "<li>\(Markup.link("/people/\(Markup.encode($0.id))", $0.name))</li>"
      }.joined() + "</ul></nav>"
    }
    return embedded(&c, title: c.t(.reportTitle), document: document.html, before: before)
  }

  /// Said while a report is worked out: a status that the site's script refreshes, and a link for
  /// readers without script.
  static func preparing(_ c: Context) -> HTTPResponse {
    let here = c.request.path + Layout.queryString(c.request)
    let body = """
      <h1>\(Markup.esc(c.t(.reportPreparing)))</h1>
      <div class="running" role="status" data-refresh="2"><p>\(Markup.esc(c.t(.reportPreparingText)))</p></div>
      <p>\(Markup.link(here, c.t(.checkAgain)))</p>
      """
    var page = Layout.page(c, title: c.t(.reportPreparing), body: body, status: 202)
    page.headers.append(("Retry-After", "2"))
    return page
  }
}
