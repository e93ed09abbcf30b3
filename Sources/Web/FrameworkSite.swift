import Competency
import Foundation
import Reports
import Service

/// The framework published as bilingual pages anyone may read: domains, competencies with level
/// descriptors and the occupational standards each maps to, role profiles with their
/// requirements, and the module catalogue. The same pages are served by `cpd serve` under
/// `/framework` and written as static files by `cpd framework site`.
public enum FrameworkSite {
  enum Page: Hashable, Sendable {
    case index, roles, modules, standards
    case competency(String), role(String), module(String)
  }

  /// How a page links to another: as the server's addresses, or as files side by side.
  struct Links: Sendable {
    let href: @Sendable (Page) -> String

    static let web = Links { page in
      switch page {
      case .index: "/framework"
      case .roles: "/framework/roles"
      case .modules: "/framework/modules"
      case .standards: "/framework/standards"
      case .competency(let id): "/framework/competencies/\(Markup.encode(id))"
      case .role(let id): "/framework/roles/\(Markup.encode(id))"
      case .module(let id): "/framework/modules/\(Markup.encode(id))"
      }
    }

    static let files = Links { fileName($0) }
  }

  static func fileName(_ page: Page) -> String {
    func safe(_ id: String) -> String {
      String(id.unicodeScalars.map { CharacterSet.alphanumerics.contains($0) || "-_.".unicodeScalars.contains($0) ? Character($0) : "_" })
    }
    switch page {
    case .index: return "index.html"
    case .roles: return "roles.html"
    case .modules: return "modules.html"
    case .standards: return "standards.html"
    case .competency(let id): return "competency-\(safe(id)).html"
    case .role(let id): return "role-\(safe(id)).html"
    case .module(let id): return "module-\(safe(id)).html"
    }
  }

  static func page(_ c: inout Context, _ parts: [String]) throws -> HTTPResponse {
    let page: Page
    switch (parts.first, parts.count) {
    case (nil, 0): page = .index
    case ("roles", 1): page = .roles
    case ("modules", 1): page = .modules
    case ("standards", 1): page = .standards
    case ("competencies", 2): page = .competency(parts[1])
    case ("roles", 2): page = .role(parts[1])
    case ("modules", 2): page = .module(parts[1])
    default: throw WebFailure.notFound
    }
    guard let (title, body) = render(page, c.framework, c.language, .web) else { throw WebFailure.notFound }
    return Layout.page(c, title: title, body: subnav(c.language, .web) + body)
  }

  static func t(_ key: L, _ language: String) -> String { key.text(language) }

  static func subnav(_ language: String, _ links: Links) -> String {
    let items: [(Page, L)] = [(.index, .frameworkHome), (.roles, .roleProfiles), (.modules, .moduleCatalogue), (.standards, .occupationalStandards)]
    return "<nav class=\"subnav\" aria-label=\"\(Markup.esc(t(.frameworkSections, language)))\"><ul>" + items.map {
      "<li>\(Markup.link(links.href($0.0), t($0.1, language)))</li>"
    }.joined() + "</ul></nav>"
  }

  /// Writes every page in both languages into `folder` (`en/`, `cy/`, a stylesheet and an index).
  public static func write(_ framework: Framework, to folder: String) throws -> Int {
    let fm = FileManager.default
    var pages: [Page] = [.index, .roles, .modules, .standards]
    pages += framework.competencies.map { .competency($0.id) } + framework.roles.map { .role($0.id) } + framework.modules.map { .module($0.id) }
    var count = 0
    for language in ["en", "cy"] {
      let dir = (folder as NSString).appendingPathComponent(language)
      try fm.createDirectory(atPath: dir, withIntermediateDirectories: true)
      for page in pages {
        guard let (title, body) = render(page, framework, language, .files) else { continue }
        let html = staticDocument(title: title, body: subnav(language, .files) + body, language: language, file: fileName(page))
        try Data(html.utf8).write(to: URL(fileURLWithPath: (dir as NSString).appendingPathComponent(fileName(page))))
        count += 1
      }
    }
    try Data(Assets.css.utf8).write(to: URL(fileURLWithPath: (folder as NSString).appendingPathComponent("app.css")))
    let index = """
      <!DOCTYPE html>
      <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
      <title>\(Markup.esc(framework.title.text("en"))) / \(Markup.esc(framework.title.text("cy")))</title><link rel="stylesheet" href="app.css"></head>
      <body><main id="main"><h1>\(Markup.esc(framework.title.text("en")))</h1>
      <ul class="menu"><li><a href="en/index.html">English</a></li><li><a href="cy/index.html" lang="cy" hreflang="cy">Cymraeg</a></li></ul>
      </main></body></html>

      """
    try Data(index.utf8).write(to: URL(fileURLWithPath: (folder as NSString).appendingPathComponent("index.html")))
    return count + 1
  }

  static func staticDocument(title: String, body: String, language: String, file: String) -> String {
    let other = language == "cy" ? "en" : "cy"
    return """
      <!DOCTYPE html>
      <html lang="\(language)">
      <head>
      <meta charset="utf-8">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <title>\(Markup.esc(title)) – \(Markup.esc(t(.serviceName, language)))</title>
      <link rel="stylesheet" href="../app.css">
      </head>
      <body>
      <a class="skip" href="#main">\(Markup.esc(t(.skipToContent, language)))</a>
      <header class="top"><div class="bar"><a class="brand" href="index.html">\(Markup.esc(t(.serviceName, language)))</a>
      <span class="account"><a href="../\(other)/\(file)" lang="\(other)" hreflang="\(other)">\(other == "cy" ? "Cymraeg" : "English")</a></span></div></header>
      <main id="main">
      \(body)
      </main>
      <footer><p>\(Markup.esc(t(.footer, language)))</p></footer>
      </body>
      </html>

      """
  }

  static func render(_ page: Page, _ f: Framework, _ lang: String, _ links: Links) -> (String, String)? {
    func text(_ l: LocalizedText?) -> String { l?.text(lang) ?? "" }
    func competencyLink(_ id: String) -> String {
      Markup.link(links.href(.competency(id)), f.competency(id).map { "\($0.title.text(lang)) (\(id))" } ?? id)
    }
    func moduleLink(_ id: String) -> String { Markup.link(links.href(.module(id)), f.module(id)?.title.text(lang) ?? id) }
    func priority(_ p: Priority) -> String {
      switch p {
      case .mandatory: t(.priorityMandatory, lang)
      case .core: t(.priorityCore, lang)
      case .desirable: t(.priorityDesirable, lang)
      }
    }
    func requirementRows(_ requirements: [Requirement]) -> [[String]] {
      requirements.map { [competencyLink($0.competency), String($0.level), Markup.esc(priority($0.priority))] }
    }
    let mandatoryFor: [String: [String]] = {
      var result: [String: [String]] = [:]
      for role in f.roles { for m in f.modulesMandatory(forRole: role.id, agencyType: nil) { result[m, default: []].append(role.id) } }
      return result
    }()
    switch page {
    case .index:
      var body = "<h1>\(Markup.esc(text(f.title)))</h1>"
      if let d = f.description { body += "<p class=\"lead\">\(Markup.esc(d.text(lang)))</p>" }
      body += "<p>\(Markup.esc(t(.version, lang))) \(Markup.esc(f.version))\(f.publisher.map { " · " + Markup.esc($0) } ?? "") · \(f.competencies.count) \(Markup.esc(t(.competenciesWord, lang))) · \(f.roles.count) \(Markup.esc(t(.rolesWord, lang))) · \(f.modules.count) \(Markup.esc(t(.modulesWord, lang)))</p>"
      body += "<h2>\(Markup.esc(t(.levels, lang)))</h2>"
      body += Markup.table(
        caption: t(.levelsCaption, lang), headers: [t(.level, lang), t(.title, lang), t(.descriptor, lang)],
        rows: f.levels.map { [String($0.level), Markup.esc($0.title.text(lang)), Markup.esc(text($0.descriptor))] })
      body += "<h2>\(Markup.esc(t(.domains, lang)))</h2>"
      for domain in f.domains {
        let id = "domain-\(Markup.esc(domain.id))"
        body += "<section aria-labelledby=\"\(id)\"><h3 id=\"\(id)\">\(Markup.esc(domain.title.text(lang)))</h3>"
        if let d = domain.description { body += "<p>\(Markup.esc(d.text(lang)))</p>" }
        body += "<ul>" + f.competencies.filter { $0.domain == domain.id }.map { "<li>\(competencyLink($0.id))</li>" }.joined() + "</ul></section>"
      }
      return (text(f.title), body)
    case .competency(let id):
      guard let comp = f.competency(id) else { return nil }
      var body = "<h1>\(Markup.esc(comp.title.text(lang)))</h1><p class=\"meta\">\(Markup.esc(comp.id))"
      if let domain = comp.domain.flatMap({ f.domain($0) }) { body += " · \(Markup.esc(t(.domain, lang))): \(Markup.esc(domain.title.text(lang)))" }
      body += "</p>"
      if let d = comp.description { body += "<p class=\"lead\">\(Markup.esc(d.text(lang)))</p>" }
      body += "<h2>\(Markup.esc(t(.levelDescriptors, lang)))</h2>"
      body += Markup.table(
        caption: t(.levelDescriptorsCaption, lang), headers: [t(.level, lang), t(.descriptor, lang), t(.evidenceNeeded, lang)],
        rows: f.levels.map { level in
          let needs = f.evidenceRequirement(competency: comp, level: level.level).map { cat in
            f.evidenceCategories.first { $0.id == cat }?.title.text(lang) ?? cat
          }.joined(separator: " + ")
          return ["\(level.level) \(Markup.esc(level.title.text(lang)))", Markup.esc(text(comp.descriptors[level.level])), Markup.esc(needs)]
        })
      body += "<p>\(Markup.esc(t(.currency, lang))): \(f.currencyMonths(of: comp)) \(Markup.esc(t(.months, lang)))</p>"
      body += "<h2>\(Markup.esc(t(.occupationalStandards, lang)))</h2>"
      if comp.standards.isEmpty {
        body += "<p>\(Markup.esc(t(.noneMapped, lang)))</p>"
      } else {
        body += Markup.table(
          caption: t(.standardsCaption, lang), headers: [t(.code, lang), t(.title, lang), t(.relation, lang)],
          rows: comp.standards.map { m in
            let s = f.standard(m.standard)
            return [Markup.esc(s?.code ?? m.standard), Markup.esc(s?.title ?? ""), Markup.esc(L.relation(m.relation).text(lang))]
          })
      }
      let developing = f.modules(developing: comp.id)
      body += "<h2>\(Markup.esc(t(.modulesDeveloping, lang)))</h2>"
      body += developing.isEmpty ? "<p>\(Markup.esc(t(.noneYet, lang)))</p>" : "<ul>" + developing.map { "<li>\(moduleLink($0.id))</li>" }.joined() + "</ul>"
      let roles = f.roles.filter { $0.requirements.contains { $0.competency == comp.id } }
      body += "<h2>\(Markup.esc(t(.rolesRequiring, lang)))</h2>"
      body += roles.isEmpty ? "<p>\(Markup.esc(t(.noneYet, lang)))</p>" : "<ul>" + roles.map { "<li>\(Markup.link(links.href(.role($0.id)), $0.title.text(lang)))</li>" }.joined() + "</ul>"
      return (comp.title.text(lang), body)
    case .roles:
      var body = "<h1>\(Markup.esc(t(.roleProfiles, lang)))</h1>"
      body += Markup.table(
        caption: t(.roleProfiles, lang), headers: [t(.role, lang), t(.requirementsCount, lang)],
        rows: f.roles.map { [Markup.link(links.href(.role($0.id)), $0.title.text(lang)), String($0.requirements.count)] }, numeric: [1])
      return (t(.roleProfiles, lang), body)
    case .role(let id):
      guard let role = f.role(id) else { return nil }
      var body = "<h1>\(Markup.esc(role.title.text(lang)))</h1>"
      if let d = role.description { body += "<p class=\"lead\">\(Markup.esc(d.text(lang)))</p>" }
      body += "<h2>\(Markup.esc(t(.requirements, lang)))</h2>"
      body += Markup.table(caption: t(.requirementsCaption, lang), headers: [t(.competency, lang), t(.level, lang), t(.priority, lang)], rows: requirementRows(role.requirements), numeric: [1])
      for overlay in role.overlays {
        let type = f.agencyTypes.first { $0.id == overlay.agencyType }?.title.text(lang) ?? overlay.agencyType
        body += "<h2>\(Markup.esc(t(.overlayFor, lang))) \(Markup.esc(type))</h2>"
        body += Markup.table(caption: "\(t(.overlayFor, lang)) \(type)", headers: [t(.competency, lang), t(.level, lang), t(.priority, lang)], rows: requirementRows(overlay.requirements), numeric: [1])
      }
      let mandatory = f.modulesMandatory(forRole: role.id, agencyType: nil).sorted()
      if !mandatory.isEmpty {
        body += "<h2>\(Markup.esc(t(.mandatoryModules, lang)))</h2><ul>" + mandatory.map { "<li>\(moduleLink($0))</li>" }.joined() + "</ul>"
      }
      return (role.title.text(lang), body)
    case .modules:
      var body = "<h1>\(Markup.esc(t(.moduleCatalogue, lang)))</h1><p>\(Markup.esc(t(.catalogueIntro, lang)))</p>"
      body += Markup.table(
        caption: t(.moduleCatalogue, lang),
        headers: [t(.module, lang), t(.mode, lang), t(.hours, lang), t(.cpdHours, lang), t(.mandatoryFor, lang), t(.qualityStatus, lang), t(.prerequisites, lang)],
        rows: f.modules.map { m in
          [moduleLink(m.id), Markup.esc(L.mode(m.mode).text(lang)), Markup.number(m.hours), Markup.number(m.cpdHours),
            Markup.esc(mandatoryFor[m.id].map { t(.mandatoryForCount, lang).replacingOccurrences(of: "{n}", with: String($0.count)) } ?? t(.notMandatory, lang)),
            Markup.esc(m.quality.map { Labels.quality($0.status, lang) } ?? ""), m.prerequisites.map(moduleLink).joined(separator: ", ")]
        }, numeric: [2, 3])
      return (t(.moduleCatalogue, lang), body)
    case .module(let id):
      guard let m = f.module(id) else { return nil }
      var body = "<h1>\(Markup.esc(m.title.text(lang)))</h1><p class=\"meta\">\(Markup.esc(m.id))</p>"
      if let d = m.description { body += "<p class=\"lead\">\(Markup.esc(d.text(lang)))</p>" }
      var rows: [[String]] = [
        [Markup.esc(t(.mode, lang)), Markup.esc(L.mode(m.mode).text(lang))], [Markup.esc(t(.hours, lang)), Markup.number(m.hours)],
        [Markup.esc(t(.cpdHours, lang)), Markup.number(m.cpdHours)], [Markup.esc(t(.cohortSize, lang)), "\(m.cohort.min)–\(m.cohort.max)"],
      ]
      if let provider = m.provider { rows.append([Markup.esc(t(.provider, lang)), Markup.esc(provider)]) }
      if let q = m.quality {
        var status = Labels.quality(q.status, lang)
        if let by = q.assuredBy { status += " (\(by))" }
        rows.append([Markup.esc(t(.qualityStatus, lang)), Markup.esc(status)])
      }
      let open = m.agencyTypes.isEmpty ? t(.allAgencies, lang) : m.agencyTypes.map { id in f.agencyTypes.first { $0.id == id }?.title.text(lang) ?? id }.joined(separator: ", ")
      rows.append([Markup.esc(t(.openTo, lang)), Markup.esc(open)])
      let mandatory = (mandatoryFor[m.id] ?? []).compactMap { f.role($0) }
      rows.append([Markup.esc(t(.mandatoryFor, lang)), mandatory.isEmpty ? Markup.esc(t(.notMandatory, lang)) : mandatory.map { Markup.link(links.href(.role($0.id)), $0.title.text(lang)) }.joined(separator: ", ")])
      rows.append([Markup.esc(t(.prerequisites, lang)), m.prerequisites.isEmpty ? Markup.esc(t(.none, lang)) : m.prerequisites.map(moduleLink).joined(separator: ", ")])
      body += Markup.table(caption: t(.moduleDetails, lang), headers: [t(.field, lang), t(.value, lang)], rows: rows)
      body += "<h2>\(Markup.esc(t(.develops, lang)))</h2>"
      body += Markup.table(caption: t(.develops, lang), headers: [t(.competency, lang), t(.toLevel, lang)], rows: m.develops.map { [competencyLink($0.competency), String($0.level)] }, numeric: [1])
      return (m.title.text(lang), body)
    case .standards:
      var body = "<h1>\(Markup.esc(t(.occupationalStandards, lang)))</h1>"
      body += Markup.table(
        caption: t(.occupationalStandards, lang), headers: [t(.code, lang), t(.title, lang), t(.mappedCompetencies, lang)],
        rows: f.standards.map { s in
          [Markup.esc(s.code ?? s.id), Markup.esc(s.title), f.competencies(mappedTo: s.id).map { competencyLink($0.competency.id) }.joined(separator: ", ")]
        })
      return (t(.occupationalStandards, lang), body)
    }
  }
}
