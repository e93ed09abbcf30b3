import Competency
import GapAnalysis
import JSON
import Workforce

/// A team, agency, region or network report in the formats people and tools read. Team reports
/// name people; the others aggregate and show any count below 5 as `<5`.
public struct GroupReportDocument: Sendable {
  public let report: GroupReport
  public let context: ReportContext

  public init(report: GroupReport, context: ReportContext) {
    self.report = report
    self.context = context
  }

  var c: ReportContext { context }

  /// A heatmap row's name: the person's, or the region's in the report's language.
  func label(_ row: HeatmapRow) -> String { row.region.map(c.regionTitle) ?? row.label }

  var hide: Suppression { Suppression(active: !report.scope.namesPeople, language: c.language) }

  var title: String {
    switch report.scope {
    case .team(let t): "\(c.label(.teamReport)): \(t)"
    case .agency(let a): "\(c.label(.agencyReport)): \(c.agencyName(a))"
    case .region(let r): "\(c.label(.regionReport)): \(c.regionTitle(r))"
    case .network: "\(c.label(.networkReport)): \(c.framework.title.text(c.language))"
    }
  }

  var metTotal: Int { report.byCompetency.reduce(0) { $0 + $1.met } }
  var openGaps: Int { report.requirements - metTotal }
  var expiringTotal: Int { report.expiring.values.reduce(0, +) }

  static let statuses: [GapStatus] = [.met, .expiring, .below, .missing, .expired]

  // MARK: JSON

  public var json: JSONValue {
    var o = JSONObject([
      ("scope", .string(report.scope.kind)), ("name", .string(report.scope.name)), ("asOf", .string(report.asOf.description)),
      ("people", hide.json(report.people)), ("requirements", hide.json(report.requirements)), ("suppressedBelow", .int(hide.active ? 5 : 0)),
    ])
    o["byCompetency"] = .array(
      report.byCompetency.map { tally in
        var t = JSONObject([("competency", .string(c.competencyID(tally.competency))), ("title", .string(c.competencyTitle(tally.competency)))])
        for p in Priority.allCases.reversed() {
          var counts = JSONObject()
          for s in Self.statuses { counts[s.rawValue] = hide.json(tally.count(p, s)) }
          t[p.rawValue] = .object(counts)
        }
        t["gaps"] = hide.json(tally.gaps)
        return .object(t)
      })
    o["heatmap"] = [
      "columns": .strings(report.heatmapColumns.map(c.competencyID)),
      "rows": .array(
        report.heatmap.map { row in
          [
            "label": .string(label(row)),
            "cells": .array(
              row.cells.map { cell in
                guard let cell else { return .null }
                if let status = cell.status {
                  return ["status": .string(status.rawValue), "required": .int(cell.required), "evidenced": .int(cell.evidenced)]
                }
                var o = JSONObject([("met", hide.json(cell.met)), ("total", hide.json(cell.total))])
                o["shareMet"] = hide.share(met: cell.met, of: cell.total).map { .number(($0 * 1000).rounded() / 1000) } ?? .null
                return .object(o)
              }),
          ]
        }),
    ]
    o["modulesInDemand"] = .array(
      report.modules.map { d in
        [
          "module": .string(c.moduleID(d.module)), "title": .string(c.moduleTitle(d.module)), "people": hide.json(d.people),
          "hours": hide.active && d.people < 5 ? "<5" : .number((d.hours * 10).rounded() / 10), "mandatoryFor": hide.json(d.mandatoryFor),
        ]
      })
    o["awaitingSignOff"] = [
      "activities": hide.json(report.pendingActivities), "people": hide.json(report.peopleWithPending),
      "oldest": .optional(report.oldestPending?.description),
    ]
    o["expiring"] = .array(
      report.expiring.keys.sorted().map { ["competency": .string(c.competencyID($0)), "requirements": hide.json(report.expiring[$0]!)] })
    o["standardsCoverage"] = .array(
      report.standards.filter { $0.competencies > 0 }.map { s in
        let standard = c.framework.standards[s.standard]
        return [
          "standard": .string(standard.id), "code": .optional(standard.code), "title": .string(standard.title),
          "competencies": .int(s.competencies), "requirements": hide.json(s.requirements), "met": hide.json(s.met),
          "shareMet": hide.share(met: s.met, of: s.requirements).map { .number(($0 * 1000).rounded() / 1000) } ?? .null,
        ]
      })
    let mismatched = Set(report.overconfident.keys).union(report.underconfident.keys).sorted()
    o["confidenceMismatches"] = .array(
      mismatched.map {
        [
          "competency": .string(c.competencyID($0)), "overconfident": hide.json(report.overconfident[$0] ?? 0),
          "underconfident": hide.json(report.underconfident[$0] ?? 0),
        ]
      })
    if report.scope.namesPeople {
      o["members"] = .array(report.members.map { PersonGapReport(person: $0.person, analysis: $0.analysis, asOf: report.asOf, context: c).json })
    }
    return .object(o)
  }

  // MARK: CSV

  /// In English the CSV keeps the codes tools read (`priority`, `expiring`); in Welsh, a
  /// spreadsheet's readers get Welsh headings and values.
  var welsh: Bool { c.language == "cy" }
  func column(_ code: String, _ key: Labels.Key) -> String { welsh ? c.label(key) : code }
  func csvStatus(_ s: GapStatus) -> String { welsh ? c.status(s) : s.rawValue }
  func csvPriority(_ p: Priority) -> String { welsh ? c.priority(p) : p.rawValue }

  /// Team: one row per person and requirement. Others: one row per competency and priority.
  public var csv: String {
    if report.scope.namesPeople {
      var table = Table(headers: [
        column("practitioner", .practitioner), column("name", .name), column("role", .role), column("competency", .competency),
        column("priority", .priority), column("required", .required), column("evidenced", .evidenced), column("status", .status),
        column("pending", .pendingCount), column("lapses_on", .lapsesOn),
      ])
      for m in report.members {
        for r in m.analysis.requirements {
          table.rows.append([
            m.person.id, m.person.name, welsh ? c.roleTitle(m.person.role) : m.person.role, c.competencyID(r.competency),
            csvPriority(r.priority), String(r.required), String(r.evidenced), csvStatus(r.status), String(r.pending),
            r.lapsesOn?.description ?? "",
          ])
        }
      }
      return table.csv
    }
    var table = Table(
      headers: [column("competency", .competency), column("title", .title), column("priority", .priority)]
        + Self.statuses.map(csvStatus) + [column("gaps", .gaps)])
    for tally in report.byCompetency {
      for p in Priority.allCases.reversed() where (Self.statuses.reduce(0) { $0 + tally.count(p, $1) }) > 0 {
        let gaps = Self.statuses.filter(\.isOpenGap).reduce(0) { $0 + tally.count(p, $1) }
        table.rows.append(
          [c.competencyID(tally.competency), c.competencyTitle(tally.competency), csvPriority(p)]
            + Self.statuses.map { hide.text(tally.count(p, $0)) } + [hide.text(gaps)])
      }
    }
    return table.csv
  }

  // MARK: Markdown

  var gapTable: Table {
    var table = Table(headers: [c.label(.competency), c.label(.priority)] + Self.statuses.map(c.status) + [c.label(.gaps)])
    for tally in report.byCompetency {
      for p in Priority.allCases.reversed() where (Self.statuses.reduce(0) { $0 + tally.count(p, $1) }) > 0 {
        let gaps = [GapStatus.below, .missing, .expired].reduce(0) { $0 + tally.count(p, $1) }
        table.rows.append(
          ["\(c.competencyID(tally.competency)) \(c.competencyTitle(tally.competency))", c.priority(p)]
            + Self.statuses.map { hide.text(tally.count(p, $0)) } + [hide.text(gaps)])
      }
    }
    return table
  }

  var moduleTable: Table {
    Table(
      headers: [c.label(.module), c.label(.title), c.label(.quality), c.label(.people), c.label(.hoursPlanned), c.label(.mandatoryFor)],
      rows: report.modules.prefix(25).map { d in
        [
          c.moduleID(d.module), c.moduleTitle(d.module), c.moduleQuality(d.module), hide.text(d.people),
          hide.hours(d.hours, people: d.people), hide.text(d.mandatoryFor),
        ]
      })
  }

  var standardsTable: Table {
    Table(
      headers: [c.label(.standards), c.label(.code), c.label(.mappedCompetencies), c.label(.requirements), c.label(.met), c.label(.metShare)],
      rows: report.standards.filter { $0.competencies > 0 }.map { s in
        let standard = c.framework.standards[s.standard]
        return [standard.title, standard.code ?? "", String(s.competencies), hide.text(s.requirements), hide.text(s.met), hide.percent(met: s.met, of: s.requirements)]
      })
  }

  var confidenceTable: Table {
    let mismatched = Set(report.overconfident.keys).union(report.underconfident.keys).sorted()
    return Table(
      headers: [c.label(.competency), c.label(.overconfident), c.label(.underconfident)],
      rows: mismatched.map { [c.competencyID($0) + " " + c.competencyTitle($0), hide.text(report.overconfident[$0] ?? 0), hide.text(report.underconfident[$0] ?? 0)] })
  }

  var expiringTable: Table {
    if report.scope.namesPeople {
      var rows: [[String]] = []
      for m in report.members {
        for r in m.analysis.requirements where r.status == .expiring {
          rows.append([m.person.name, c.competencyID(r.competency) + " " + c.competencyTitle(r.competency), r.lapsesOn?.description ?? ""])
        }
      }
      return Table(headers: [c.label(.name), c.label(.competency), c.label(.lapsesOn)], rows: rows)
    }
    return Table(
      headers: [c.label(.competency), c.label(.expiringCount)],
      rows: report.expiring.keys.sorted().map { [c.competencyID($0) + " " + c.competencyTitle($0), hide.text(report.expiring[$0]!)] })
  }

  var memberTable: Table {
    Table(
      headers: [c.label(.name), c.label(.role), c.label(.gaps), c.label(.priorityMandatory), c.label(.pendingCount), c.label(.hoursPlanned)],
      rows: report.members.map { m in
        let gaps = m.analysis.requirements.filter(\.status.isOpenGap)
        return [
          m.person.name, c.roleTitle(m.person.role), String(gaps.count), String(gaps.filter { $0.priority == .mandatory }.count),
          String(m.analysis.pendingActivities), JSONWriter.formatNumber(m.analysis.plan.totalHours),
        ]
      })
  }

  var summaryLine: String {
    "\(c.label(.people)): \(hide.text(report.people)) · \(c.label(.requirements)): \(hide.text(report.requirements)) · "
      + "\(c.label(.metShare)): \(hide.percent(met: metTotal, of: report.requirements)) · \(c.label(.asOf)) \(report.asOf)"
  }

  public var markdown: String {
    var out = "# \(Table.markdownText(title))\n\n\(Table.markdownText(summaryLine))\n\n"
    if hide.active { out += "_\(c.label(.suppressionNote))_\n\n" }
    if report.scope.namesPeople { out += "## \(c.label(.people))\n\n" + memberTable.markdown + "\n" }
    out += "## \(c.label(.gapsByCompetency))\n\n" + gapTable.markdown + "\n"
    out += "## \(c.label(.modulesInDemand))\n\n" + moduleTable.markdown + "\n"
    out += "## \(c.label(.awaitingSignOff))\n\n\(c.label(.activitiesPending)): \(hide.text(report.pendingActivities)) · "
    out += "\(c.label(.peopleWithPending)): \(hide.text(report.peopleWithPending))"
    out += report.oldestPending.map { " · \(c.label(.oldestPending)) \($0)" } ?? ""
    out += "\n\n## \(c.label(.expiringSoon))\n\n" + expiringTable.markdown + "\n"
    out += "## \(c.label(.standardsCoverage))\n\n" + standardsTable.markdown + "\n"
    out += "## \(c.label(.confidenceEvidence))\n\n" + confidenceTable.markdown
    return out
  }

  // MARK: HTML

  public var html: String {
    var body = "<h1>\(HTML.escape(title))</h1><p class=\"meta\">\(HTML.escape(summaryLine))</p>"
    if hide.active { body += "<p class=\"note\">\(HTML.escape(c.label(.suppressionNote)))</p>" }
    body += "<div class=\"cards\">"
    for (label, value) in [
      (c.label(.people), hide.text(report.people)), (c.label(.gaps), hide.text(openGaps)),
      (c.label(.metShare), hide.percent(met: metTotal, of: report.requirements)),
      (c.label(.activitiesPending), hide.text(report.pendingActivities)), (c.label(.expiringCount), hide.text(expiringTotal)),
    ] {
      body += "<div class=\"card\">\(HTML.escape(label))<b>\(HTML.escape(value))</b></div>"
    }
    body += "</div>"
    if report.scope.namesPeople {
      body += "<h2>\(HTML.escape(c.label(.people)))</h2>" + HTML.table(memberTable.headers, memberTable.rows, numeric: [2, 3, 4, 5])
    }
    body += "<h2>\(HTML.escape(c.label(.heatmap)))</h2>" + heatmapSVG
    body += "<h2>\(HTML.escape(c.label(.gapsByCompetency)))</h2>"
    let worst = report.byCompetency.filter { $0.gaps > 0 }.sorted { $0.gaps > $1.gaps }.prefix(15)
    body += HTML.barChart(
      worst.map { t in (c.competencyID(t.competency) + " " + c.competencyTitle(t.competency), Double(hide.active && t.gaps < 5 ? 0 : t.gaps), hide.text(t.gaps)) },
      description: c.label(.gapChartAlt), colour: "#bc4c00")
    body += HTML.table(
      [c.label(.competency), c.label(.priority)] + Self.statuses.map { HTML.symbol($0) + " " + c.status($0) } + [c.label(.gaps)],
      gapTable.rows, numeric: Set(2...7))
    body += "<h2>\(HTML.escape(c.label(.modulesInDemand)))</h2>"
    body += HTML.barChart(
      report.modules.prefix(15).map { d in (c.moduleTitle(d.module), Double(hide.active && d.people < 5 ? 0 : d.people), hide.text(d.people)) },
      description: c.label(.demandChartAlt))
    body += HTML.table(moduleTable.headers, moduleTable.rows, numeric: [3, 4, 5])
    body += "<h2>\(HTML.escape(c.label(.awaitingSignOff)))</h2><p>\(HTML.escape(c.label(.activitiesPending))): <b>\(hide.text(report.pendingActivities))</b> · "
    body += "\(HTML.escape(c.label(.peopleWithPending))): <b>\(hide.text(report.peopleWithPending))</b>"
    body += report.oldestPending.map { " · \(HTML.escape(c.label(.oldestPending))) <b>\($0)</b>" } ?? ""
    body += "</p>"
    if report.scope.namesPeople {
      let waiting = report.members.filter { $0.analysis.pendingActivities > 0 }
      if !waiting.isEmpty {
        body += HTML.table(
          [c.label(.name), c.label(.activitiesPending), c.label(.oldestPending)],
          waiting.map { [$0.person.name, String($0.analysis.pendingActivities), $0.analysis.oldestPending?.description ?? ""] }, numeric: [1])
      }
    }
    body += "<h2>\(HTML.escape(c.label(.expiringSoon)))</h2>"
    body += expiringTable.rows.isEmpty ? "<p>\(HTML.escape(c.label(.none)))</p>" : HTML.table(expiringTable.headers, expiringTable.rows, numeric: report.scope.namesPeople ? [] : [1])
    body += "<h2>\(HTML.escape(c.label(.standardsCoverage)))</h2>" + HTML.table(standardsTable.headers, standardsTable.rows, numeric: [2, 3, 4, 5])
    body += "<h2>\(HTML.escape(c.label(.confidenceEvidence)))</h2>"
    if report.scope.namesPeople {
      var rows: [[String]] = []
      for m in report.members {
        for x in m.analysis.mismatches {
          rows.append([m.person.name, c.competencyID(x.competency) + " " + c.competencyTitle(x.competency), String(x.selfRated), String(x.evidenced), c.label(x.overconfident ? .overconfident : .underconfident)])
        }
      }
      body += rows.isEmpty ? "<p>\(HTML.escape(c.label(.none)))</p>" : HTML.table([c.label(.name), c.label(.competency), c.label(.selfAssessed), c.label(.evidenced), ""], rows, numeric: [2, 3])
    } else {
      body += confidenceTable.rows.isEmpty ? "<p>\(HTML.escape(c.label(.none)))</p>" : HTML.table(confidenceTable.headers, confidenceTable.rows, numeric: [1, 2])
    }
    body += "<footer>\(HTML.escape(c.label(.generated))) · \(HTML.escape(c.framework.title.text(c.language))) \(HTML.escape(c.framework.version))</footer>"
    return HTML.page(title: title, language: c.language, body: body)
  }

  /// People (team) or regions (others) by competency. Colour shows status or share met; each
  /// cell also carries a symbol or a number and a tooltip, so colour is never the only signal.
  var heatmapSVG: String {
    let columns = report.heatmapColumns
    guard !columns.isEmpty, !report.heatmap.isEmpty else { return "<p>\(HTML.escape(c.label(.none)))</p>" }
    let cell = 22
    let left = 190
    let top = 86
    let width = max(left + columns.count * cell + 10, left + 5 * 120 + 20)
    let height = top + report.heatmap.count * cell + 40
    let alt = c.label(report.scope.namesPeople ? .heatmapPeopleAlt : .heatmapRegionsAlt)
    var svg = "<div class=\"scroll\"><svg role=\"img\" aria-labelledby=\"heatmap-title\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" style=\"max-width: 100%; height: auto\">"
    svg += "<title id=\"heatmap-title\">\(HTML.escape(alt))</title>"
    for (j, col) in columns.enumerated() {
      let x = left + j * cell + cell / 2
      svg += "<text transform=\"translate(\(x + 4),\(top - 6)) rotate(-60)\">\(HTML.escape(c.competencyID(col)))</text>"
    }
    for (i, row) in report.heatmap.enumerated() {
      let y = top + i * cell
      svg += "<text x=\"\(left - 6)\" y=\"\(y + 15)\" text-anchor=\"end\">\(HTML.escape(String(label(row).prefix(28))))</text>"
      for (j, entry) in row.cells.enumerated() {
        let x = left + j * cell
        guard let entry else {
          svg += "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(cell - 2)\" height=\"\(cell - 2)\" fill=\"#ffffff\" stroke=\"#eeeeee\"/>"
          continue
        }
        let tip: String
        let fill: String
        let mark: String
        if let status = entry.status {
          fill = HTML.colour(status)
          mark = HTML.symbol(status)
          tip = "\(label(row)), \(c.competencyID(columns[j])): \(c.status(status)) (\(entry.evidenced)/\(entry.required))"
        } else {
          let share = hide.share(met: entry.met, of: entry.total)
          fill = HTML.shareColour(share)
          mark = share.map { String(Int(($0 * 100).rounded() / 10)) } ?? "·"
          tip = "\(label(row)), \(c.competencyID(columns[j])): \(c.label(.metShare)) \(hide.percent(met: entry.met, of: entry.total))"
        }
        svg += "<g><title>\(HTML.escape(tip))</title><rect x=\"\(x)\" y=\"\(y)\" width=\"\(cell - 2)\" height=\"\(cell - 2)\" fill=\"\(fill)\"/>"
        svg += "<text x=\"\(x + cell / 2 - 1)\" y=\"\(y + 15)\" text-anchor=\"middle\" fill=\"#ffffff\">\(mark)</text></g>"
      }
    }
    // Key.
    let keyY = top + report.heatmap.count * cell + 18
    if report.scope.namesPeople {
      var x = left
      for status in Self.statuses {
        svg += "<rect x=\"\(x)\" y=\"\(keyY - 11)\" width=\"14\" height=\"14\" fill=\"\(HTML.colour(status))\"/>"
        svg += "<text x=\"\(x + 18)\" y=\"\(keyY)\">\(HTML.symbol(status)) \(HTML.escape(c.status(status)))</text>"
        x += 120
      }
    } else {
      svg += "<text x=\"\(left)\" y=\"\(keyY)\">\(HTML.escape(c.label(.legend) + ": " + c.label(.heatmapShareKey)))</text>"
    }
    return svg + "</svg></div>"
  }
}
