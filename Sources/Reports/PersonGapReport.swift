import Competency
import GapAnalysis
import JSON
import Workforce

/// One practitioner's gaps and recommended training, for people to read and tools to use.
public struct PersonGapReport: Sendable {
  public let person: Person
  public let analysis: PersonAnalysis
  public let asOf: Day
  public let context: ReportContext

  public init(person: Person, analysis: PersonAnalysis, asOf: Day, context: ReportContext) {
    self.person = person
    self.analysis = analysis
    self.asOf = asOf
    self.context = context
  }

  var c: ReportContext { context }

  var requirementRows: [(id: String, title: String, r: RequirementResult)] {
    analysis.requirements.map { (c.competencyID($0.competency), c.competencyTitle($0.competency), $0) }
  }

  // MARK: JSON

  public var json: JSONValue {
    var o = JSONObject([
      ("practitioner", .string(person.id)), ("name", .string(person.name)), ("role", .string(person.role)),
      ("agency", .string(person.agency)), ("agencyType", .optional(analysis.agencyType)), ("team", .string(person.team)),
      ("asOf", .string(asOf.description)),
    ])
    o["requirements"] = .array(
      requirementRows.map { row in
        var r = JSONObject([
          ("competency", .string(row.id)), ("title", .string(row.title)), ("priority", .string(row.r.priority.rawValue)),
          ("required", .int(row.r.required)), ("evidenced", .int(row.r.evidenced)), ("status", .string(row.r.status.rawValue)),
          ("pending", .int(row.r.pending)),
        ])
        if let lapses = row.r.lapsesOn { r["lapsesOn"] = .string(lapses.description) }
        return .object(r)
      })
    o["recommendations"] = .array(
      analysis.plan.steps.map { step in
        [
          "module": .string(c.moduleID(step.module)), "title": .string(c.moduleTitle(step.module)), "hours": .number(step.hours),
          "quality": .string(c.framework.modules[step.module].quality?.status.rawValue ?? ""),
          "closes": .strings(step.closes.map(c.competencyID)), "order": .int(step.order),
          "prerequisiteOf": .strings(step.prerequisiteOf.map(c.moduleID)), "priority": .string(step.priority.rawValue),
        ]
      })
    o["totalHours"] = .number(analysis.plan.totalHours)
    o["method"] = .string(analysis.plan.method.rawValue)
    o["onTheJob"] = .array(analysis.plan.workplace.map { ["competency": .string(c.competencyID($0.competency)), "level": .int($0.level)] })
    o["uncovered"] = .array(analysis.plan.uncovered.map { ["competency": .string(c.competencyID($0.competency)), "level": .int($0.level)] })
    o["mismatches"] = .array(
      analysis.mismatches.map {
        [
          "competency": .string(c.competencyID($0.competency)), "selfAssessed": .int($0.selfRated), "evidenced": .int($0.evidenced),
          "direction": .string($0.overconfident ? "over" : "under"),
        ]
      })
    o["pendingActivities"] = .int(analysis.pendingActivities)
    return .object(o)
  }

  // MARK: Text and Markdown

  var headline: String {
    "\(person.name) (\(person.id)) · \(c.roleTitle(person.role)) · \(c.agencyName(person.agency)) · \(c.label(.asOf)) \(asOf)"
  }

  var requirementTable: Table {
    Table(
      headers: [c.label(.competency), c.label(.title), c.label(.priority), c.label(.required), c.label(.evidenced), c.label(.status), c.label(.pendingCount)],
      rows: requirementRows.map { row in
        [
          row.id, row.title, c.priority(row.r.priority), String(row.r.required), String(row.r.evidenced),
          c.status(row.r.status) + (row.r.lapsesOn.map { " (\($0))" } ?? ""), row.r.pending > 0 ? String(row.r.pending) : "",
        ]
      })
  }

  var planTable: Table {
    Table(
      headers: [c.label(.order), c.label(.module), c.label(.title), c.label(.quality), c.label(.hours), c.label(.closes)],
      rows: analysis.plan.steps.map { step in
        var closes = step.closes.map(c.competencyID).joined(separator: ", ")
        if !step.prerequisiteOf.isEmpty {
          closes += (closes.isEmpty ? "" : "; ") + c.label(.prerequisiteOf) + " " + step.prerequisiteOf.map(c.moduleID).joined(separator: ", ")
        }
        return [
          String(step.order), c.moduleID(step.module), c.moduleTitle(step.module), c.moduleQuality(step.module),
          JSONWriter.formatNumber(step.hours), closes,
        ]
      })
  }

  var notes: [String] {
    var lines: [String] = []
    if !analysis.plan.workplace.isEmpty {
      lines.append(
        "\(c.label(.workplaceEvidence)): "
          + analysis.plan.workplace.map { "\(c.competencyID($0.competency)) \(c.label(.level).lowercased()) \($0.level)" }.joined(separator: ", ")
          + ". " + c.label(.workplaceNote))
    }
    if !analysis.plan.uncovered.isEmpty {
      lines.append(
        "\(c.label(.uncovered)): " + analysis.plan.uncovered.map { "\(c.competencyID($0.competency)) \($0.level)" }.joined(separator: ", ")
          + ". " + c.label(.uncoveredNote))
    }
    for m in analysis.mismatches {
      lines.append(
        "\(c.competencyID(m.competency)): \(c.label(.selfAssessed)) \(m.selfRated), \(c.label(.evidenced).lowercased()) \(m.evidenced) — "
          + c.label(m.overconfident ? .overconfident : .underconfident).lowercased())
    }
    return lines
  }

  var methodLine: String {
    "\(c.label(.totalHours)): \(JSONWriter.formatNumber(analysis.plan.totalHours)) · \(c.label(.method)): "
      + c.label(analysis.plan.method == .exact ? .methodExact : .methodGreedy)
  }

  public var text: String {
    var out = "\(c.label(.gapReport)): \(headline)\n\n\(c.label(.requirements))\n" + requirementTable.text
    out += "\n\(c.label(.recommendations))\n"
    out += analysis.plan.steps.isEmpty && analysis.requirements.allSatisfy({ !$0.status.needsAction }) ? c.label(.noGaps) + "\n" : planTable.text
    out += methodLine + "\n"
    for line in notes { out += "- " + line + "\n" }
    return out
  }

  public var markdown: String {
    var out = "# \(c.label(.gapReport))\n\n\(Table.markdownText(headline))\n\n## \(c.label(.requirements))\n\n"
      + requirementTable.markdown
    out += "\n## \(c.label(.recommendations))\n\n"
    out += analysis.plan.steps.isEmpty ? c.label(.noGaps) + "\n" : planTable.markdown
    out += "\n" + methodLine + "\n"
    if !notes.isEmpty { out += "\n" + notes.map { "- " + Table.markdownText($0) }.joined(separator: "\n") + "\n" }
    return out
  }

  // MARK: HTML

  public var html: String {
    let gaps = analysis.requirements.filter(\.status.isOpenGap).count
    var body = "<h1>\(HTML.escape(c.label(.gapReport)))</h1>"
    body += "<p class=\"meta\">\(HTML.escape(headline))</p>"
    body += "<div class=\"cards\">"
    body += "<div class=\"card\">\(HTML.escape(c.label(.requirements)))<b>\(analysis.requirements.count)</b></div>"
    body += "<div class=\"card\">\(HTML.escape(c.label(.gaps)))<b>\(gaps)</b></div>"
    body += "<div class=\"card\">\(HTML.escape(c.label(.totalHours)))<b>\(JSONWriter.formatNumber(analysis.plan.totalHours))</b></div>"
    body += "<div class=\"card\">\(HTML.escape(c.label(.pending)))<b>\(analysis.pendingActivities)</b></div></div>"
    body += "<h2>\(HTML.escape(c.label(.requirements)))</h2>"
    body += HTML.table(
      [c.label(.competency), c.label(.priority), c.label(.required), c.label(.evidenced), c.label(.status), c.label(.pendingCount)],
      requirementRows.map { row in
        [
          "\(row.id) \(row.title)", c.priority(row.r.priority), String(row.r.required), String(row.r.evidenced),
          HTML.statusCell(row.r.status, word: c.status(row.r.status) + (row.r.lapsesOn.map { " (\($0))" } ?? "")),
          row.r.pending > 0 ? String(row.r.pending) : "",
        ]
      }, numeric: [2, 3, 5], markup: [4])
    body += "<h2>\(HTML.escape(c.label(.recommendations)))</h2>"
    if analysis.plan.steps.isEmpty {
      body += "<p>\(HTML.escape(c.label(.noGaps)))</p>"
    } else {
      body += HTML.table(planTable.headers, planTable.rows, numeric: [4])
    }
    body += "<p>\(HTML.escape(methodLine))</p>"
    for line in notes { body += "<p class=\"note\">\(HTML.escape(line))</p>" }
    body += "<footer>\(HTML.escape(c.label(.generated))) · \(HTML.escape(c.framework.title.text(c.language))) \(HTML.escape(c.framework.version))</footer>"
    return HTML.page(title: "\(c.label(.gapReport)): \(person.name)", language: c.language, body: body)
  }
}
