import Competency
import Foundation
import Workforce

/// Activities from a spreadsheet or an HR/LMS export: one activity per row, named columns.
/// This reads bytes into values; the record-keeping rules check them afterwards, and every
/// problem names the row (the header being row 1).
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

  /// One row read: its spreadsheet row number and the activity it describes.
  public struct Row: Sendable {
    public var number: Int
    public var activity: NewActivity
  }

  /// Reads the header now; the rows come from the reader one at a time (so that a large file can
  /// be read on one core while it is stored on another).
  public static func reader(_ bytes: [UInt8], file: String) throws(InputError) -> Reader {
    var csv = CSVReader(bytes)
    var header: [String] = []
    do {
      _ = try csv.nextRow { (view: CSVRowView) throws(InputError) in
        do throws(InputError) {
          for f in 0..<view.count { header.append(try view.text(f)) }
        } catch {
          throw error.located("row 1")
        }
      }
    } catch {
      throw error.located(file)
    }
    guard !header.isEmpty else { throw InputError("", .required, "the file is empty (expected a header row)", at: [file]) }
    var columns: [String: Int] = [:]
    for (i, raw) in header.enumerated() {
      let name = raw.lowercased()
      guard requiredColumns.contains(name) || optionalColumns.contains(name) else {
        throw InputError("", .unknown, "unknown column \"\(raw)\" (see 'cpd import csv --help')", at: [file, "row 1"])
      }
      guard columns[name] == nil else { throw InputError("", .duplicate, "column \"\(name)\" appears twice", at: [file, "row 1"]) }
      columns[name] = i
    }
    for name in requiredColumns where columns[name] == nil {
      throw InputError("", .required, "missing column \"\(name)\"", at: [file, "row 1"])
    }
    return Reader(csv: csv, file: file, parser: RowParser(columns: Columns(columns), folder: URL(fileURLWithPath: file).deletingLastPathComponent()))
  }

  /// Every row at once.
  public static func read(_ bytes: [UInt8], file: String) throws(InputError) -> [Row] {
    let reader = try reader(bytes, file: file)
    var rows: [Row] = []
    while let row = try reader.next() { rows.append(row) }
    return rows
  }

  /// The rows after the header. Used from one thread at a time.
  public final class Reader {
    private var csv: CSVReader
    private let file: String
    private let parser: RowParser
    private var any = false

    init(csv: CSVReader, file: String, parser: RowParser) {
      self.csv = csv
      self.file = file
      self.parser = parser
    }

    /// The next row; nil after the last. A file with no rows after its header is refused.
    public func next() throws(InputError) -> Row? {
      var row: Row? = nil
      let parser = self.parser
      let more: Bool
      do {
        more = try csv.nextRow { (view: CSVRowView) throws(InputError) in
          do throws(InputError) {
            row = Row(number: view.number, activity: try parser.activity(view))
          } catch {
            throw error.located("row \(view.number)")
          }
        }
      } catch {
        throw error.located(file)
      }
      guard more, let row else {
        if !any { throw InputError("", .required, "no activities after the header row", at: [file]) }
        return nil
      }
      any = true
      return row
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

  /// Turns one row into an activity, reading dates, kinds and hours straight from bytes.
  /// A class, so that handing it to the per-row closure costs one reference count, not a copy.
  final class RowParser: Sendable {
    let columns: Columns
    let folder: URL
    let kinds: ByteKeyTable

    init(columns: Columns, folder: URL) {
      self.columns = columns
      self.folder = folder
      kinds = ByteKeyTable(ActivityKind.allCases.enumerated().map { ($0.element.rawValue, Int32($0.offset)) })
    }

    func activity(_ row: CSVRowView) throws(InputError) -> NewActivity {
      if row.count > columns.count {
        throw InputError("", .malformed, "\(row.count) fields, but the header has \(columns.count) columns")
      }
      func field(_ column: Int) -> UnsafeBufferPointer<UInt8>? {
        guard column >= 0, column < row.count else { return nil }
        let b = row.bytes(column)
        return b.isEmpty ? nil : b
      }
      func text(_ column: Int) throws(InputError) -> String? {
        guard field(column) != nil else { return nil }
        return try row.text(column)
      }
      func required(_ column: Int, _ name: String) throws(InputError) -> UnsafeBufferPointer<UInt8> {
        guard let b = field(column) else { throw InputError(name, .required, "missing") }
        return b
      }
      func shown(_ b: UnsafeBufferPointer<UInt8>) -> String { String(decoding: b, as: UTF8.self) }

      let dateBytes = try required(columns.date, "date")
      guard let date = Day(bytes: dateBytes) else {
        throw InputError("date", .malformed, "\"\(shown(dateBytes))\" is not a date (YYYY-MM-DD)")
      }
      let kindBytes = try required(columns.kind, "kind")
      guard let k = kinds.lookup(kindBytes) ?? ActivityKind(rawValue: shown(kindBytes).lowercased()).map({ Int32($0.code) }) else {
        throw InputError("kind", .unknown, "unknown kind \"\(shown(kindBytes))\" (expected one of \(ActivityKind.allNames))")
      }
      let kind = ActivityKind.allCases[Int(k)]
      _ = try required(columns.hours, "hours")
      let hoursBytes = row.rawBytes(columns.hours)
      guard let hours = Hours(shown(hoursBytes)) else { throw InputError("hours", .malformed, Hours.refusal(shown(hoursBytes))) }
      var participatory: Bool? = nil
      if let p = try text(columns.participatory)?.lowercased() {
        switch p {
        case "yes", "y", "true", "1": participatory = true
        case "no", "n", "false", "0": participatory = false
        default: throw InputError("participatory", .malformed, "\"\(p)\" is not yes or no")
        }
      }
      var claims: [ClaimedLevel] = []
      if let list = field(columns.competencies) { try readClaims(list, into: &claims) }
      var evidence: [EvidenceFile] = []
      if let list = try text(columns.evidence) {
        for part in list.split(separator: ";") {
          let relative = String(part).trimmedOfSpaces
          if relative.isEmpty { continue }
          let components = relative.split(separator: "/")
          guard !relative.hasPrefix("/"), !components.contains(".."), !relative.contains("\\") else {
            throw InputError(
              "evidence", .malformed, "\"\(relative)\" must be a path inside the CSV's folder (no '..' or absolute paths)")
          }
          evidence.append(
            EvidenceFile(path: folder.appendingPathComponent(relative).path, name: String(components.last!), within: folder.path))
        }
      }
      var signOff: PresetSignOff? = nil
      if let verifier = try text(columns.verifiedBy) {
        var on = date
        if let d = field(columns.verifiedOn) {
          guard let parsed = Day(bytes: d) else {
            throw InputError("verified_on", .malformed, "\"\(shown(d))\" is not a date (YYYY-MM-DD)")
          }
          on = parsed
        }
        signOff = PresetSignOff(decision: .verified, verifier: verifier, note: try text(columns.note), date: on)
      } else if field(columns.verifiedOn) != nil || field(columns.note) != nil {
        throw InputError("verified_by", .required, "verified_on and note need verified_by")
      }
      guard let practitioner = try text(columns.practitioner) else { throw InputError("practitioner", .required, "missing") }
      guard let title = try text(columns.title) else { throw InputError("title", .required, "missing") }
      return NewActivity(
        id: try text(columns.id), practitioner: practitioner, date: date, kind: kind, hours: hours,
        participatory: participatory, title: title, module: try text(columns.module), claims: claims,
        reflection: try text(columns.reflection), evidence: evidence, supersedes: try text(columns.supersedes),
        signOff: signOff)
    }

    /// `ID:LEVEL` items separated by ';' or spaces.
    func readClaims(_ list: UnsafeBufferPointer<UInt8>, into claims: inout [ClaimedLevel]) throws(InputError) {
      var start = 0
      var i = 0
      while i <= list.count {
        if i == list.count || list[i] == 0x3B || list[i] == 0x20 {
          if i > start {
            let item = UnsafeBufferPointer(rebasing: list[start..<i])
            guard let colon = item.lastIndex(of: 0x3A), colon > 0, colon < item.count - 1,
              let level = Int(String(decoding: UnsafeBufferPointer(rebasing: item[(colon + 1)...]), as: UTF8.self))
            else { throw InputError("competencies", .malformed, "\"\(String(decoding: item, as: UTF8.self))\" is not COMPETENCY:LEVEL") }
            claims.append(
              ClaimedLevel(competency: String(decoding: UnsafeBufferPointer(rebasing: item[..<colon]), as: UTF8.self), level: level))
          }
          start = i + 1
        }
        i += 1
      }
    }
  }
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
