import Certificates
import Competency
import Foundation
import JSON
import Service

/// The CPD certificate pages. Every call to the Service's certificate use case is here, in
/// `issue`, so that a change to how certificates are issued changes one function.
extension Pages {
  /// The period asked for (`period=YYYY`), else this year.
  static func period(_ c: Context) throws(WebFailure) -> CPDPeriod {
    guard let text = c.request.queryValue("period") ?? c.request.field("period"), !text.isEmpty else { return CPDPeriod.year(of: c.today) }
    guard let period = CPDPeriod(text) else { throw .badRequest("period: a year (2025) or START:END dates") }
    return period
  }

  /// The one call into the certificate use case.
  static func issue(_ session: ActiveSession, _ person: String, _ period: CPDPeriod) throws -> CertificateOutcome {
    try session.service.certificate(person, period: period, keysDirectory: nil)
  }

  /// The certificate page: how the person's verified CPD measures up for the period, the
  /// certificates already issued for it, and, when the policy is met, buttons that issue one.
  /// Looking changes nothing: a certificate is issued (and recorded in the register) only by
  /// the form, which carries the session's token.
  static func certificate(_ c: inout Context, failure: String? = nil) throws -> HTTPResponse {
    let (session, me) = try c.practitioner()
    let period = try period(c)
    let year = c.today.components.year
    let chosen = c.request.queryValue("period") ?? c.request.field("period") ?? String(year)
    let choices = (0..<4).map { String(year - $0) }
    var body = failure.map { "<div class=\"error-summary\" role=\"alert\"><p>\(Markup.esc($0))</p></div>" } ?? ""
    body += "<h1>\(Markup.esc(c.t(.certificateTitle)))</h1><p>\(Markup.esc(c.t(.certificateIntro)))</p>"
    body += "<form method=\"get\" action=\"/certificate\" class=\"inline-form\">"
    body += Layout.field(c, name: "period", label: c.t(.period), input: Layout.select(name: "period", options: choices.map { ($0, $0) }, selected: chosen), errors: [])
    body += "<button type=\"submit\" class=\"secondary\">\(Markup.esc(c.t(.show)))</button></form>"
    body += "<h2>\(Markup.esc(c.t(.period))) \(period.start)–\(period.end)</h2>"
    let compliance = try session.service.compliance(me.id, period: period)
    if let k = compliance, k.isMet {
      body += "<p class=\"ok\">\(Markup.esc(c.t(.certificateReady)))</p>"
      body += "<form method=\"post\" action=\"/certificate\" class=\"inline-form\">\(c.csrfField)"
      body += "<input type=\"hidden\" name=\"period\" value=\"\(Markup.esc(chosen))\">"
      body += "<button type=\"submit\" name=\"form\" value=\"print\">\(Markup.esc(c.t(.printableCertificate)))</button>"
      body += "<button type=\"submit\" name=\"form\" value=\"json\">\(Markup.esc(c.t(.signedCredential)))</button></form>"
    } else if let k = compliance {
      body += "<p class=\"todo\">\(Markup.esc(c.t(.certificateNotYet)))</p>"
      let missing = k.missing.map { L.shortfall($0).text(c.language) }
      if !missing.isEmpty { body += "<p>\(Markup.esc(missing.joined(separator: "; ")))</p>" }
    }
    body += complianceTable(c, compliance)
    let issued = try session.service.certificates(of: me.id).filter { $0.periodStart == period.start && $0.periodEnd == period.end }
    if !issued.isEmpty {
      let rows = issued.sorted { $0.issuedAt > $1.issuedAt }.map { e in
        [Markup.esc(e.issuedAt), Markup.esc(e.credentialID), Markup.esc(e.revokedAt.map { "\(c.t(.revoked)) \($0)" } ?? c.t(.standing))]
      }
      body += Markup.table(caption: c.t(.certificatesIssued), headers: [c.t(.issuedAt), c.t(.credential), c.t(.status)], rows: rows)
    }
    return Layout.page(c, title: c.t(.certificateTitle), body: body, status: failure == nil ? 200 : 409)
  }

  /// Issues a certificate for the period and answers with the form asked for: the printable
  /// page or the signed credential (JSON) as a download.
  static func issueCertificate(_ c: inout Context) throws -> HTTPResponse {
    let session = try c.checkedForm()
    guard let me = session.service.actor.person else { throw WebFailure.forbidden("\(session.service.actor) keeps no CPD record of their own") }
    let period = try period(c)
    let form = c.request.field("form") ?? ""
    guard form == "print" || form == "json" else { throw WebFailure.badRequest("form: print or json") }
    let outcome: CertificateOutcome
    do {
      outcome = try issue(session, me.id, period)
    } catch let error as RecordsError {
      if case .forbidden(let why) = error { throw WebFailure.forbidden(why) }
      return try certificate(&c, failure: c.t(.certificateUnavailable) + (c.language == "en" ? " (\(error.description))" : ""))
    }
    guard case .issued(let issued, _) = outcome else { return try certificate(&c, failure: c.t(.certificateNotYet)) }
    if form == "json" {
      let name = "certificate-\(me.id)-\(c.request.field("period") ?? String(c.today.components.year)).json"
      return Layout.download(Array(issued.json.utf8), name: name, type: "application/json")
    }
    return embedded(&c, title: c.t(.printableCertificate), document: issued.html(language: c.language))
  }
}
