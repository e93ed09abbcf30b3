import Foundation
import Records
import RecordsSQLite
import TestSupport
import Testing

/// A store made through the command line, as a user would: a manager and two officers.
func makeCLIStore(_ dir: TemporaryDirectory) -> String {
  let store = dir.file("cpd.sqlite")
  let steps: [[String]] = [
    ["init"],
    ["practitioner", "add", "--id", "mgr", "--name", "Megan Hughes", "--agency", "cardiff-council", "--role",
     "community-safety-partnership-manager", "--team", "Cardiff CSP", "--email", "megan@example.org"],
    ["practitioner", "add", "--id", "p1", "--name", "Rhys Evans", "--agency", "cardiff-council", "--role",
     "community-safety-officer", "--team", "Cardiff CSP", "--manager", "mgr", "--email", "rhys@example.org"],
    ["practitioner", "add", "--id", "p2", "--name", "Siân Lloyd", "--agency", "south-wales-police", "--role",
     "neighbourhood-police-officer", "--team", "Cardiff CSP", "--manager", "mgr"],
  ]
  for step in steps {
    let result = runCPD(step + ["--store", store])
    precondition(result.status == 0, "\(step): \(result.stderr)")
  }
  return store
}

/// Runs a child `cpd` whose output is read line by line as it arrives.
final class Child: @unchecked Sendable {
  let process = Process()
  private let output = Pipe()
  private let lock = NSLock()
  private var buffer = Data()

  init(_ arguments: [String]) throws {
    process.executableURL = URL(fileURLWithPath: cpdBinary)
    process.arguments = arguments
    var env = ProcessInfo.processInfo.environment
    env["CPD_FRAMEWORK"] = shippedFrameworkPath
    process.environment = env
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    output.fileHandleForReading.readabilityHandler = { [weak self] handle in
      let data = handle.availableData
      guard let self else { return }
      self.lock.lock()
      self.buffer.append(data)
      self.lock.unlock()
    }
    try process.run()
  }

  /// Waits until the child has printed a line, or has ended, or `timeout` seconds have passed: on a
  /// loaded machine starting up can take longer than the moments the tests kill it at.
  func waitForOutput(timeout: Double = 30) {
    let deadline = Date().addingTimeInterval(timeout)
    while process.isRunning, Date() < deadline {
      lock.lock()
      let printed = buffer.contains(0x0A)
      lock.unlock()
      if printed { return }
      Thread.sleep(forTimeInterval: 0.01)
    }
  }

  func kill() {
    Foundation.kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
  }

  /// Complete lines printed so far (a line cut off by the kill is not complete).
  func lines() -> [String] {
    Thread.sleep(forTimeInterval: 0.05)
    output.fileHandleForReading.readabilityHandler = nil
    let rest = output.fileHandleForReading.readDataToEndOfFile()
    lock.lock()
    defer { lock.unlock() }
    let text = String(decoding: buffer + rest, as: UTF8.self)
    var lines = text.components(separatedBy: "\n")
    lines.removeLast()  // after the last newline: empty, or an unfinished line
    return lines
  }
}

@Suite(.serialized) struct ReliabilityTests {
  @Test func killedWritersLoseNothingTheyReported() throws {
    let dir = TemporaryDirectory("cpd-crash")
    let store = makeCLIStore(dir)
    // A CSV import to kill mid-transaction as well: it must land whole or not at all.
    var csv = "practitioner,date,kind,hours,title,competencies\n"
    for i in 0..<20_000 { csv += "p2,2025-\(String(format: "%02d", 1 + i % 12))-\(String(format: "%02d", 1 + i % 28)),reading,0.01,Batch row \(i),CS-LAW-01:1\n" }
    let batch = dir.write("batch.csv", csv)
    var reported: Set<String> = []
    var generator = SystemRandomNumberGenerator()
    var imports = 0
    for round in 0..<24 {
      let child: Child
      if round % 6 == 5 {
        child = try Child(["import", "csv", batch, "--store", store])
        imports += 1
      } else {
        child = try Child(["bench", "write", "--practitioner", "p1", "--count", "100000", "--store", store])
        child.waitForOutput()
      }
      Thread.sleep(forTimeInterval: Double.random(in: 0.05...0.35, using: &generator))
      child.kill()
      reported.formUnion(child.lines().filter { $0.hasPrefix("A-") })
    }
    // After the crashes the store still takes a whole import: the test fails if none lands.
    let last = runCPD(["import", "csv", batch, "--store", store])
    #expect(last.status == 0, "\(last.stderr)")
    let opened = try SQLiteStore.open(at: store, access: .read)
    #expect(try opened.integrityProblems() == [])
    #expect(try opened.verifyAudit().isIntact)
    let present = Set(try opened.activities(of: "p1").map(\.id))
    #expect(reported.isSubset(of: present), "lost: \(reported.subtracting(present).prefix(5))")
    #expect(reported.count > 0)
    let batchRows = try opened.activities(of: "p2").count
    #expect(batchRows >= 20_000, "no import ever landed")
    #expect(batchRows % 20_000 == 0, "an import landed in part: \(batchRows) rows")
    #expect(batchRows / 20_000 <= imports + 1)
    // The command line agrees.
    let verify = runCPD(["audit", "verify", "--store", store])
    #expect(verify.status == 0, "\(verify.stderr)")
  }

  @Test func eightConcurrentWritersAllLand() throws {
    let dir = TemporaryDirectory("cpd-concurrency")
    let store = makeCLIStore(dir)
    let people = (0..<8).map { "w\($0)" }
    for id in people {
      let r = runCPD([
        "practitioner", "add", "--id", id, "--name", "Writer \(id)", "--agency", "gwent-police", "--role",
        "neighbourhood-police-officer", "--team", "Gwent", "--store", store,
      ])
      #expect(r.status == 0)
    }
    let perWriter = 250
    let results = UnsafeMutableBufferPointer<RunResult?>.allocate(capacity: people.count)
    results.initialize(repeating: nil)
    defer { results.deallocate() }
    nonisolated(unsafe) let slots = results
    DispatchQueue.concurrentPerform(iterations: people.count) { i in
      slots[i] = runCPD(["bench", "write", "--practitioner", people[i], "--count", String(perWriter), "--store", store])
    }
    let opened = try SQLiteStore.open(at: store, access: .read)
    for (i, id) in people.enumerated() {
      let result = try #require(results[i])
      #expect(result.status == 0, "\(id): \(result.stderr)")
      #expect(!result.stderr.contains("locked"))
      let printed = result.stdout.split(separator: "\n").map(String.init)
      #expect(printed.count == perWriter)
      #expect(Set(try opened.activities(of: id).map(\.id)) == Set(printed))
    }
    #expect(try opened.integrityProblems() == [])
    #expect(try opened.verifyAudit().isIntact)
  }
}
