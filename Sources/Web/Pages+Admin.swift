import Competency
import Foundation
import Service
import Workforce

/// The admin's pages: practitioners (add, move, change role) and logins.
extension Pages {
  static func adminPeople(_ c: inout Context, failure: [(field: String, message: String)]?) throws -> HTTPResponse {
    let session = try c.signedIn()
    let team = c.request.queryValue("team").flatMap { $0.isEmpty ? nil : $0 }
    let people = try session.service.practitioners(team: team)
    let errors = failure ?? []
    let r = c.request
    var body = Layout.errorSummary(c, errors)
    body += "<h1>\(Markup.esc(c.t(.peopleTitle)))</h1>"
    body += "<form method=\"get\" action=\"/admin/people\" class=\"inline-form\">"
    body += Layout.field(c, name: "team", label: c.t(.filterByTeam), input: Layout.input(name: "team", value: team ?? ""), errors: [])
    body += "<button type=\"submit\" class=\"secondary\">\(Markup.esc(c.t(.show)))</button></form>"
    let shown = people.prefix(500)
    body += Markup.table(
      caption: c.t(.peopleCaption).replacingOccurrences(of: "{n}", with: String(people.count)),
      headers: [c.t(.name), c.t(.id), c.t(.team), c.t(.agency), c.t(.role)],
      rows: shown.map { p in
        [Markup.link("/admin/people/\(Markup.encode(p.id))", p.name), Markup.esc(p.id), Markup.esc(p.team),
          Markup.esc(c.framework.agency(p.agency)?.name.text(c.language) ?? p.agency), Markup.esc(c.framework.role(p.role)?.title.text(c.language) ?? p.role)]
      })
    if people.count > shown.count { body += "<p>\(Markup.esc(c.t(.filterToSeeMore)))</p>" }
    body += "<h2 id=\"add\">\(Markup.esc(c.t(.addPerson)))</h2><form method=\"post\" action=\"/admin/people\" novalidate>\(c.csrfField)"
    body += Layout.field(c, name: "id", label: c.t(.id), input: Layout.input(name: "id", value: r.field("id") ?? ""), hint: c.t(.idHint), errors: errors)
    body += Layout.field(c, name: "name", label: c.t(.name), input: Layout.input(name: "name", value: r.field("name") ?? "", attributes: "autocomplete=\"off\""), errors: errors)
    body += Layout.field(c, name: "email", label: c.t(.emailOptional), input: Layout.input(name: "email", type: "email", value: r.field("email") ?? "", attributes: "autocomplete=\"off\""), errors: errors)
    body += Layout.field(c, name: "agency", label: c.t(.agency), input: Layout.select(name: "agency", options: agencyOptions(c), selected: r.field("agency")), errors: errors)
    body += Layout.field(c, name: "team", label: c.t(.team), input: Layout.input(name: "team", value: r.method == "POST" ? r.field("team") ?? "" : ""), errors: errors)
      .replacingOccurrences(of: "id=\"team\"", with: "id=\"new-team\"").replacingOccurrences(of: "for=\"team\"", with: "for=\"new-team\"")
    body += Layout.field(c, name: "role", label: c.t(.role), input: Layout.select(name: "role", options: roleOptions(c), selected: r.field("role")), errors: errors)
    body += Layout.field(c, name: "manager", label: c.t(.managerOptional), input: Layout.input(name: "manager", value: r.field("manager") ?? ""), hint: c.t(.managerHint), errors: errors)
    body += Layout.field(c, name: "lang", label: c.t(.preferredLanguage), input: Layout.select(name: "lang", options: [("en", "English"), ("cy", "Cymraeg")], selected: r.field("lang")), errors: errors)
    body += "<button type=\"submit\">\(Markup.esc(c.t(.addPerson)))</button></form>"
    return Layout.page(c, title: c.t(.peopleTitle), body: body, status: failure == nil ? 200 : 400)
  }

  static func agencyOptions(_ c: Context) -> [(value: String, text: String)] {
    c.framework.agencies.map { ($0.id, $0.name.text(c.language)) }.sorted { $0.1 < $1.1 }
  }

  static func roleOptions(_ c: Context) -> [(value: String, text: String)] {
    c.framework.roles.map { ($0.id, $0.title.text(c.language)) }.sorted { $0.1 < $1.1 }
  }

  static func optional(_ text: String?) -> String? {
    guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
    return text
  }

  static func addPerson(_ c: inout Context) throws -> HTTPResponse {
    let session = try c.checkedForm()
    let r = c.request
    let person = NewPractitioner(
      id: optional(r.field("id")) ?? "", name: optional(r.field("name")) ?? "", email: optional(r.field("email")),
      agency: r.field("agency") ?? "", team: optional(r.field("team")) ?? "", role: r.field("role") ?? "",
      manager: optional(r.field("manager")), language: r.field("lang") ?? "en")
    do throws(RecordsError) {
      try session.service.addPractitioner(person)
    } catch {
      if case .forbidden(let why) = error { throw WebFailure.forbidden(why) }
      var (field, text) = message(error, c)
      if field == "lang" || field.isEmpty { field = "id" }
      return try adminPeople(&c, failure: [(field == "team" ? "new-team" : field, text)])
    }
    return Layout.redirect("/admin/people/\(Markup.encode(person.id))?added=1")
  }

  static func adminPerson(_ c: inout Context, id: String, failure: [(field: String, message: String)]?) throws -> HTTPResponse {
    let session = try c.signedIn()
    try session.service.actor.require(.managePeople)
    let p = try session.service.practitioner(id)
    let errors = failure ?? []
    var body = Layout.errorSummary(c, errors)
    if c.request.queryValue("added") != nil { body += "<div class=\"banner\" role=\"status\"><p>\(Markup.esc(c.t(.personAdded)))</p></div>" }
    if c.request.queryValue("saved") != nil { body += "<div class=\"banner\" role=\"status\"><p>\(Markup.esc(c.t(.changesSaved)))</p></div>" }
    body += "<h1>\(Markup.esc(p.name))</h1>"
    body += Markup.table(
      caption: c.t(.personDetails), headers: [c.t(.field), c.t(.value)],
      rows: [
        [Markup.esc(c.t(.id)), Markup.esc(p.id)], [Markup.esc(c.t(.email)), Markup.esc(p.email ?? "")], [Markup.esc(c.t(.team)), Markup.esc(p.team)],
        [Markup.esc(c.t(.agency)), Markup.esc(c.framework.agency(p.agency)?.name.text(c.language) ?? p.agency)],
        [Markup.esc(c.t(.role)), Markup.esc(c.framework.role(p.role)?.title.text(c.language) ?? p.role)],
        [Markup.esc(c.t(.manager)), Markup.esc(p.manager ?? "")],
      ])
    body += "<h2>\(Markup.esc(c.t(.moveOrChangeRole)))</h2><form method=\"post\" action=\"/admin/people/\(Markup.encode(p.id))\" novalidate>\(c.csrfField)"
    body += Layout.field(c, name: "team", label: c.t(.team), input: Layout.input(name: "team", value: c.request.field("team") ?? p.team), errors: errors)
    body += Layout.field(c, name: "agency", label: c.t(.agency), input: Layout.select(name: "agency", options: agencyOptions(c), selected: c.request.field("agency") ?? p.agency), errors: errors)
    body += Layout.field(c, name: "role", label: c.t(.role), input: Layout.select(name: "role", options: roleOptions(c), selected: c.request.field("role") ?? p.role), errors: errors)
    body += "<button type=\"submit\">\(Markup.esc(c.t(.saveChanges)))</button></form>"
    body += "<p>\(Markup.link("/admin/people", c.t(.navPeople)))</p>"
    return Layout.page(c, title: p.name, body: body, status: failure == nil ? 200 : 400)
  }

  static func updatePerson(_ c: inout Context, id: String) throws -> HTTPResponse {
    let session = try c.checkedForm()
    let current = try session.service.practitioner(id)
    let r = c.request
    let team = optional(r.field("team"))
    let agency = optional(r.field("agency"))
    let role = optional(r.field("role"))
    let change = PractitionerChange(
      id: id, team: team == current.team ? nil : team, role: role == current.role ? nil : role,
      agency: agency == current.agency ? nil : agency)
    if change.team == nil && change.role == nil && change.agency == nil {
      if team == nil { return try adminPerson(&c, id: id, failure: [("team", c.t(.teamError))]) }
      return Layout.redirect("/admin/people/\(Markup.encode(id))")
    }
    do throws(RecordsError) {
      try session.service.updatePractitioner(change)
    } catch {
      if case .forbidden(let why) = error { throw WebFailure.forbidden(why) }
      return try adminPerson(&c, id: id, failure: [message(error, c)])
    }
    return Layout.redirect("/admin/people/\(Markup.encode(id))?saved=1")
  }

  // MARK: Logins

  static func adminLogins(_ c: inout Context, failure: [(field: String, message: String)]?, done: String? = nil) throws -> HTTPResponse {
    let session = try c.signedIn()
    let logins = try session.service.logins()
    let errors = failure ?? []
    let r = c.request
    var body = Layout.errorSummary(c, errors)
    if let done { body += "<div class=\"banner\" role=\"status\"><p>\(Markup.esc(done))</p></div>" }
    body += "<h1>\(Markup.esc(c.t(.loginsTitle)))</h1>"
    body += Markup.table(
      caption: c.t(.loginsCaption), headers: [c.t(.login), c.t(.role), c.t(.practitioner), c.t(.created), c.t(.remove)],
      rows: logins.map { l in
        let remove = """
          <form method="post" action="/admin/logins/remove" class="inline">\(c.csrfField)<input type="hidden" name="login" value="\(Markup.esc(l.name))">\
          <button type="submit" class="warning small">\(Markup.esc(c.t(.remove)))<span class="visually-hidden"> \(Markup.esc(l.name))</span></button></form>
          """
        return [Markup.esc(l.name), Markup.esc(loginRole(c, l.role)), Markup.esc(l.practitioner ?? ""), Markup.esc(String(l.createdAt.prefix(10))),
          l.number == session.login.number ? "" : remove]
      })
    body += "<h2>\(Markup.esc(c.t(.addLogin)))</h2><form method=\"post\" action=\"/admin/logins\" novalidate>\(c.csrfField)"
    body += Layout.field(c, name: "login", label: c.t(.login), input: Layout.input(name: "login", value: r.field("login") ?? "", attributes: "autocomplete=\"off\" spellcheck=\"false\""), errors: errors)
    body += Layout.field(c, name: "role", label: c.t(.role), input: Layout.select(name: "role", options: LoginRole.allCases.map { ($0.rawValue, loginRole(c, $0)) }, selected: r.field("role")), errors: errors)
    body += Layout.field(c, name: "practitioner", label: c.t(.practitionerOptional), input: Layout.input(name: "practitioner", value: r.field("practitioner") ?? ""), hint: c.t(.practitionerLoginHint), errors: errors)
    body += Layout.field(c, name: "password", label: c.t(.password), input: Layout.input(name: "password", type: "password", attributes: "autocomplete=\"new-password\""), hint: c.t(.passwordHint), errors: errors)
    body += "<button type=\"submit\">\(Markup.esc(c.t(.addLogin)))</button></form>"
    return Layout.page(c, title: c.t(.loginsTitle), body: body, status: failure == nil ? 200 : 400)
  }

  static func loginRole(_ c: Context, _ role: LoginRole) -> String {
    switch role {
    case .practitioner: c.t(.rolePractitioner)
    case .teamLeader: c.t(.roleTeamLeader)
    case .planner: c.t(.rolePlanner)
    case .admin: c.t(.roleAdmin)
    case .lms: c.t(.roleLMS)
    }
  }

  static func addLogin(_ c: inout Context) throws -> HTTPResponse {
    let session = try c.checkedForm()
    let r = c.request
    guard let role = LoginRole(rawValue: r.field("role") ?? "") else { return try adminLogins(&c, failure: [("role", c.t(.roleError))]) }
    do throws(RecordsError) {
      _ = try session.service.addLogin(
        optional(r.field("login")) ?? "", role: role, practitioner: optional(r.field("practitioner")), password: r.field("password") ?? "")
    } catch {
      if case .forbidden(let why) = error { throw WebFailure.forbidden(why) }
      var (field, text) = message(error, c)
      if field.isEmpty { field = "login" }
      return try adminLogins(&c, failure: [(field, text)])
    }
    return try adminLogins(&c, failure: nil, done: c.t(.loginAdded))
  }

  static func removeLogin(_ c: inout Context) throws -> HTTPResponse {
    let session = try c.checkedForm()
    let name = c.request.field("login") ?? ""
    do throws(RecordsError) {
      try session.service.removeLogin(name)
    } catch {
      if case .forbidden(let why) = error { throw WebFailure.forbidden(why) }
      return try adminLogins(&c, failure: [message(error, c)])
    }
    return try adminLogins(&c, failure: nil, done: c.t(.loginRemoved))
  }
}
