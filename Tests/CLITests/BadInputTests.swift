import Foundation
import Records
import RecordsSQLite
import TestSupport
import Testing

/// One bad input: the command, files it needs, and the exact refusal.
struct BadInput: Sendable, CustomTestStringConvertible {
  var name: String
  var arguments: [String]
  var files: [String: [UInt8]] = [:]
  var status: Int32 = 65
  /// The first line of standard error; `$DIR` stands for the case's folder.
  var error: String

  var testDescription: String { name }
}

private func text(_ s: String) -> [UInt8] { Array(s.utf8) }

private let header = "practitioner,date,kind,hours,title\n"
private let goodStatement =
  #"{"id": "6690e6c9-3ef0-4ed3-8b37-7f3964730bee", "actor": {"mbox": "mailto:rhys@example.org"}, "verb": {"id": "http://adlnet.gov/expapi/verbs/attended"}, "object": {"id": "https://lms.example.org/c/1", "definition": {"name": {"en-GB": "Course"}}}, "result": {"duration": "PT1H"}, "timestamp": "2026-03-01T10:00:00Z"}"#

private let logBase = ["log", "--practitioner", "p1", "--date", "2026-03-01", "--kind", "classroom", "--hours", "2"]

let badInputs: [BadInput] = [
  BadInput(name: "unknown practitioner", arguments: ["log", "--practitioner", "ghost", "--kind", "reading", "--hours", "1", "--title", "x"],
           error: "error: practitioner: unknown practitioner \"ghost\""),
  BadInput(name: "unknown kind", arguments: ["log", "--practitioner", "p1", "--kind", "lecture", "--hours", "1", "--title", "x"],
           error: "error: kind: unknown kind \"lecture\" (expected one of classroom, workshop, on-the-job, e-learning, action-learning, mentoring-given, mentoring-received, coaching, shadowing, conference, reading, reflective-account, assessment)"),
  BadInput(name: "hours not a number", arguments: ["log", "--practitioner", "p1", "--kind", "reading", "--hours", "two", "--title", "x"],
           error: "error: hours: \"two\" is not a number"),
  BadInput(name: "more than a day's hours", arguments: logBase.dropLast(1) + ["25", "--title", "x"],
           error: "error: hours: 25 is more than the 24 hours in a day"),
  BadInput(name: "negative hours", arguments: logBase.dropLast(1) + ["-3", "--title", "x"],
           error: "error: hours: \"-3\" is not a number of hours (write it as digits, like 3, 1.5 or 0.25)"),
  BadInput(name: "date in the future", arguments: ["log", "--practitioner", "p1", "--date", "2099-01-01", "--kind", "reading", "--hours", "1", "--title", "x"],
           status: 65, error: "error: date: 2099-01-01 is in the future"),
  BadInput(name: "impossible date", arguments: ["log", "--practitioner", "p1", "--date", "2026-02-30", "--kind", "reading", "--hours", "1", "--title", "x"],
           status: 64, error: "error: --date: '2026-02-30' is not a date (YYYY-MM-DD)"),
  BadInput(name: "unknown module", arguments: logBase + ["--title", "x", "--module", "M-NOPE"],
           error: "error: module: unknown module \"M-NOPE\" (see 'cpd framework list modules')"),
  BadInput(name: "unknown competency", arguments: logBase + ["--title", "x", "--competency", "CS-NOPE-01:2"],
           error: "error: competency: unknown competency \"CS-NOPE-01\" (see 'cpd framework list competencies')"),
  BadInput(name: "level outside the scale", arguments: logBase + ["--title", "x", "--competency", "CS-INF-01:9"],
           error: "error: competency: level 9 for CS-INF-01 is outside the scale 1-4"),
  BadInput(name: "claim without a level", arguments: logBase + ["--title", "x", "--competency", "CS-INF-01"],
           error: "error: competency: \"CS-INF-01\" is not COMPETENCY:LEVEL"),
  BadInput(name: "huge title", arguments: logBase + ["--title", String(repeating: "t", count: 5000)],
           error: "error: title: 5000 characters is more than the 500 allowed"),
  BadInput(name: "huge reflection", arguments: logBase + ["--title", "x", "--reflection", String(repeating: "r", count: 30000)],
           error: "error: reflection: 30000 characters is more than the 20000 allowed"),
  BadInput(name: "blank title", arguments: logBase + ["--title", "   "], error: "error: title: must not be empty"),
  BadInput(name: "missing evidence file", arguments: logBase + ["--title", "x", "--evidence", "/nonexistent/cert.pdf"],
           error: "error: evidence: cannot read /nonexistent/cert.pdf"),
  BadInput(name: "SQL metacharacters in an id", arguments: logBase + ["--title", "x", "--id", "x'; DROP TABLE activities;--"],
           error: "error: id: \"x'; DROP TABLE activities;--\" is not a valid activity id"),
  BadInput(name: "duplicate practitioner", arguments: ["practitioner", "add", "--id", "p1", "--name", "Again", "--agency", "cardiff-council", "--role", "community-safety-officer", "--team", "T"],
           error: "error: id: practitioner \"p1\" already exists"),
  BadInput(name: "unknown agency", arguments: ["practitioner", "add", "--id", "p9", "--name", "N", "--agency", "atlantis-council", "--role", "community-safety-officer", "--team", "T"],
           error: "error: agency: unknown agency \"atlantis-council\" (see 'cpd framework list agencies')"),
  BadInput(name: "unknown role", arguments: ["practitioner", "add", "--id", "p9", "--name", "N", "--agency", "cardiff-council", "--role", "wizard", "--team", "T"],
           error: "error: role: unknown role \"wizard\" (see 'cpd framework list roles')"),
  BadInput(name: "malformed email", arguments: ["practitioner", "add", "--id", "p9", "--name", "N", "--agency", "cardiff-council", "--role", "community-safety-officer", "--team", "T", "--email", "nobody"],
           error: "error: email: \"nobody\" is not an email address"),
  BadInput(name: "verify unknown activity", arguments: ["verify", "A-NOTHERE", "--by", "mgr"],
           error: "error: activity: unknown activity \"A-NOTHERE\""),
  BadInput(name: "reject without a note", arguments: ["reject", "pending-1", "--by", "mgr"],
           error: "error: note: a rejection needs a note saying why"),
  BadInput(name: "sign-off dated in the future", arguments: ["verify", "pending-1", "--by", "mgr", "--date", "2999-01-01"],
           error: "error: date: 2999-01-01 is in the future"),
  BadInput(name: "sign-off dated before the activity", arguments: ["verify", "pending-1", "--by", "mgr", "--date", "2026-03-01"],
           error: "error: date: 2026-03-01 is before the activity (2026-03-02)"),
  BadInput(name: "sign-off note with control characters", arguments: ["verify", "pending-1", "--by", "mgr", "--note", "ok\u{1B}[31m"],
           error: "error: note: contains control characters"),
  BadInput(name: "own sign-off", arguments: ["verify", "pending-1", "--by", "p1"],
           error: "error: by: p1 cannot sign off their own activity"),
  BadInput(name: "self-assessment outside the scale", arguments: ["assess", "--practitioner", "p1", "--competency", "CS-INF-01:7"],
           error: "error: competency: level 7 for CS-INF-01 is outside the scale 0-4"),
  BadInput(name: "erase without confirmation", arguments: ["erase", "person", "p1"], status: 64,
           error: "error: erasure cannot be undone: give --confirm"),
  BadInput(name: "CSV file missing", arguments: ["import", "csv", "$DIR/none.csv"], error: "error: $DIR/none.csv: cannot read the file"),
  BadInput(name: "CSV file a folder", arguments: ["import", "csv", "$DIR"], error: "error: $DIR: cannot read the file"),
  BadInput(name: "CSV with an unclosed quote", arguments: ["import", "csv", "$DIR/in.csv"],
           files: ["in.csv": text(header + "p1,2026-01-01,reading,1,\"never closed\n")],
           error: "error: $DIR/in.csv: row 2: a quoted field is not closed before the end of the file"),
  BadInput(name: "CSV with invalid UTF-8", arguments: ["import", "csv", "$DIR/in.csv"],
           files: ["in.csv": text(header + "p1,2026-01-01,reading,1,") + [0xFF, 0xFE, 0x0A]],
           error: "error: $DIR/in.csv: row 2: column 5: is not valid UTF-8"),
  BadInput(name: "CSV evidence outside its folder", arguments: ["import", "csv", "$DIR/in.csv"],
           files: ["in.csv": text("practitioner,date,kind,hours,title,evidence\np1,2026-01-01,reading,1,x,../../etc/shadow\n")],
           error: "error: $DIR/in.csv: row 2: evidence: \"../../etc/shadow\" must be a path inside the CSV's folder (no '..' or absolute paths)"),
  BadInput(name: "CSV with a huge field", arguments: ["import", "csv", "$DIR/in.csv"],
           files: ["in.csv": text(header + "p1,2026-01-01,reading,1," + String(repeating: "x", count: 200_000) + "\n")],
           error: "error: $DIR/in.csv: row 2: column 5: a field longer than 100000 bytes"),
  BadInput(name: "CSV bad row after good ones", arguments: ["import", "csv", "$DIR/in.csv"],
           files: ["in.csv": text(header + "p1,2026-01-01,reading,1,fine\np1,2026-01-02,reading,1,fine\np1,2026-01-03,reading,abc,bad\n")],
           error: "error: $DIR/in.csv: row 4: hours: \"abc\" is not a number"),
  BadInput(name: "CSV unknown practitioner on a later row", arguments: ["import", "csv", "$DIR/in.csv"],
           files: ["in.csv": text(header + "p1,2026-01-01,reading,1,fine\nnobody,2026-01-02,reading,1,who\n")],
           error: "error: $DIR/in.csv: row 3: practitioner: unknown practitioner \"nobody\""),
  BadInput(name: "xAPI truncated JSON", arguments: ["import", "xapi", "$DIR/s.json"],
           files: ["s.json": text(String(goodStatement.dropLast(20)))],
           error: "error: $DIR/s.json: not JSON: line 1, column 292: unterminated string"),
  BadInput(name: "xAPI wrong type", arguments: ["import", "xapi", "$DIR/s.json"],
           files: ["s.json": text(goodStatement.replacingOccurrences(of: #"{"mbox": "mailto:rhys@example.org"}"#, with: "\"Rhys\""))],
           error: "error: $DIR/s.json: statement: actor: must be an object, not a string"),
  BadInput(name: "xAPI mbox without mailto", arguments: ["import", "xapi", "$DIR/s.json"],
           files: ["s.json": text(goodStatement.replacingOccurrences(of: "mailto:rhys", with: "rhys"))],
           error: "error: $DIR/s.json: statement: actor.mbox: must be a mailto: IRI, not \"rhys@example.org\""),
  BadInput(name: "xAPI duplicate keys", arguments: ["import", "xapi", "$DIR/s.json"],
           files: ["s.json": text(goodStatement.replacingOccurrences(of: #""result": {"duration": "PT1H"}"#, with: #""result": {"duration": "PT1H", "duration": "PT2H"}"#))],
           error: "error: $DIR/s.json: statement: result.duration: appears twice in one object"),
  BadInput(name: "xAPI null value", arguments: ["import", "xapi", "$DIR/s.json"],
           files: ["s.json": text(goodStatement.replacingOccurrences(of: #""PT1H"}"#, with: #""PT1H", "success": null}"#))],
           error: "error: $DIR/s.json: statement: result.success: must not be null"),
  BadInput(name: "xAPI actor matching no one", arguments: ["import", "xapi", "$DIR/s.json"],
           files: ["s.json": text(goodStatement.replacingOccurrences(of: "rhys@example.org", with: "stranger@example.org"))],
           error: "error: $DIR/s.json: statement: actor: mbox mailto:stranger@example.org matches no practitioner (add them first, or import with --create-practitioners --agency A --role R)"),
  BadInput(name: "xAPI second statement invalid", arguments: ["import", "xapi", "$DIR/s.json"],
           files: ["s.json": text("[" + goodStatement + "," + goodStatement.replacingOccurrences(of: "6690e6c9", with: "zzzz") + "]")],
           error: "error: $DIR/s.json: statements[1]: id: must be a UUID, not \"zzzz-3ef0-4ed3-8b37-7f3964730bee\""),
  BadInput(name: "xAPI timestamp that does not exist", arguments: ["import", "xapi", "$DIR/s.json"],
           files: ["s.json": text(goodStatement.replacingOccurrences(of: "2026-03-01T10:00:00Z", with: "2026-13-45T99:99:99Z"))],
           error: "error: $DIR/s.json: statement: timestamp: \"2026-13-45T99:99:99Z\" is not a real date and time: it has month 13, which does not exist"),
  BadInput(name: "xAPI default hours not a number", arguments: ["import", "xapi", "$DIR/s.json", "--default-hours", "1h"],
           files: ["s.json": text(goodStatement)],
           error: "error: default-hours: \"1h\" is not a number of hours (write it as digits, like 3, 1.5 or 0.25)"),
  BadInput(name: "verify with hours not a number", arguments: ["verify", "A-1", "--by", "mgr", "--hours", "two"],
           error: "error: hours: \"two\" is not a number of hours (write it as digits, like 3, 1.5 or 0.25)"),
  BadInput(name: "xAPI not statements", arguments: ["import", "xapi", "$DIR/s.json"], files: ["s.json": text("42")],
           error: "error: $DIR/s.json: expected a statement or an array of statements, found a number"),
]

@Suite struct BadInputTests {
  /// One store, built once; each case works on its own copy.
  static let template: (TemporaryDirectory, String) = {
    let dir = TemporaryDirectory("cpd-bad-template")
    let store = makeCLIStore(dir)
    let pending = runCPD([
      "log", "--practitioner", "p1", "--id", "pending-1", "--date", "2026-03-02", "--kind", "reading", "--hours", "1",
      "--title", "Awaiting sign-off", "--store", store,
    ])
    precondition(pending.status == 0, pending.stderr)
    return (dir, store)
  }()

  @Test func thereAreAtLeast25Cases() {
    #expect(badInputs.count >= 25)
    #expect(Set(badInputs.map(\.error)).count == badInputs.count)
  }

  @Test(arguments: badInputs)
  func badInputIsRefusedAndChangesNothing(_ bad: BadInput) throws {
    let dir = TemporaryDirectory("cpd-bad")
    let (_, templateStore) = Self.template
    let store = dir.file("cpd.sqlite")
    for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: templateStore + suffix) {
      try FileManager.default.copyItem(atPath: templateStore + suffix, toPath: store + suffix)
    }
    for (name, bytes) in bad.files { dir.write(name, bytes: bytes) }
    let before = try SQLiteStore.open(at: store, access: .read).contentChecksum()
    let arguments = bad.arguments.map { $0.replacingOccurrences(of: "$DIR", with: dir.path) } + ["--store", store]
    let result = runCPD(arguments)
    let expected = bad.error.replacingOccurrences(of: "$DIR", with: dir.path)
    #expect(result.status == bad.status)
    let firstLine = result.stderr.split(separator: "\n").first.map(String.init) ?? ""
    #expect(firstLine.hasPrefix(expected), "got: \(firstLine)")
    #expect(result.stdout.isEmpty)
    #expect(try SQLiteStore.open(at: store, access: .read).contentChecksum() == before)
  }
}
