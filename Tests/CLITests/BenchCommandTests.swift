import Foundation
import JSON
import TestSupport
import Testing

@Suite struct BenchCommandTests {
  /// `cpd bench` runs the report, the plain read, a gap report and an import as processes and
  /// gives each figure's spread; a ratio is the pairs' own, so it lies within what the pairs allow.
  @Test func benchPrintsEveryFigureAsMedianWithMinAndMax() throws {
    let result = runCPD(["bench", "--practitioners", "12", "--runs", "3", "--import-rows", "300", "--as-of", "2026-06-30", "--format", "json"])
    #expect(result.status == 0, "\(result.stderr)")
    let json = try JSONParser.parse(result.stdout)
    #expect(json["practitioners"]?.intValue == 12)
    #expect(json["importRows"]?.intValue == 300)
    #expect((json["activities"]?.intValue ?? 0) > 0)
    let figures = json["figures"]?.arrayValue ?? []
    var byName: [String: (median: Double, min: Double, max: Double)] = [:]
    for f in figures {
      guard let name = f["name"]?.stringValue, let median = f["median"]?.numberValue, let low = f["min"]?.numberValue,
        let high = f["max"]?.numberValue
      else {
        Issue.record("incomplete figure \(f)")
        continue
      }
      #expect(low <= median && median <= high, "\(name)")
      #expect(low > 0, "\(name)")
      byName[name] = (median, low, high)
    }
    for name in [
      "network report, wall", "network report, cpu", "network report, peak memory", "plain read, wall", "plain read, cpu",
      "network report / plain read, wall", "network report / plain read, cpu", "one person's gap report, wall",
      "CSV import into a fresh store, wall", "CSV import, peak memory",
    ] {
      #expect(byName[name] != nil, "missing \(name)")
    }
    if let ratio = byName["network report / plain read, wall"], let report = byName["network report, wall"],
      let plain = byName["plain read, wall"]
    {
      #expect(ratio.max <= report.max / plain.min * 1.000001)
      #expect(ratio.min >= report.min / plain.max * 0.999999)
    }
  }

  @Test func benchRefusesBadSizes() {
    let result = runCPD(["bench", "--practitioners", "5"])
    #expect(result.status != 0)
    #expect(result.stderr.contains("--practitioners"))
  }
}
