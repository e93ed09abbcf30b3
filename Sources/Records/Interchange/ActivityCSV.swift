import Competency
import Foundation
import Workforce

/// Activities from a spreadsheet or an HR/LMS export: one activity per row, named columns.
public enum ActivityCSV {
  public static let requiredColumns = ["practitioner", "date", "kind", "hours", "title"]
  public static let optionalColumns = [
    "id", "module", "competencies", "reflection", "participatory", "evidence", "supersedes", "verified_by", "verified_on",
    "note",
  ]

  /// Help text describing the columns, for `cpd import csv --help`.
  public static let columnHelp = """
    Columns (header row required, any order, names case-insensitive):
      practitioner  practitioner id (required)
      date          YYYY-MM-DD (required)
      kind          \(ActivityKind.allNames) (required)
      hours         hours spent, more than 0 and at most 24 (required)
      title         what it was (required)
      id            activity id (generated when empty)
      module        module id; its competencies are claimed unless 'competencies' says otherwise
      competencies  claims as COMPETENCY:LEVEL separated by ';' (e.g. CS-INF-01:2;CS-GOV-02:1)
      reflection    what was learnt
      participatory yes or no (default: no for reading, e-learning and reflective-account, else yes)
      evidence      files to attach, relative to the CSV's folder, separated by ';'
      supersedes    id of an earlier activity this one corrects
      verified_by   practitioner id of the person who verified it (imports it verified)
      verified_on   date of that sign-off (default: the activity date)
      note          the verifier's note
    """

  /// Reads every row into activities, checking each against the rules. Row numbers are the
  /// spreadsheet's (the header is row 1). Nothing is stored here.
  public static func read(_ bytes: [UInt8], file: String, rules: RecordRules) throws(RecordsError) -> [NewActivity] {
    let stream = try self.stream(bytes, file: file, rules: rules)
    do {
      return try stream.collect()
    } catch let error as RecordsError {
      throw error
    } catch {
      throw .storage("\(error)")
    }
  }

  /// Checks the header now, then reads and checks the rows on a background thread, in chunks,
  /// for the store to write while later rows are still being read.
  public static func stream(_ bytes: [UInt8], file: String, rules: RecordRules, chunkSize: Int = 2048) throws(RecordsError)
    -> ActivityStream
  {
    var reader = CSVReader(bytes)
    var header: [String] = []
    do {
      _ = try reader.nextRow { (view: CSVRowView) throws(RecordsError) in
        do throws(RecordsError) {
          for f in 0..<view.count { header.append(try view.text(f)) }
        } catch {
          throw error.located("row 1")
        }
      }
    } catch {
      throw error.located(file)
    }
    guard !header.isEmpty else { throw .invalid("\(file): the file is empty (expected a header row)") }
    var columns: [String: Int] = [:]
    for (i, raw) in header.enumerated() {
      let name = raw.lowercased()
      guard requiredColumns.contains(name) || optionalColumns.contains(name) else {
        throw .invalid("\(file): row 1: unknown column \"\(raw)\" (see 'cpd import csv --help')")
      }
      guard columns[name] == nil else { throw .invalid("\(file): row 1: column \"\(name)\" appears twice") }
      columns[name] = i
    }
    for name in requiredColumns where columns[name] == nil {
      throw .invalid("\(file): row 1: missing column \"\(name)\"")
    }
    let parser = RowParser(
      columns: Columns(columns), folder: URL(fileURLWithPath: file).deletingLastPathComponent(), rules: rules)
    let rowsAfterHeader = reader
    return ActivityStream { emit in
      var reader = rowsAfterHeader
      var chunk: [NewActivity] = []
      chunk.reserveCapacity(chunkSize)
      var any = false
      var pending: NewActivity? = nil
      while true {
        let more: Bool
        do {
          more = try reader.nextRow { (view: CSVRowView) throws(RecordsError) in
            do throws(RecordsError) {
              pending = try parser.activity(view)
            } catch {
              throw error.located("row \(view.number)")
            }
          }
        } catch let error as RecordsError {
          throw error.located(file)
        }
        guard more, let activity = pending else { break }
        chunk.append(activity)
        any = true
        if chunk.count == chunkSize {
          try emit(chunk)
          chunk.removeAll(keepingCapacity: true)
        }
      }
      if !chunk.isEmpty { try emit(chunk) }
      if !any { throw RecordsError.invalid("\(file): no activities after the header row") }
    }
  }

  /// Where each known column is, resolved once from the header (-1 when absent).
  struct Columns: Sendable {
    var count: Int
    var practitioner, date, kind, hours, title, id, module, competencies, reflection, participatory, evidence: Int
    var supersedes, verifiedBy, verifiedOn, note: Int

    init(_ byName: [String: Int]) {
      count = byName.count
      func at(_ name: String) -> Int { byName[name] ?? -1 }
      (practitioner, date, kind, hours, title) = (at("practitioner"), at("date"), at("kind"), at("hours"), at("title"))
      (id, module, competencies, reflection) = (at("id"), at("module"), at("competencies"), at("reflection"))
      (participatory, evidence, supersedes) = (at("participatory"), at("evidence"), at("supersedes"))
      (verifiedBy, verifiedOn, note) = (at("verified_by"), at("verified_on"), at("note"))
    }
  }

  /// Turns one row into an activity, reading dates, kinds, hours and claims straight from bytes
  /// and resolving competency and module ids through byte-keyed tables.
  /// A class, so that handing it to the per-row closure costs one reference count, not a copy of
  /// every table it holds.
  final class RowParser: Sendable {
    let columns: Columns
    let folder: URL
    let rules: RecordRules
    let competencies: ByteKeyTable
    let modules: ByteKeyTable
    let moduleClaims: [[ClaimedLevel]]
    let kinds: ByteKeyTable

    init(columns: Columns, folder: URL, rules: RecordRules) {
      self.columns = columns
      self.folder = folder
      self.rules = rules
      competencies = ByteKeyTable(rules.catalog.ids.enumerated().map { ($0.element, Int32($0.offset)) })
      modules = ByteKeyTable(rules.framework.modules.enumerated().map { ($0.element.id, Int32($0.offset)) })
      moduleClaims = rules.framework.modules.map { $0.develops.map { ClaimedLevel(competency: $0.competency, level: $0.level) } }
      kinds = ByteKeyTable(ActivityKind.allCases.enumerated().map { ($0.element.rawValue, Int32($0.offset)) })
    }

    func activity(_ row: CSVRowView) throws(RecordsError) -> NewActivity {
      if row.count > columns.count { throw .invalid("\(row.count) fields, but the header has \(columns.count) columns") }
      func field(_ column: Int) -> UnsafeBufferPointer<UInt8>? {
        guard column >= 0, column < row.count else { return nil }
        let b = row.bytes(column)
        return b.isEmpty ? nil : b
      }
      func text(_ column: Int) throws(RecordsError) -> String? {
        guard field(column) != nil else { return nil }
        return try row.text(column)
      }
      func required(_ column: Int, _ name: String) throws(RecordsError) -> UnsafeBufferPointer<UInt8> {
        guard let b = field(column) else { throw .invalid("\(name): missing") }
        return b
      }
      func shown(_ b: UnsafeBufferPointer<UInt8>) -> String { String(decoding: b, as: UTF8.self) }

      let dateBytes = try required(columns.date, "date")
      guard let date = Day(bytes: dateBytes) else { throw .invalid("date: \"\(shown(dateBytes))\" is not a date (YYYY-MM-DD)") }
      let kindBytes = try required(columns.kind, "kind")
      guard let k = kinds.lookup(kindBytes) ?? ActivityKind(rawValue: shown(kindBytes).lowercased()).map({ Int32($0.code) }) else {
        throw .invalid("kind: unknown kind \"\(shown(kindBytes))\" (expected one of \(ActivityKind.allNames))")
      }
      let kind = ActivityKind.allCases[Int(k)]
      let hoursBytes = try required(columns.hours, "hours")
      guard let hours = decimal(hoursBytes) ?? Double(shown(hoursBytes)) else {
        throw .invalid("hours: \"\(shown(hoursBytes))\" is not a number")
      }
      var participatory = kind.isParticipatoryByDefault
      if let p = try text(columns.participatory)?.lowercased() {
        switch p {
        case "yes", "y", "true", "1": participatory = true
        case "no", "n", "false", "0": participatory = false
        default: throw .invalid("participatory: \"\(p)\" is not yes or no")
        }
      }
      var module: String? = nil
      var claims: [ClaimedLevel] = []
      if let m = field(columns.module) {
        guard let index = modules.lookup(m) else {
          throw .invalid("module: unknown module \"\(shown(m))\" (see 'cpd framework list modules')")
        }
        module = rules.framework.modules[Int(index)].id
        claims = moduleClaims[Int(index)]
      }
      if let list = field(columns.competencies) { try readClaims(list, into: &claims) }
      var evidence: [EvidenceFile] = []
      if let list = try text(columns.evidence) {
        for part in list.split(separator: ";") {
          let relative = String(part).trimmedOfSpaces
          if relative.isEmpty { continue }
          let components = relative.split(separator: "/")
          guard !relative.hasPrefix("/"), !components.contains(".."), !relative.contains("\\") else {
            throw .invalid("evidence: \"\(relative)\" must be a path inside the CSV's folder (no '..' or absolute paths)")
          }
          evidence.append(EvidenceFile(path: folder.appendingPathComponent(relative).path, name: String(components.last!)))
        }
      }
      var signOff: PresetSignOff? = nil
      if let verifier = try text(columns.verifiedBy) {
        var on = date
        if let d = field(columns.verifiedOn) {
          guard let parsed = Day(bytes: d) else { throw .invalid("verified_on: \"\(shown(d))\" is not a date (YYYY-MM-DD)") }
          on = parsed
        }
        signOff = PresetSignOff(decision: .verified, verifier: verifier, note: try text(columns.note), date: on)
      } else if field(columns.verifiedOn) != nil || field(columns.note) != nil {
        throw .invalid("verified_on and note need verified_by")
      }
      guard let practitioner = try text(columns.practitioner) else { throw .invalid("practitioner: missing") }
      guard let title = try text(columns.title) else { throw .invalid("title: missing") }
      var activity = NewActivity(
        id: try text(columns.id), practitioner: practitioner, date: date, kind: kind, hours: hours,
        participatory: participatory, title: title, module: module, claims: claims, reflection: try text(columns.reflection),
        evidence: evidence, supersedes: try text(columns.supersedes), signOff: signOff)
      try rules.check(activity, claimsChecked: true)
      activity.encodedClaims = activity.claimsText
      return activity
    }

    /// `ID:LEVEL` items separated by ';' or spaces, overriding or adding to `claims`.
    func readClaims(_ list: UnsafeBufferPointer<UInt8>, into claims: inout [ClaimedLevel]) throws(RecordsError) {
      let top = rules.framework.maxLevel
      var start = 0
      var explicit: [Int32] = []
      var i = 0
      while i <= list.count {
        if i == list.count || list[i] == 0x3B || list[i] == 0x20 {
          if i > start {
            let item = UnsafeBufferPointer(rebasing: list[start..<i])
            guard let colon = item.lastIndex(of: 0x3A), colon > 0, colon < item.count - 1,
              let level = Int(String(decoding: UnsafeBufferPointer(rebasing: item[(colon + 1)...]), as: UTF8.self))
            else { throw .invalid("competencies: \"\(String(decoding: item, as: UTF8.self))\" is not COMPETENCY:LEVEL") }
            let idBytes = UnsafeBufferPointer(rebasing: item[..<colon])
            guard let index = competencies.lookup(idBytes) else {
              throw .invalid(
                "competency: unknown competency \"\(String(decoding: idBytes, as: UTF8.self))\" (see 'cpd framework list competencies')")
            }
            let id = rules.catalog.ids[Int(index)]
            guard (1...top).contains(level) else {
              throw .invalid("competency: level \(level) for \(id) is outside the scale 1-\(top)")
            }
            guard !explicit.contains(index) else { throw .invalid("competency: \(id) is claimed twice") }
            explicit.append(index)
            if let existing = claims.firstIndex(where: { $0.competency == id }) {
              claims[existing].level = level
            } else {
              claims.append(ClaimedLevel(competency: id, level: level))
            }
          }
          start = i + 1
        }
        i += 1
      }
    }
  }
}

/// A plain decimal (digits, optionally a point and more digits); nil for anything else.
func decimal(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
  var whole = 0.0
  var fraction = 0.0
  var scale = 1.0
  var seenPoint = false
  var digits = 0
  for b in bytes {
    if b == 0x2E && !seenPoint {
      seenPoint = true
    } else if b >= 0x30 && b <= 0x39 {
      digits += 1
      if seenPoint {
        scale /= 10
        fraction += Double(b - 0x30) * scale
      } else {
        whole = whole * 10 + Double(b - 0x30)
      }
    } else {
      return nil
    }
  }
  guard digits > 0, digits <= 15 else { return nil }
  return whole + fraction
}

extension String {
  /// Without leading and trailing spaces and tabs; the same string when there are none.
  var trimmedOfSpaces: String {
    let utf8 = self.utf8
    guard let first = utf8.first, let last = utf8.last else { return self }
    if first != 0x20 && first != 0x09 && last != 0x20 && last != 0x09 { return self }
    var slice = Substring(self)
    while let c = slice.first, c == " " || c == "\t" { slice.removeFirst() }
    while let c = slice.last, c == " " || c == "\t" { slice.removeLast() }
    return String(slice)
  }
}
