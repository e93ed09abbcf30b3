import Competency
import Foundation
import JSON
import Records
import RecordsSQLite
import Service
import TestSupport
import Testing
import Workforce

/// Statements from learning platforms and record stores, through the store: hours confirmed at
/// sign-off, record stores' answers, voiding, dates that exist.
@Suite struct StatementImportTests {
  static func uuid(_ n: Int) -> String { String(format: "%08x-3ef0-4ed3-8b37-7f3964730bee", n) }

  /// Rhys attended something on `date`, with no duration (as attendance statements come).
  static func attendance(_ n: Int, date: String = "2026-04-01", duration: String? = nil) -> JSONValue {
    var o = JSONObject([
      ("id", .string(uuid(n))), ("actor", ["mbox": "mailto:rhys@example.org"]),
      ("verb", ["id": "http://adlnet.gov/expapi/verbs/attended"]),
      ("object", ["id": .string("https://lms.example.org/events/\(n)"), "definition": ["name": ["en": .string("Briefing \(n)")]]]),
      ("timestamp", .string("\(date)T09:30:00Z")),
    ])
    if let duration { o["result"] = JSONValue.object(JSONObject([("duration", .string(duration))])) }
    return .object(o)
  }

  static func voiding(_ n: Int, target: Int, reason: String? = "Logged against the wrong person") -> JSONValue {
    var o = JSONObject([
      ("id", .string(uuid(n))), ("actor", ["mbox": "mailto:admin@lms.example.org"]),
      ("verb", ["id": "http://adlnet.gov/expapi/verbs/voided"]),
      ("object", ["objectType": "StatementRef", "id": .string(uuid(target))]),
      ("timestamp", "2026-04-03T10:00:00Z"),
    ])
    if let reason { o["result"] = JSONValue.object(JSONObject([("response", .string(reason))])) }
    return .object(o)
  }

  func importing(_ f: ServiceFixture, _ value: JSONValue, defaultHours: Hours? = nil) throws -> Service.StatementImport {
    try f.service.importXAPI(JSONWriter.bytes(value), file: "s.json", create: nil, defaultHours: defaultHours)
  }

  // MARK: - (a) hours confirmed at sign-off

  @Test func aStatementWithoutDurationIsImportedAndItsHoursConfirmedAtSignOff() throws {
    let f = try ServiceFixture()
    let result = try importing(f, .array([Self.attendance(1), Self.attendance(2, date: "2026-04-02", duration: "PT2H")]))
    #expect(result.ids.count == 2)
    #expect(result.needingHours == 1)
    let waiting = try #require(try f.store.activity(result.ids[0]))
    #expect(waiting.needsHours && waiting.status == .pending && waiting.hours == .zero)
    // Until then it counts for nothing: pending, no hours.
    let workforce = try f.store.workforce(catalog: f.service.model.catalog, framework: MiniFramework.load(), filter: .people(["p1"]))
    let items = Array(workforce.items(of: 0))
    #expect(items.map(\.centihours).sorted() == [0, 200])
    #expect(items.filter(\.needsHours).map(\.status) == [.pending])
    // It cannot be verified without its hours; it may be rejected without.
    #expect(failure { _ = try f.service.signOff(activity: result.ids[0], decision: .verified, by: "mgr", note: nil, on: ServiceFixture.today) }
      == "hours: \"\(result.ids[0])\" was imported without its hours (its statement gave no duration): confirm them with --hours H")
    #expect(failure {
      _ = try f.service.signOff(activity: result.ids[1], decision: .verified, by: "mgr", note: nil, on: ServiceFixture.today, hours: 3)
    } == "hours: \"\(result.ids[1])\" has its hours already; a correction changes them")
    #expect(failure {
      _ = try f.service.signOff(activity: result.ids[0], decision: .rejected, by: "mgr", note: "no", on: ServiceFixture.today, hours: 3)
    } == "hours: hours are confirmed by verifying, not rejecting")
    _ = try f.service.signOff(activity: result.ids[0], decision: .verified, by: "mgr", note: "register seen", on: ServiceFixture.today, hours: 1.25)
    let verified = try #require(try f.store.activity(result.ids[0]))
    #expect(verified.status == .verified && !verified.needsHours && verified.hours == 1.25)
    #expect(verified.signOffs.last?.hours == 1.25)
    let after = try f.store.workforce(catalog: f.service.model.catalog, framework: MiniFramework.load(), filter: .people(["p1"]))
    #expect(Array(after.items(of: 0)).filter(\.counts).map(\.centihours) == [125])
    #expect(try f.store.verifyAudit().isIntact)
  }

  @Test func confirmedHoursKeepToTheDaysLimit() throws {
    let f = try ServiceFixture()
    let result = try importing(f, .array([Self.attendance(1), Self.attendance(2, duration: "PT23H")]))
    let before = try f.store.contentChecksum()
    #expect(failure {
      _ = try f.service.signOff(activity: result.ids[0], decision: .verified, by: "mgr", note: nil, on: ServiceFixture.today, hours: 2)
    } == "hours: p1's activities on 2026-04-01 would add up to 25 hours, more than the 24 in a day")
    #expect(try f.store.contentChecksum() == before)
    _ = try f.service.signOff(activity: result.ids[0], decision: .verified, by: "mgr", note: nil, on: ServiceFixture.today, hours: 1)
  }

  @Test func defaultHoursAreGivenToStatementsWithoutDuration() throws {
    let f = try ServiceFixture()
    let result = try importing(f, .array([Self.attendance(1), Self.attendance(2, duration: "PT30M")]), defaultHours: 1.5)
    #expect(result.defaultedHours == 1 && result.needingHours == 0)
    #expect(try result.ids.map { try f.store.activity($0)?.hours } == [1.5, 0.5])
    #expect(failure { _ = try importing(f, Self.attendance(3), defaultHours: 25) }
      == "default-hours: 25 is more than the 24 hours in a day")
  }

  // MARK: - (b) what record stores export

  @Test func aRecordStoresAnswerImportsWithItsNextPageNamed() throws {
    let f = try ServiceFixture()
    let page: JSONValue = [
      "statements": .array([Self.attendance(1, duration: "PT1H"), Self.attendance(2, duration: "PT1H")]),
      "more": "/xapi/statements?since=2026-04-01&page=2",
    ]
    let result = try importing(f, page)
    #expect(result.ids.count == 2)
    #expect(result.warnings == [
      "s.json: the record store has more statements than this page holds (more: /xapi/statements?since=2026-04-01&page=2); "
        + "fetch that page and import it too"
    ])
  }

  @Test func thousandsOfStatementsImportInOneTransaction() throws {
    let f = try ServiceFixture()
    let n = 4_000
    // Spread over days so that no day holds more than 24 hours.
    let list = (0..<n).map { i in
      Self.attendance(i, date: Day("2020-01-01")!.adding(days: i / 8).description, duration: i % 2 == 0 ? "PT1H" : nil)
    }
    let result = try importing(f, ["statements": .array(list), "more": ""])
    #expect(result.ids.count == n)
    #expect(result.needingHours == n / 2)
    #expect(try f.store.activityCount() == n)
    #expect(try f.store.verifyAudit().isIntact)
    // One bad statement at the very end: nothing of the thousands before it is kept.
    let g = try ServiceFixture()
    let before = try g.store.contentChecksum()
    var bad = list
    bad[n - 1] = .object({ var o = list[n - 1].objectValue!; o["timestamp"] = "2026-13-45T99:99:99Z"; return o }())
    #expect(failure { _ = try importing(g, .array(bad)) }
      == "s.json: statements[3999]: timestamp: \"2026-13-45T99:99:99Z\" is not a real date and time: it has month 13, which does not exist")
    #expect(try g.store.contentChecksum() == before)
  }

  // MARK: - (c) voiding

  @Test func voidingWithdrawsAPendingActivityAndSupersedesAVerifiedOne() throws {
    let f = try ServiceFixture()
    let first = try importing(f, .array([Self.attendance(1, duration: "PT1H"), Self.attendance(2, duration: "PT2H")]))
    _ = try f.service.signOff(activity: first.ids[1], decision: .verified, by: "mgr", note: nil, on: ServiceFixture.today)
    let result = try importing(
      f, .array([Self.voiding(11, target: 1), Self.voiding(12, target: 2, reason: nil), Self.voiding(13, target: 99)]))
    #expect(result.ids.isEmpty)
    #expect(result.voidings.map(\.effect) == [.withdrawn, .superseded, .unknownTarget])
    #expect(result.warnings == [
      "s.json: statements[2]: voids statement \(Self.uuid(99)), which was never imported; it is kept as voided, so it will not be"
    ])
    let withdrawn = try #require(try f.store.activity(first.ids[0]))
    #expect(withdrawn.status == .withdrawn)
    #expect(withdrawn.voiding?.description == "voided by statement \(Self.uuid(11)) on 2026-04-03: Logged against the wrong person")
    let superseded = try #require(try f.store.activity(first.ids[1]))
    #expect(superseded.status == .verified)
    #expect(superseded.voiding?.statement == Self.uuid(12))
    // Neither counts any more, for evidence or for the day's hours.
    let workforce = try f.store.workforce(catalog: f.service.model.catalog, framework: MiniFramework.load(), filter: .people(["p1"]))
    #expect(Array(workforce.items(of: 0)).filter { $0.counts || $0.status == .pending }.isEmpty)
    _ = try importing(f, Self.attendance(3, duration: "PT24H"))
    // A withdrawn activity cannot be signed off.
    #expect(failure { _ = try f.service.signOff(activity: first.ids[0], decision: .verified, by: "mgr", note: nil, on: ServiceFixture.today) }
      == "activity: \"\(first.ids[0])\" is already withdrawn")
    #expect(try f.store.verifyAudit().isIntact)
  }

  /// Voiding a verified correction takes the correction away, so the activity it corrected counts
  /// again (it was left superseded by a correction that no longer counted, so neither did).
  @Test(arguments: AccessBackend.allCases) func voidingAVerifiedCorrectionLetsTheOriginalCountAgain(_ backend: AccessBackend) throws {
    guard backend == .sqlite || PostgresServer.isAvailable else { return }
    let f = try ServiceFixture(backend)
    let original = try importing(f, Self.attendance(1, duration: "PT1H")).ids[0]
    _ = try f.service.signOff(activity: original, decision: .verified, by: "mgr", note: nil, on: ServiceFixture.today)
    guard case .object(var correction) = Self.attendance(2, duration: "PT2H") else { return }
    correction["context"] = ["extensions": ["urn:cpd:supersedes": .string(original)]]
    let corrected = try importing(f, .object(correction)).ids[0]
    _ = try f.service.signOff(activity: corrected, decision: .verified, by: "mgr", note: nil, on: ServiceFixture.today)
    func counted() throws -> [Int] {
      let workforce = try f.store.workforce(catalog: f.service.model.catalog, framework: MiniFramework.load(), filter: .people(["p1"]))
      return Array(workforce.items(of: 0)).filter(\.counts).map { Int($0.centihours) }.sorted()
    }
    #expect(try counted() == [200], "the correction counts, the original does not")
    let voided = try importing(f, Self.voiding(11, target: 2))
    #expect(voided.voidings.map(\.effect) == [.superseded])
    #expect(try counted() == [100], "with its correction voided, the original counts again")
    #expect(try f.store.verifyAudit().isIntact)
    // The network store's aggregate totals for planners leave the voided correction out of "verified" too.
    // (Five more people, so that the totals are not suppressed.)
    if let database = f.database {
      for n in 1...5 {
        try f.service.addPractitioner(
          NewPractitioner(id: "q\(n)", name: "Officer \(n)", email: "q\(n)@example.org", agency: "la-n", team: "North CSP", role: "officer"))
        guard case .object(var statement) = Self.attendance(20 + n, duration: "PT1H") else { return }
        statement["actor"] = ["mbox": .string("mailto:q\(n)@example.org")]
        let id = try importing(f, .object(statement)).ids[0]
        _ = try f.service.signOff(activity: id, decision: .verified, by: "mgr", note: nil, on: ServiceFixture.today)
      }
      let totals = try PostgresServer.shared.psql(database, "SELECT activities, people FROM cpd.activity_totals WHERE status = 'verified'")
      #expect(totals == "6|6", "the original and five others; the voided correction is not verified any more: \(totals)")
    }
  }

  @Test func aVoidedStatementIsNeverImportedAgain() throws {
    let f = try ServiceFixture()
    _ = try importing(f, Self.attendance(1, duration: "PT1H"))
    _ = try importing(f, .array([Self.voiding(11, target: 1), Self.voiding(12, target: 7)]))
    let before = try f.store.contentChecksum()
    #expect(failure { _ = try importing(f, Self.attendance(7, duration: "PT1H")) }
      == "s.json: statement: id: statement \(Self.uuid(7)) was voided by statement \(Self.uuid(12)), so it is not imported again "
        + "(a platform that means it issues it again under a new id)")
    #expect(failure { _ = try importing(f, .array([Self.attendance(20, duration: "PT1H"), Self.voiding(11, target: 5)])) }
      == "s.json: statements[1]: id: statement \(Self.uuid(11)) has already been imported")
    #expect(failure { _ = try importing(f, Self.attendance(11, duration: "PT1H")) }
      == "s.json: statement: id: statement \(Self.uuid(11)) has already been imported")
    #expect(try f.store.contentChecksum() == before)
    // Voiding again, or voiding a voiding, records nothing and says so.
    let again = try importing(f, .array([Self.voiding(21, target: 1), Self.voiding(22, target: 11), Self.attendance(30, duration: "PT1H")]))
    #expect(again.voidings.map(\.effect) == [.alreadyVoided(by: Self.uuid(11)), .targetIsVoiding])
    #expect(again.warnings.count == 2)
  }

  @Test func aVoidingMayComeBeforeTheStatementItVoids() throws {
    // A record store lists the newest first.
    let f = try ServiceFixture()
    let result = try importing(f, .array([Self.voiding(11, target: 1), Self.attendance(1, duration: "PT1H")]))
    #expect(result.voidings.map(\.effect) == [.withdrawn])
    #expect(try f.store.activity(result.ids[0])?.status == .withdrawn)
  }

  @Test func voidingsAreCoveredByTheAuditLog() throws {
    let f = try ServiceFixture()
    _ = try importing(f, Self.attendance(1, duration: "PT1H"))
    _ = try importing(f, .array([Self.voiding(11, target: 1), Self.voiding(12, target: 5)]))
    #expect(try f.store.verifyAudit().isIntact)
    let sqlite = try #require(f.store as? SQLiteStore)
    try sqlite.unsafeExecute("DROP TRIGGER voidings_are_not_edited; UPDATE voidings SET reason = 'changed' WHERE statement = '\(Self.uuid(11))'")
    #expect(try f.store.verifyAudit().firstBroken?.reason == "the activities or sign-offs it covers have been changed")
    let g = try ServiceFixture()
    _ = try importing(g, Self.voiding(12, target: 5))
    try (g.store as! SQLiteStore).unsafeExecute("DELETE FROM voidings")
    #expect(try g.store.verifyAudit().isIntact == false)
  }

  @Test func voidingsAndHoursToConfirmExportAndReadBackIdentically() throws {
    let f = try ServiceFixture()
    let first = try importing(f, .array([Self.attendance(1), Self.attendance(2, duration: "PT2H"), Self.attendance(3)]))
    _ = try f.service.signOff(activity: first.ids[1], decision: .verified, by: "mgr", note: nil, on: ServiceFixture.today)
    _ = try f.service.signOff(activity: first.ids[2], decision: .verified, by: "mgr", note: nil, on: ServiceFixture.today, hours: 0.5)
    _ = try importing(f, .array([Self.voiding(11, target: 1), Self.voiding(12, target: 2)]))
    let exported = try f.service.exportXAPI(homePage: "https://x.example/p")
    let g = try ServiceFixture()
    let imported = try g.service.importXAPI(Array(exported.utf8), file: "export.json", create: nil)
    #expect(imported.ids.count == 3 && imported.voidings.count == 2)
    #expect(try g.service.exportXAPI(homePage: "https://x.example/p") == exported)
    #expect(try g.store.activity(first.ids[0])?.status == .withdrawn)
    #expect(try g.store.activity(first.ids[2])?.hours == 0.5)
  }
}

/// What an independent implementation of xAPI says of the statements these tests import and of
/// the ones the store exports (scripts/check-xapi-statements: TinCanPython, and Ralph where it is
/// installed). It must accept every statement we import or write, and refuse the timestamps and
/// durations we refuse. Skipped, saying so, where python3 has no `tincan` (make test installs it).
@Suite struct IndependentStatementCheckTests {
  typealias S = StatementImportTests

  /// Runs the checker on `files`; nil without python3 and tincan.
  static func check(_ files: [String]) throws -> JSONValue? {
    let probe = Process()
    probe.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    probe.arguments = ["python3", "-c", "import tincan"]
    probe.standardError = FileHandle.nullDevice
    guard (try? probe.run()) != nil else { return nil }
    probe.waitUntilExit()
    guard probe.terminationStatus == 0 else { return nil }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", repositoryRoot + "/scripts/check-xapi-statements"] + files
    let out = Pipe()
    process.standardOutput = out
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return try JSONParser.parse([UInt8](data))
  }

  @Test func anIndependentImplementationAcceptsWhatWeImportAndExport() throws {
    let f = try ServiceFixture()
    let imported: [JSONValue] = [
      .array([S.attendance(1), S.attendance(2, date: "2026-04-02", duration: "PT2H"), S.attendance(3, duration: "PT0S")]),
      ["statements": .array([S.attendance(4, duration: "PT4H35M59.14S"), S.attendance(5)]), "more": "/xapi/statements?page=2"],
      .array([S.voiding(11, target: 1), S.voiding(12, target: 99), S.voiding(13, target: 2, reason: nil)]),
    ]
    var files: [String] = []
    var count = 0
    for (n, value) in imported.enumerated() {
      let result = try f.service.importXAPI(JSONWriter.bytes(value), file: "in-\(n).json", create: nil, defaultHours: n == 1 ? 1 : nil)
      count += result.ids.count + result.voidings.count
      files.append(f.dir.write("in-\(n).json", JSONWriter.string(value)))
    }
    let ids = try f.store.activities(of: "p1").filter(\.needsHours).map(\.id)
    _ = try f.service.signOff(activity: ids[0], decision: .verified, by: "mgr", note: nil, on: ServiceFixture.today, hours: 1)
    let exported = f.dir.write("export.json", try f.service.exportXAPI(homePage: "https://cpd.example.org/p"))
    guard let report = try Self.check(files + [exported]) else {
      print("independent xAPI check skipped: python3 has no tincan (scripts/install-requirements test installs it)")
      return
    }
    let exportedCount = try JSONParser.parse(Array(String(contentsOfFile: exported, encoding: .utf8).utf8)).arrayValue?.count ?? 0
    for (name, result) in report.objectValue! {
      #expect(result["refused"]?.arrayValue == [], "\(name) refused: \(result["refused"].map { JSONWriter.string($0) } ?? "")")
      #expect(result["accepted"]?.intValue == 8 + exportedCount, "\(name)")
      print("independent xAPI check: \(name) \(result["version"]?.stringValue ?? "?") accepted \(result["accepted"]?.intValue ?? 0) statements "
        + "(8 imported here, \(count) of them stored as activities or voidings, and \(exportedCount) exported)")
    }
  }

  @Test func anIndependentImplementationRefusesWhatWeRefuse() throws {
    let f = try ServiceFixture()
    let bad: [JSONValue] = [
      S.attendance(1, date: "2026-13-45"), S.attendance(2, date: "2026-02-29"), S.attendance(3, date: "2026-04-31"),
      S.attendance(4, duration: "PT1H1H"), S.attendance(5, duration: "PT1.5H30M"), S.attendance(6, duration: "P16559.14S"),
      S.attendance(7, duration: "PT" + String(repeating: "9", count: 30) + "H"),
    ]
    var files: [String] = []
    for (n, statement) in bad.enumerated() {
      #expect(failure { _ = try f.service.importXAPI(JSONWriter.bytes(statement), file: "bad.json", create: nil) } != nil)
      files.append(f.dir.write("bad-\(n).json", JSONWriter.string(statement)))
    }
    guard let report = try Self.check(files) else { return }
    let tincan = try #require(report["tincan"])
    #expect(tincan["accepted"]?.intValue == 0)
    #expect(tincan["refused"]?.arrayValue?.count == bad.count)
    print("independent xAPI check: tincan \(tincan["version"]?.stringValue ?? "?") refused \(tincan["refused"]?.arrayValue?.count ?? 0) of the \(bad.count) statements cpd refuses")
  }
}
