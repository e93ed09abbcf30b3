import Foundation
import Service

/// The page around every page: a skip link, the service name, navigation for the signed-in
/// role, the language switch ("Cymraeg" / "English"), the main content and a footer.
enum Layout {
  static func page(_ c: Context, title: String, body: String, status: Int = 200) -> HTTPResponse {
    let html = document(c, title: title, body: body)
    return HTTPResponse(status: status, headers: [("Content-Type", "text/html; charset=utf-8")], body: Array(html.utf8))
  }

  static func document(_ c: Context, title: String, body: String) -> String {
    let other = c.language == "cy" ? "en" : "cy"
    let switchText = other == "cy" ? "Cymraeg" : "English"
    // The link carries no token and changes nothing: it leads to a form that does (see `Pages.languageForm`).
    let back = c.request.path == "/language" ? Pages.localPath(c.request.queryValue("back") ?? "/") : c.request.path + queryString(c.request)
    let switchHref = "/language?to=\(other)&back=\(Markup.encode(back))"
    var nav: [(String, String)] = []
    if let actor = c.actor {
      if actor.person != nil {
        nav += [("/", c.t(.navHome)), ("/activities/new", c.t(.navLog)), ("/activities", c.t(.navActivities))]
      }
      if actor.team != nil { nav += [("/sign-off", c.t(.navSignOff)), ("/reports/team/\(Markup.encode(actor.team!))", c.t(.navTeam))] }
      if actor.allows(.readAggregates) { nav += [("/reports", c.t(.navReports)), ("/plan", c.t(.navPlan))] }
      if actor.allows(.managePeople) { nav += [("/admin/people", c.t(.navPeople)), ("/admin/logins", c.t(.navLogins))] }
    }
    nav.append(("/framework", c.t(.navFramework)))
    let current = c.request.path
    let links = nav.map { href, text in
      let here = href == current ? " aria-current=\"page\"" : ""
      return "<li><a href=\"\(Markup.esc(href))\"\(here)>\(Markup.esc(text))</a></li>"
    }.joined()
    var account = ""
    if let session = c.session {
      account = """
        <form method="post" action="/sign-out" class="inline">\(c.csrfField)<span class="who">\(Markup.esc(c.t(.signedInAs))) \
        \(Markup.esc(session.login.name))</span> <button type="submit" class="link">\(Markup.esc(c.t(.signOut)))</button></form>
        """
    } else {
      account = Markup.link("/sign-in", c.t(.signIn))
    }
    return """
      <!DOCTYPE html>
      <html lang="\(c.language)">
      <head>
      <meta charset="utf-8">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <title>\(Markup.esc(title)) – \(Markup.esc(c.t(.serviceName)))</title>
      \(c.headStyles.map { "<style>\($0)</style>\n" }.joined())<link rel="stylesheet" href="/static/app.css">
      <script src="/static/app.js" defer></script>
      </head>
      <body>
      <a class="skip" href="#main">\(Markup.esc(c.t(.skipToContent)))</a>
      <header class="top">
      <div class="bar"><a class="brand" href="/">\(Markup.esc(c.t(.serviceName)))</a>
      <span class="account">\(account) <a href="\(Markup.esc(switchHref))" lang="\(other)" hreflang="\(other)" data-language-switch>\(switchText)</a></span></div>
      <nav aria-label="\(Markup.esc(c.t(.mainNavigation)))"><ul>\(links)</ul></nav>
      </header>
      <main id="main">
      \(body)
      </main>
      <footer><p>\(Markup.esc(c.t(.footer)))</p></footer>
      </body>
      </html>

      """
  }

  static func queryString(_ r: HTTPRequest) -> String {
    let pairs = r.query.sorted { $0.key < $1.key }.flatMap { key, values in values.map { "\(Markup.encode(key))=\(Markup.encode($0))" } }
    return pairs.isEmpty ? "" : "?" + pairs.joined(separator: "&")
  }

  static func redirect(_ location: String) -> HTTPResponse {
    HTTPResponse(status: 303, headers: [("Location", location), ("Content-Type", "text/plain; charset=utf-8")], body: Array("See \(location)\n".utf8))
  }

  /// A download: always an attachment, never shown as a page.
  static func download(_ bytes: [UInt8], name: String, type: String) -> HTTPResponse {
    let safe = String(name.unicodeScalars.filter { $0.isASCII && $0.value >= 0x20 && $0 != "\"" && $0 != "\\" }.map(Character.init))
    return HTTPResponse(
      status: 200,
      headers: [
        ("Content-Type", type), ("Content-Disposition", "attachment; filename=\"\(safe.isEmpty ? "download" : safe)\"; filename*=UTF-8''\(Markup.encode(name))"),
      ], body: bytes)
  }

  /// An error summary at the top of a form (GOV.UK pattern): each problem links to its field.
  static func errorSummary(_ c: Context, _ errors: [(field: String, message: String)]) -> String {
    guard !errors.isEmpty else { return "" }
    let items = errors.map { "<li><a href=\"#\(Markup.esc($0.field))\">\(Markup.esc($0.message))</a></li>" }.joined()
    return """
      <div class="error-summary" role="alert" tabindex="-1" aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">\(Markup.esc(c.t(.thereIsAProblem)))</h2><ul>\(items)</ul></div>
      """
  }

  /// A labelled field with its hint and error (the error also named by `aria-describedby`).
  static func field(
    _ c: Context, name: String, label: String, input: String, hint: String? = nil, errors: [(field: String, message: String)]
  ) -> String {
    let error = errors.first { $0.field == name }?.message
    var out = "<div class=\"field\(error == nil ? "" : " has-error")\"><label for=\"\(name)\">\(Markup.esc(label))</label>"
    if let hint { out += "<p class=\"hint\" id=\"\(name)-hint\">\(Markup.esc(hint))</p>" }
    if let error { out += "<p class=\"error\" id=\"\(name)-error\"><span class=\"visually-hidden\">\(Markup.esc(c.t(.errorPrefix))) </span>\(Markup.esc(error))</p>" }
    var described: [String] = []
    if hint != nil { described.append("\(name)-hint") }
    if error != nil { described.append("\(name)-error") }
    let extra = (described.isEmpty ? "" : " aria-describedby=\"\(described.joined(separator: " "))\"") + (error == nil ? "" : " aria-invalid=\"true\"")
    out += input.replacingOccurrences(of: "{{a}}", with: extra)
    return out + "</div>"
  }

  static func input(name: String, type: String = "text", value: String = "", attributes: String = "") -> String {
    "<input id=\"\(name)\" name=\"\(name)\" type=\"\(type)\" value=\"\(Markup.esc(value))\"\(attributes.isEmpty ? "" : " " + attributes){{a}}>"
  }

  static func select(name: String, options: [(value: String, text: String)], selected: String?, attributes: String = "") -> String {
    var out = "<select id=\"\(name)\" name=\"\(name)\"\(attributes.isEmpty ? "" : " " + attributes){{a}}>"
    for o in options {
      out += "<option value=\"\(Markup.esc(o.value))\"\(o.value == selected ? " selected" : "")>\(Markup.esc(o.text))</option>"
    }
    return out + "</select>"
  }
}
