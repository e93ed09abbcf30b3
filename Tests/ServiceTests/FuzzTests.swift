import Competency
import Foundation
import JSON
import Records
import Service
import TestSupport
import Testing

/// Mutation fuzzing of the importers through `Service`: from a good CSV file and a good xAPI
/// statement list, seeded random byte flips, insertions, deletions, repeated and cut lines. Every
/// attempt either imports whole or fails with one line naming where, and stores nothing.
@Suite struct ImportFuzzTests {
  static let csv = """
    practitioner,date,kind,hours,title,competencies,participatory,reflection,verified_by,verified_on
    p1,2026-03-01,classroom,3,"Course, day one",C-INF:2,yes,"What I learnt, and how I will use it",mgr,2026-03-02
    p2,2026-03-02,reading,0.75,Guidance,,,,,
    p1,2026-03-03,e-learning,1.5,Module,C-INF:1,no,,,

    """

  static let statements = """
    [{"id": "6690e6c9-3ef0-4ed3-8b37-7f3964730bee",
      "actor": {"objectType": "Agent", "name": "Rhys Evans", "mbox": "mailto:rhys@example.org"},
      "verb": {"id": "http://adlnet.gov/expapi/verbs/attended", "display": {"en-GB": "attended"}},
      "object": {"objectType": "Activity", "id": "urn:cpd:module:M-INF-C", "definition": {"name": {"en-GB": "Sharing"}}},
      "result": {"duration": "PT2H30M", "completion": true},
      "timestamp": "2026-04-01T09:30:00+01:00"},
     {"id": "7790e6c9-3ef0-4ed3-8b37-7f3964730bee",
      "actor": {"objectType": "Agent", "mbox": "mailto:megan@example.org"},
      "verb": {"id": "http://adlnet.gov/expapi/verbs/completed"},
      "object": {"objectType": "Activity", "id": "https://lms.example.org/x"},
      "result": {"duration": "PT45M"},
      "timestamp": "2026-04-02T10:00:00Z"}]
    """

  /// The good text with its dates moved `n` days on, so that repeated imports do not pile up
  /// more hours on one day than it has.
  static func shifted(_ text: String, by n: Int) -> String {
    var out = text
    for day in ["2026-03-01", "2026-03-02", "2026-03-03", "2026-04-01", "2026-04-02"] {
      let moved = Day(ordinal: Day(day)!.ordinal - 2000 + Int32(n)).description
      out = out.replacingOccurrences(of: day, with: moved)
    }
    return out
  }

  static func mutate(_ bytes: [UInt8], _ g: inout SeededGenerator) -> [UInt8] {
    var b = bytes
    for _ in 0..<Int.random(in: 1...3, using: &g) {
      guard !b.isEmpty else { break }
      let i = Int.random(in: 0..<b.count, using: &g)
      switch Int.random(in: 0..<7, using: &g) {
      case 0: b[i] ^= UInt8(1 << Int.random(in: 0..<8, using: &g))
      case 1: b.insert([0x22, 0x2C, 0x0A, 0x0D, 0x00, 0xFF, 0x7B, 0x5D, 0x3A, 0x2D, 0x30, 0x65].randomElement(using: &g)!, at: i)
      case 2: b.remove(at: i)
      case 3: b = Array(b[..<i])
      case 4:
        // A line repeated.
        let lines = b.split(separator: 0x0A, omittingEmptySubsequences: false)
        let l = Int.random(in: 0..<lines.count, using: &g)
        var out = lines.map(Array.init)
        out.insert(out[l], at: l)
        b = Array(out.joined(separator: [0x0A]))
      case 5: b.replaceSubrange(i..<min(b.count, i + 4), with: Array("9999".utf8))
      default: b.insert(contentsOf: Array("\u{301}".utf8), at: i)
      }
    }
    return b
  }

  struct Tally: CustomStringConvertible {
    var imported = 0
    var refused = 0
    var description: String { "\(imported) imported whole, \(refused) refused" }
  }

  static func attempt(_ f: ServiceFixture, _ tally: inout Tally, _ body: () throws -> Int) throws {
    let before = try f.store.activityCount()
    do {
      let added = try body()
      tally.imported += 1
      #expect(try f.store.activityCount() == before + added)
    } catch let error as RecordsError {
      tally.refused += 1
      let message = "\(error)"
      if ProcessInfo.processInfo.environment["FUZZ_SHOW"] != nil { print("REFUSED", message) }
      #expect(!message.isEmpty && !message.contains("\n"), "\(message)")
      #expect(try f.store.activityCount() == before, "half-written after: \(message)")
    }
  }

  @Test func mutatedCSVFilesImportWholeOrNotAtAll() throws {
    let f = try ServiceFixture()
    var g = SeededGenerator(seed: 2026)
    var tally = Tally()
    for n in 0..<800 {
      let bytes = Self.mutate(Array(Self.shifted(Self.csv, by: n).utf8), &g)
      let file = f.dir.write("fuzz-\(n % 8).csv", bytes: bytes)
      try Self.attempt(f, &tally) { try f.service.importCSV(bytes, file: file).count }
    }
    #expect(tally.refused > 200 && tally.imported > 100, "\(tally)")
    #expect(try f.store.verifyAudit().isIntact)
    print("CSV mutation fuzz: 800 cases, \(tally)")
  }

  @Test func mutatedStatementsImportWholeOrNotAtAll() throws {
    let f = try ServiceFixture()
    var g = SeededGenerator(seed: 1912)
    var tally = Tally()
    for n in 0..<600 {
      // Fresh statement ids each time, or every good one after the first would be a repeat.
      var text = Self.shifted(Self.statements, by: n)
      for old in ["6690e6c9", "7790e6c9"] {
        text = text.replacingOccurrences(of: old, with: String(format: "%08x", UInt32.random(in: 0...UInt32.max, using: &g)))
      }
      let bytes = Self.mutate(Array(text.utf8), &g)
      try Self.attempt(f, &tally) {
        try f.service.importXAPI(bytes, file: "statements.json", create: .init(agency: "la-s", role: "officer", team: "t")).ids.count
      }
    }
    #expect(tally.refused > 150 && tally.imported > 20, "\(tally)")
    #expect(try f.store.verifyAudit().isIntact)
    print("xAPI mutation fuzz: 600 cases, \(tally)")
  }
}

@Suite struct ImportFuzzBaselineTests {
  @Test func theUnmutatedFilesImport() throws {
    let f = try ServiceFixture()
    #expect(try f.service.importCSV(Array(ImportFuzzTests.csv.utf8), file: f.dir.write("good.csv", ImportFuzzTests.csv)).count == 3)
    let imported = try f.service.importXAPI(
      Array(ImportFuzzTests.statements.utf8), file: "statements.json", create: .init(agency: "la-s", role: "officer", team: "t"))
    #expect(imported.ids.count == 2)
  }
}
