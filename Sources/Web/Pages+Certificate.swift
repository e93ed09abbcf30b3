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
    guard let text = c.request.queryValue("period"), !text.isEmpty else { return CPDPeriod.year(of: c.today) }
    guard let period = CPDPeriod(text) else { throw .badRequest("period: a year (2025) or START:END dates") }
    return period
  }

  /// The one call into the certificate use case.
  static func issue(_ session: ActiveSession, _ person: String, _ period: CPDPeriod) throws -> CertificateOutcome {
    try session.service.certificate(person, period: period, keysDirectory: nil)
  }

  static func certificate(_ c: inout Context) throws -> HTTPResponse {
    let (session, me) = try c.practitioner()
    let period = try period(c)
    let year = c.today.components.year
    let choices = (0..<4).map { String(year - $0) }
    var body = "<h1>\(Markup.esc(c.t(.certificateTitle)))</h1><p>\(Markup.esc(c.t(.certificateIntro)))</p>"
    body += "<form method=\"get\" action=\"/certificate\" class=\"inline-form\">"
    body += Layout.field(c, name: "period", label: c.t(.period), input: Layout.select(name: "period", options: choices.map { ($0, $0) }, selected: c.request.queryValue("period") ?? String(year)), errors: [])
    body += "<button type=\"submit\" class=\"secondary\">\(Markup.esc(c.t(.show)))</button></form>"
    body += "<h2>\(Markup.esc(c.t(.period))) \(period.start)–\(period.end)</h2>"
    let query = "period=\(Markup.encode(c.request.queryValue("period") ?? String(year)))"
    do {
      switch try issue(session, me.id, period) {
      case .issued:
        body += "<p class=\"ok\">\(Markup.esc(c.t(.certificateReady)))</p><ul class=\"actions\">"
        body += "<li>\(Markup.link("/certificate/print?\(query)", c.t(.printableCertificate)))</li>"
        body += "<li>\(Markup.link("/certificate/credential.json?\(query)", c.t(.signedCredential)))</li></ul>"
      case .notMet(let message):
        body += "<p class=\"todo\">\(Markup.esc(c.t(.certificateNotYet)))</p>"
        if c.language == "en" { body += "<p>\(Markup.esc(message))</p>" }
      }
    } catch let error as RecordsError {
      if case .forbidden(let why) = error { throw WebFailure.forbidden(why) }
      body += "<p class=\"todo\">\(Markup.esc(c.t(.certificateUnavailable)))</p>"
      if c.language == "en" { body += "<p>\(Markup.esc(error.description))</p>" }
    }
    body += complianceTable(c, try session.service.compliance(me.id, period: period))
    return Layout.page(c, title: c.t(.certificateTitle), body: body)
  }

  static func issued(_ c: Context) throws -> (IssuedCertificate, ActiveSession, String) {
    let (session, me) = try c.practitioner()
    guard case .issued(let issued, _) = try issue(session, me.id, try period(c)) else {
      throw WebFailure.notFound
    }
    return (issued, session, me.id)
  }

  static func printableCertificate(_ c: inout Context) throws -> HTTPResponse {
    let (issued, _, _) = try issued(c)
    return embedded(&c, title: c.t(.printableCertificate), document: issued.html(language: c.language))
  }

  static func credential(_ c: inout Context) throws -> HTTPResponse {
    let (issued, _, id) = try issued(c)
    let name = "certificate-\(id)-\(c.request.queryValue("period") ?? String(c.today.components.year)).json"
    return Layout.download(Array(issued.json.utf8), name: name, type: "application/json")
  }
}
