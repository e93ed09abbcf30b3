import Certificates
import Competency
import Foundation
import GapAnalysis
import JSON
import Service
import Workforce

/// A practitioner's pages: home, the CPD log, logging an activity, self-assessment, gaps,
/// certificate and their data.
extension Pages {
  static func competencyTitle(_ c: Context, _ id: String) -> String {
    c.framework.competency(id)?.title.text(c.language) ?? id
  }

  static func moduleTitle(_ c: Context, _ id: String) -> String { c.framework.module(id)?.title.text(c.language) ?? id }

  /// An activity's hours as text, or that they are still to be confirmed (a statement came without).
  static func hoursText(_ c: Context, _ a: ActivityRecord, unit: Bool) -> String {
    if a.needsHours { return c.t(.hoursToConfirm) }
    let number = Markup.number(Double(a.hours.hundredths) / 100)
    return unit ? "\(number) \(c.t(.hoursUnit))" : number
  }

  static func status(_ c: Context, _ s: SignOffStatus) -> String {
    switch s {
    case .pending: c.t(.statusPending)
    case .withdrawn: c.t(.statusWithdrawn)
    case .verified: c.t(.statusVerified)
    case .rejected: c.t(.statusRejected)
    }
  }

  static func gapStatus(_ c: Context, _ s: GapStatus) -> String {
    switch s {
    case .met: c.t(.gapMet)
    case .missing: c.t(.gapMissing)
    case .below: c.t(.gapBelow)
    case .expired: c.t(.gapExpired)
    case .expiring: c.t(.gapExpiring)
    }
  }

  static func priority(_ c: Context, _ p: Priority) -> String {
    switch p {
    case .mandatory: c.t(.priorityMandatory)
    case .core: c.t(.priorityCore)
    case .desirable: c.t(.priorityDesirable)
    }
  }

  static func practitionerHome(_ c: inout Context) throws -> HTTPResponse {
    let (session, me) = try c.practitioner()
    let home = try session.service.home(me.id, asOf: c.today, language: c.language)
    let analysis = home.gap.analysis
    let ids = session.service.model.catalog.ids
    var body = "<h1>\(Markup.esc(c.t(.homeTitle)))</h1><p class=\"lead\">\(Markup.esc(me.name)) · \(Markup.esc(c.framework.role(me.role)?.title.text(c.language) ?? me.role)) · \(Markup.esc(me.team))</p>"
    body += "<ul class=\"actions\"><li>\(Markup.link("/activities/new", c.t(.navLog)))</li><li>\(Markup.link("/assess", c.t(.assessTitle)))</li><li>\(Markup.link("/people/\(Markup.encode(me.id))", c.t(.gapReport)))</li><li>\(Markup.link("/certificate", c.t(.certificateTitle)))</li><li>\(Markup.link("/my-data", c.t(.myData)))</li></ul>"

    // Open gaps by priority.
    body += "<section aria-labelledby=\"gaps\"><h2 id=\"gaps\">\(Markup.esc(c.t(.openGaps)))</h2>"
    let open = analysis.requirements.filter(\.status.isOpenGap).sorted { ($0.priority, $1.competency) > ($1.priority, $0.competency) }
    if open.isEmpty {
      body += "<p>\(Markup.esc(c.t(.noOpenGaps)))</p>"
    } else {
      body += Markup.table(
        caption: c.t(.openGapsCaption), headers: [c.t(.competency), c.t(.priority), c.t(.status), c.t(.requiredLevel), c.t(.evidencedLevel)],
        rows: open.map { r in
          let id = ids[Int(r.competency)]
          return [Markup.link("/framework/competencies/\(Markup.encode(id))", competencyTitle(c, id)), Markup.esc(priority(c, r.priority)),
            Markup.esc(gapStatus(c, r.status)), String(r.required), String(r.evidenced)]
        }, numeric: [3, 4])
    }
    body += "</section>"

    // Recommended training.
    body += "<section aria-labelledby=\"training\"><h2 id=\"training\">\(Markup.esc(c.t(.recommendedTraining)))</h2>"
    let plan = analysis.plan
    if plan.steps.isEmpty {
      body += "<p>\(Markup.esc(c.t(.noTrainingNeeded)))</p>"
    } else {
      body += Markup.table(
        caption: c.t(.recommendedCaption).replacingOccurrences(of: "{h}", with: Markup.number(plan.totalHours)),
        headers: [c.t(.module), c.t(.hours), c.t(.closesGapsIn)],
        rows: plan.steps.sorted { $0.order < $1.order }.map { step in
          let module = c.framework.modules[step.module]
          let closes = step.closes.map { competencyTitle(c, ids[Int($0)]) }.joined(separator: "; ")
          return [Markup.link("/framework/modules/\(Markup.encode(module.id))", module.title.text(c.language)), Markup.number(step.hours), Markup.esc(closes)]
        }, numeric: [1])
    }
    body += "</section>"

    // CPD this period against the policy.
    body += "<section aria-labelledby=\"cpd\"><h2 id=\"cpd\">\(Markup.esc(c.t(.cpdThisPeriod))) (\(home.period.start)–\(home.period.end))</h2>"
    body += complianceTable(c, home.compliance)
    body += "</section>"

    // Awaiting sign-off.
    body += "<section aria-labelledby=\"waiting\"><h2 id=\"waiting\">\(Markup.esc(c.t(.awaitingSignOff)))</h2>"
    if home.pending.isEmpty {
      body += "<p>\(Markup.esc(c.t(.nothingAwaiting)))</p>"
    } else {
      body += "<ul>" + home.pending.map { a in
        "<li>\(Markup.link("/activities/\(Markup.encode(a.id))", a.title)) (\(a.date), \(Markup.esc(hoursText(c, a, unit: true))))</li>"
      }.joined() + "</ul>"
    }
    body += "</section>"

    // Requirements expiring.
    let expiring = analysis.requirements.filter { $0.status == .expiring }
    body += "<section aria-labelledby=\"expiring\"><h2 id=\"expiring\">\(Markup.esc(c.t(.expiringRequirements)))</h2>"
    if expiring.isEmpty {
      body += "<p>\(Markup.esc(c.t(.nothingExpiring)))</p>"
    } else {
      body += "<ul>" + expiring.map { r in
        "<li>\(Markup.esc(competencyTitle(c, ids[Int(r.competency)])))\(r.lapsesOn.map { " – \(Markup.esc(c.t(.lapsesOn))) \($0)" } ?? "")</li>"
      }.joined() + "</ul>"
    }
    body += "</section>"
    return Layout.page(c, title: c.t(.homeTitle), body: body)
  }

  static func complianceTable(_ c: Context, _ compliance: CPDCompliance?) -> String {
    guard let k = compliance else { return "<p>\(Markup.esc(c.t(.noPolicy)))</p>" }
    var rows: [[String]] = []
    func row(_ label: L, _ have: String, _ need: String?) {
      rows.append([Markup.esc(c.t(label)), Markup.esc(have), Markup.esc(need ?? c.t(.noRequirement))])
    }
    row(.cpdHours, Markup.number(k.hours), k.requiredHours.map(Markup.number))
    row(.participatoryHours, Markup.number(k.participatoryHours), k.requiredParticipatoryHours.map(Markup.number))
    row(.reflectiveAccounts, String(k.reflectiveAccounts), String(k.requiredReflectiveAccounts))
    var out = "<p>\(Markup.esc(c.t(.policy))): \(Markup.esc(k.policy.title.text(c.language))) (\(Markup.esc(k.policy.version)))</p>"
    out += Markup.table(caption: c.t(.cpdAgainstPolicy), headers: [c.t(.measure), c.t(.verifiedSoFar), c.t(.policyAsks)], rows: rows, numeric: [1, 2])
    out += "<p class=\"\(k.isMet ? "ok" : "todo")\">\(Markup.esc(c.t(k.isMet ? .policyMet : .policyNotMet)))</p>"
    if k.pendingActivities > 0 {
      out += "<p>\(Markup.esc(c.t(.pendingCount).replacingOccurrences(of: "{n}", with: String(k.pendingActivities)).replacingOccurrences(of: "{h}", with: Markup.number(k.pendingHours))))</p>"
    }
    return out
  }

  // MARK: The CPD log

  static func activities(_ c: inout Context) throws -> HTTPResponse {
    let (session, me) = try c.practitioner()
    let list = try session.service.activities(of: me.id)
    var body = ""
    if let logged = c.request.queryValue("logged") {
      body += "<div class=\"banner\" role=\"status\"><p>\(Markup.esc(c.t(.activityLogged))) \(Markup.link("/activities/\(Markup.encode(logged))", logged))</p></div>"
    }
    body += "<h1>\(Markup.esc(c.t(.activitiesTitle)))</h1><p>\(Markup.link("/activities/new", c.t(.navLog)))</p>"
    if list.isEmpty {
      body += "<p>\(Markup.esc(c.t(.noActivities)))</p>"
    } else {
      body += Markup.table(
        caption: c.t(.activitiesCaption), headers: [c.t(.title), c.t(.date), c.t(.kind), c.t(.hours), c.t(.status), c.t(.note)],
        rows: list.map { a in
          let note = a.status == .rejected ? a.signOffs.last?.note ?? "" : ""
          var state = status(c, a.status)
          if a.supersededBy != nil { state += " (\(c.t(.superseded)))" }
          return [Markup.link("/activities/\(Markup.encode(a.id))", a.title), a.date.description, Markup.esc(kindName(c, a.kind)),
            Markup.esc(hoursText(c, a, unit: false)), "<span class=\"st st-\(a.status.name)\">\(Markup.esc(state))</span>", Markup.esc(note)]
        }, numeric: [3])
    }
    return Layout.page(c, title: c.t(.activitiesTitle), body: body)
  }

  static func kindName(_ c: Context, _ kind: ActivityKind) -> String { L.kind(kind).text(c.language) }

  static func activity(_ c: inout Context, id: String) throws -> HTTPResponse {
    let session = try c.signedIn()
    let a = try session.service.activity(id)
    var rows: [[String]] = [
      [Markup.esc(c.t(.date)), a.date.description], [Markup.esc(c.t(.kind)), Markup.esc(kindName(c, a.kind))],
      [Markup.esc(c.t(.hours)), Markup.esc(hoursText(c, a, unit: false))], [Markup.esc(c.t(.status)), Markup.esc(status(c, a.status))],
    ]
    if let module = a.module { rows.append([Markup.esc(c.t(.module)), Markup.esc(moduleTitle(c, module))]) }
    if !a.claims.isEmpty {
      rows.append([Markup.esc(c.t(.competenciesClaimed)), Markup.esc(a.claims.map { "\(competencyTitle(c, $0.competency)) (\(c.t(.level)) \($0.level))" }.joined(separator: "; "))])
    }
    var body = "<h1>\(Markup.esc(a.title))</h1>"
    body += Markup.table(caption: c.t(.activityDetails), headers: [c.t(.field), c.t(.value)], rows: rows)
    if let reflection = a.reflection, !reflection.isEmpty {
      body += "<h2>\(Markup.esc(c.t(.reflection)))</h2><div class=\"reflection\">\(Markup.esc(reflection).replacingOccurrences(of: "\n", with: "<br>"))</div>"
    }
    if !a.evidence.isEmpty {
      body += "<h2>\(Markup.esc(c.t(.evidence)))</h2><ul>" + a.evidence.map { e in
        "<li>\(Markup.link("/activities/\(Markup.encode(a.id))/evidence/\(e.sha256)", e.name)) (\(e.bytes) \(Markup.esc(c.t(.bytes))))</li>"
      }.joined() + "</ul>"
    }
    if !a.signOffs.isEmpty {
      body += "<h2>\(Markup.esc(c.t(.signOffs)))</h2><ul>" + a.signOffs.map { s in
        "<li>\(Markup.esc(status(c, s.decision))) \(s.date)\(s.note.map { ": " + Markup.esc($0) } ?? "")</li>"
      }.joined() + "</ul>"
    }
    return Layout.page(c, title: a.title, body: body)
  }

  static func evidence(_ c: inout Context, activity: String, sha256: String) throws -> HTTPResponse {
    let session = try c.signedIn()
    let file = try session.service.evidence(activity: activity, sha256: sha256)
    return Layout.download(file.bytes, name: file.name, type: "application/octet-stream")
  }

  // MARK: Logging an activity

  static func newActivity(_ c: inout Context) throws -> HTTPResponse {
    _ = try c.practitioner()
    return activityForm(c, values: [:], errors: [])
  }

  static let claimRows = 3

  static func activityForm(_ c: Context, values: [String: [String]], errors: [(field: String, message: String)], status: Int = 200) -> HTTPResponse {
    func value(_ name: String, _ i: Int = 0) -> String { (values[name] ?? []).count > i ? values[name]![i] : "" }
    let kinds = ActivityKind.allCases.map { ($0.rawValue, kindName(c, $0)) }
    let modules = [("", c.t(.noModule))] + c.framework.modules.map { ($0.id, "\($0.title.text(c.language)) (\($0.id))") }.sorted { $0.1 < $1.1 }
    let competencies = [("", c.t(.noCompetency))] + c.framework.competencies.map { ($0.id, "\($0.id) \($0.title.text(c.language))") }
    let levels = c.framework.levels.map { (String($0.level), "\($0.level) – \($0.title.text(c.language))") }
    var body = Layout.errorSummary(c, errors)
    body += "<h1>\(Markup.esc(c.t(.logTitle)))</h1><p>\(Markup.esc(c.t(.logIntro)))</p>"
    body += "<form method=\"post\" action=\"/activities/new\" enctype=\"multipart/form-data\" novalidate>\(c.csrfField)"
    body += Layout.field(c, name: "date", label: c.t(.date), input: Layout.input(name: "date", value: value("date"), attributes: "autocomplete=\"off\""), hint: c.t(.dateHint), errors: errors)
    body += Layout.field(c, name: "kind", label: c.t(.kind), input: Layout.select(name: "kind", options: kinds, selected: value("kind")), errors: errors)
    body += Layout.field(c, name: "hours", label: c.t(.hours), input: Layout.input(name: "hours", value: value("hours"), attributes: "inputmode=\"decimal\" class=\"short\""), hint: c.t(.hoursHint), errors: errors)
    body += Layout.field(c, name: "title", label: c.t(.title), input: Layout.input(name: "title", value: value("title")), errors: errors)
    body += Layout.field(c, name: "module", label: c.t(.moduleOptional), input: Layout.select(name: "module", options: modules, selected: value("module")), hint: c.t(.moduleHint), errors: errors)
    body += "<fieldset><legend>\(Markup.esc(c.t(.competenciesClaimed)))</legend><p class=\"hint\">\(Markup.esc(c.t(.claimsHint)))</p>"
    for i in 0..<claimRows {
      let n = i + 1
      body += "<div class=\"claim\">"
      body += Layout.field(
        c, name: "competency-\(n)", label: "\(c.t(.competency)) \(n)",
        input: Layout.select(name: "competency-\(n)", options: competencies, selected: value("competency", i)).replacingOccurrences(of: "name=\"competency-\(n)\"", with: "name=\"competency\""), errors: errors)
      body += Layout.field(
        c, name: "level-\(n)", label: "\(c.t(.level)) \(n)",
        input: Layout.select(name: "level-\(n)", options: levels, selected: value("level", i).isEmpty ? "2" : value("level", i)).replacingOccurrences(of: "name=\"level-\(n)\"", with: "name=\"level\""), errors: errors)
      body += "</div>"
    }
    body += "</fieldset>"
    body += Layout.field(c, name: "reflection", label: c.t(.reflectionOptional), input: "<textarea id=\"reflection\" name=\"reflection\" rows=\"6\"{{a}}>\(Markup.esc(value("reflection")))</textarea>", hint: c.t(.reflectionHint), errors: errors)
    body += Layout.field(c, name: "evidence", label: c.t(.evidenceOptional), input: "<input id=\"evidence\" name=\"evidence\" type=\"file\" multiple{{a}}>", hint: c.t(.evidenceHint), errors: errors)
    body += "<button type=\"submit\">\(Markup.esc(c.t(.saveActivity)))</button></form>"
    return Layout.page(c, title: c.t(.logTitle), body: body, status: status)
  }

  static func logActivity(_ c: inout Context) throws -> HTTPResponse {
    let session = try c.checkedForm()
    guard let me = session.service.actor.person else { throw WebFailure.forbidden("\(session.service.actor) keeps no CPD record of their own") }
    let r = c.request
    var errors: [(field: String, message: String)] = []
    let date = Day(r.field("date")?.trimmingCharacters(in: .whitespaces) ?? "")
    if date == nil { errors.append(("date", c.t(.dateError))) }
    let kind = ActivityKind(rawValue: r.field("kind") ?? "")
    if kind == nil { errors.append(("kind", c.t(.kindError))) }
    let hours = Hours(r.field("hours")?.trimmingCharacters(in: .whitespaces) ?? "")
    if hours == nil { errors.append(("hours", c.t(.hoursError))) }
    let title = (r.field("title") ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    if title.isEmpty { errors.append(("title", c.t(.titleError))) }
    let module = r.field("module").flatMap { $0.isEmpty ? nil : $0 }
    var claims: [ClaimedLevel] = []
    let picked = r.form["competency"] ?? []
    let levels = r.form["level"] ?? []
    for (i, competency) in picked.enumerated() where !competency.isEmpty {
      guard i < levels.count, let level = Int(levels[i]) else {
        errors.append(("level-\(i + 1)", c.t(.levelError)))
        continue
      }
      claims.append(ClaimedLevel(competency: competency, level: level))
    }
    let reflection = r.field("reflection").flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0 }
    let files = r.files.filter { $0.field == "evidence" }
    let evidence = files.map { EvidenceFile(path: $0.path, name: $0.filename, within: ($0.path as NSString).deletingLastPathComponent) }
    var values = r.form
    values["csrf"] = nil
    if errors.isEmpty, let date, let kind, let hours {
      let activity = NewActivity(
        practitioner: me.id, date: date, kind: kind, hours: hours, title: title, module: module, claims: claims,
        reflection: reflection, evidence: evidence)
      do throws(RecordsError) {
        let id = try session.service.log(activity, source: "web")
        return Layout.redirect("/activities?logged=\(Markup.encode(id))")
      } catch {
        if case .forbidden(let why) = error { throw WebFailure.forbidden(why) }
        var (field, message) = message(error, c)
        if field == "competency" { field = "competency-1" }
        if !["date", "kind", "hours", "title", "module", "competency-1", "reflection", "evidence"].contains(field) { field = "title" }
        errors.append((field, message))
      }
    }
    return activityForm(c, values: values, errors: errors, status: 400)
  }

  // MARK: Self-assessment

  static func assessForm(_ c: inout Context, failure: (field: String, message: String)?, done: Bool = false) throws -> HTTPResponse {
    let (session, me) = try c.practitioner()
    let kept = try session.service.selfAssessments(of: me.id)
    let errors = failure.map { [$0] } ?? []
    var body = Layout.errorSummary(c, errors)
    if done { body += "<div class=\"banner\" role=\"status\"><p>\(Markup.esc(c.t(.assessmentSaved)))</p></div>" }
    body += "<h1>\(Markup.esc(c.t(.assessTitle)))</h1><p>\(Markup.esc(c.t(.assessIntro)))</p>"
    let required = Set((c.framework.requirements(forRole: me.role, agency: me.agency) ?? []).map(\.competency))
    let competencies = c.framework.competencies.filter { required.isEmpty || required.contains($0.id) }.map { ($0.id, "\($0.id) \($0.title.text(c.language))") }
    let levels = [("0", "0 – \(c.t(.notAtAll))")] + c.framework.levels.map { (String($0.level), "\($0.level) – \($0.title.text(c.language))") }
    body += "<form method=\"post\" action=\"/assess\" novalidate>\(c.csrfField)"
    body += Layout.field(c, name: "competency", label: c.t(.competency), input: Layout.select(name: "competency", options: competencies, selected: c.request.field("competency")), errors: errors)
    body += Layout.field(c, name: "level", label: c.t(.yourLevel), input: Layout.select(name: "level", options: levels, selected: c.request.field("level")), errors: errors)
    body += "<button type=\"submit\">\(Markup.esc(c.t(.saveAssessment)))</button></form>"
    if !kept.isEmpty {
      body += Markup.table(
        caption: c.t(.yourAssessments), headers: [c.t(.competency), c.t(.level), c.t(.date)],
        rows: kept.map { [Markup.esc(competencyTitle(c, $0.competency)), String($0.level), $0.date.description] }, numeric: [1])
    }
    return Layout.page(c, title: c.t(.assessTitle), body: body, status: failure == nil ? 200 : 400)
  }

  static func assess(_ c: inout Context) throws -> HTTPResponse {
    let session = try c.checkedForm()
    guard let me = session.service.actor.person else { throw WebFailure.forbidden("\(session.service.actor) keeps no CPD record of their own") }
    guard let level = Int(c.request.field("level") ?? "") else { return try assessForm(&c, failure: ("level", c.t(.levelError))) }
    do throws(RecordsError) {
      try session.service.assess(practitioner: me.id, competency: c.request.field("competency") ?? "", level: level, on: c.today)
    } catch {
      if case .forbidden(let why) = error { throw WebFailure.forbidden(why) }
      return try assessForm(&c, failure: message(error, c))
    }
    return try assessForm(&c, failure: nil, done: true)
  }

  // MARK: Gaps, data

  /// A person's gap report (their own, or a team member's for their team leader).
  static func person(_ c: inout Context, id: String) throws -> HTTPResponse {
    let session = try c.signedIn()
    let report = try session.service.gap(id, asOf: c.today, language: c.language)
    return embedded(&c, title: "\(c.t(.gapReport)): \(report.person.name)", document: report.html)
  }

  /// A report's own document shown inside the application's page, its stylesheet allowed by hash.
  static func embedded(_ c: inout Context, title: String, document: String, before: String = "", after: String = "") -> HTTPResponse {
    let (style, body) = Markup.parts(ofDocument: document)
    if let style { c.allowStyle(style) }
    return Layout.page(c, title: title, body: before + "<div class=\"report\">" + body + "</div>" + after)
  }

  static func myData(_ c: inout Context) throws -> HTTPResponse {
    let (session, me) = try c.practitioner()
    let data = try session.service.exportPerson(me.id)
    return Layout.download(Array(JSONWriter.string(data).utf8), name: "personal-data-\(me.id).json", type: "application/json")
  }
}
