import Cryptography
import Records
import Testing

/// The audit digests rows in one documented layout: a missing value as `~;`, anything else as
/// its byte count, `:`, its bytes and `;`; numbers as their decimal text. Stores already signed
/// depend on it staying exactly so.
@Suite struct RowDigestTests {
  static func layout(_ fields: [String?]) -> [UInt8] {
    Array(fields.map { $0.map { "\(Array($0.utf8).count):\($0);" } ?? "~;" }.joined().utf8)
  }

  @Test func signoffRowsAreLaidOutAsDocumented() {
    let cases: [(Int64, Int64, Int, Int64?, String?, Int32, String)] = [
      (1, 2, 1, nil, nil, 0, ""),
      (-5, .min, 0, .max, "Réussi — da iawn", -1, "2026-01-01T00:00:00Z"),
      (9, 10, 2, -99, "", .min, "x"),
    ]
    let digest = RowDigest()
    var expected: [UInt8] = []
    for (sid, activity, decision, verifier, note, day, recorded) in cases {
      digest.signoff(sid: sid, activity: activity, decision: decision, verifier: verifier, note: note, day: day, recordedAt: recorded)
      expected += Self.layout(["signoff", "\(sid)", "\(activity)", "\(decision)", verifier.map { "\($0)" }, note, "\(day)", recorded])
    }
    #expect(digest.rows == 3)
    #expect(digest.finish() == Digest.sha256(expected).hexString)
  }

  @Test func activityRowsAreLaidOutAsDocumented() {
    let digest = RowDigest()
    digest.activity(
      aid: 1_000_000_007, practitioner: 3, day: 20_000, kind: 12, centihours: 2400, participatory: false, module: nil,
      claims: "C-INF:2,C-PRB:1", supersedes: 7, reflectionWords: 0, id: "a-1", title: "Hyfforddiant ar‑lein", reflection: nil,
      source: "csv", xapiID: nil, frameworkVersion: "2.0.0", recordedAt: "2026-03-01T10:00:00Z",
      evidence: [(sha256: "bb", name: "b.pdf", bytes: 10), (sha256: "aa", name: "a.pdf", bytes: 0)])
    let expected = Self.layout([
      "activity", "1000000007", "3", "20000", "12", "2400", "0", nil, "C-INF:2,C-PRB:1", "7", "0", "a-1", "Hyfforddiant ar‑lein", nil,
      "csv", nil, "2.0.0", "2026-03-01T10:00:00Z", "2", "aa", "a.pdf", "0", "bb", "b.pdf", "10",
    ])
    #expect(digest.finish() == Digest.sha256(expected).hexString)
  }

  /// Rows that overrun the layout buffer, and a field larger than all of it, read the same.
  @Test func longRunsAndLongFieldsAreLaidOutAsDocumented() {
    let digest = RowDigest()
    var expected: [UInt8] = []
    for i in 0..<3000 {
      let note = i == 1234 ? String(repeating: "ŵ", count: 70_000) : String(repeating: "n", count: i % 97)
      digest.signoff(sid: Int64(i), activity: Int64(i) * 7, decision: i % 3, verifier: nil, note: note, day: Int32(i), recordedAt: "t")
      expected += Self.layout(["signoff", "\(i)", "\(i * 7)", "\(i % 3)", nil, note, "\(i)", "t"])
    }
    #expect(digest.rows == 3000)
    #expect(digest.finish() == Digest.sha256(expected).hexString)
  }
}
