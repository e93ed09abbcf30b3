import Foundation
import TestSupport
import Testing

/// The README's tour, run word for word as a newcomer would: in a fresh folder holding the
/// examples, after the set-up's `cpd demo`, each command line of the tour's code blocks in one
/// shell. A line whose comment says `exits N` must exit N; every other line must succeed.
@Suite struct TourTests {
  struct Step {
    var command: String
    var expected: Int32
  }

  /// The tour's commands, continuation lines joined.
  static func steps() throws -> [Step] {
    let readme = try String(contentsOfFile: repositoryRoot + "/README.md", encoding: .utf8)
    guard let start = readme.range(of: "\n## A tour\n") else { throw TourError.noTour }
    let rest = readme[start.upperBound...]
    let section = rest.range(of: "\n## ").map { rest[..<$0.lowerBound] } ?? rest
    var steps: [Step] = []
    var inBlock = false
    var pending = ""
    for line in section.split(separator: "\n", omittingEmptySubsequences: false) {
      if line.hasPrefix("```") {
        inBlock.toggle()
        continue
      }
      guard inBlock else { continue }
      var text = String(line)
      if text.hasSuffix("\\") {
        text.removeLast()
        pending += text
        continue
      }
      let command = pending + text
      pending = ""
      guard !command.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
      var expected: Int32 = 0
      if let exits = command.range(of: #"# exits (\d+)"#, options: .regularExpression) {
        expected = Int32(command[exits].split(separator: " ").last!)!
      }
      steps.append(Step(command: command, expected: expected))
    }
    return steps
  }

  enum TourError: Error { case noTour }

  @Test func theTourRunsAsWritten() throws {
    let steps = try Self.steps()
    #expect(steps.count > 30)
    let dir = TemporaryDirectory("cpd-tour")
    try FileManager.default.copyItem(atPath: repositoryRoot + "/Examples", toPath: dir.file("Examples"))
    let setUp = runCPD(["demo"], in: dir.path)
    #expect(setUp.status == 0, "\(setUp.stderr)")
    // One shell for the whole tour, so that a variable set on one line is there on the next.
    var script = "set -u\n"
    for (n, step) in steps.enumerated() {
      script += step.command + "\n"
      let shown = step.command.replacingOccurrences(of: "'", with: "'\\''")
      script += "rc=$?; if [ $rc -ne \(step.expected) ]; then echo 'step \(n + 1) exited '$rc': \(shown)' >&2; exit 1; fi\n"
    }
    let binaries = (cpdBinary as NSString).deletingLastPathComponent
    let shell = Process()
    shell.executableURL = URL(fileURLWithPath: "/bin/bash")
    shell.arguments = ["-c", script]
    shell.currentDirectoryURL = URL(fileURLWithPath: dir.path)
    var env = ProcessInfo.processInfo.environment
    env["PATH"] = binaries + ":" + (env["PATH"] ?? "/usr/bin:/bin")
    env["CPD_STORE"] = nil
    env["CPD_USER"] = nil
    env["CPD_FRAMEWORK"] = shippedFrameworkPath
    shell.environment = env
    let errors = Pipe()
    shell.standardError = errors
    shell.standardOutput = FileHandle.nullDevice
    try shell.run()
    let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    shell.waitUntilExit()
    #expect(shell.terminationStatus == 0, "\(stderr)")
    // What the tour made is there.
    for file in ["framework.case.json", "all.json", "p1.json", "p1.html", "team.html", "agency.csv", "network.json", "plan.html", "instance.json", "plan.json"] {
      #expect(FileManager.default.fileExists(atPath: dir.file(file)), "\(file) was not written")
    }
  }
}
