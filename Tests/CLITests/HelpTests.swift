import Foundation
import TestSupport
import Testing

/// Every command's `--help`, word for word, against a golden file in `Tests/CLITests/Help/`
/// (swift-argument-parser's example tests). The commands are found from the help itself, so a
/// new command without a golden file fails. `CPD_UPDATE_GOLDEN=1 swift test --filter HelpTests`
/// writes the files afresh; review the diff before committing it.
@Suite struct HelpTests {
  static let goldenFolder = repositoryRoot + "/Tests/CLITests/Help"

  /// Every command path, by walking the SUBCOMMANDS sections of the groups' help.
  static func commandPaths() -> [[String]] {
    var paths: [[String]] = []
    var queue: [[String]] = [[]]
    while let path = queue.first {
      queue.removeFirst()
      paths.append(path)
      let help = runCPD(path + ["--help"]).stdout
      guard let section = help.range(of: "SUBCOMMANDS:\n") else { continue }
      for line in help[section.upperBound...].split(separator: "\n") {
        guard line.hasPrefix("  "), !line.hasPrefix("   ") else { continue }
        let name = line.trimmingCharacters(in: .whitespaces).split(separator: " ").first.map(String.init) ?? ""
        if name.isEmpty || name == "See" || name == "(default)" { continue }
        queue.append(path + [name])
      }
    }
    return paths
  }

  static func goldenFile(_ path: [String]) -> String {
    goldenFolder + "/" + (["cpd"] + path).joined(separator: "-") + ".txt"
  }

  @Test func everyCommandsHelpMatchesItsGoldenFile() throws {
    let paths = Self.commandPaths()
    #expect(paths.count > 40)
    let update = ProcessInfo.processInfo.environment["CPD_UPDATE_GOLDEN"] == "1"
    var expected = Set<String>()
    for path in paths {
      let result = runCPD(path + ["--help"])
      #expect(result.status == 0, "\(path)")
      #expect(result.stderr.isEmpty, "\(path): \(result.stderr)")
      let file = Self.goldenFile(path)
      expected.insert((file as NSString).lastPathComponent)
      if update {
        try FileManager.default.createDirectory(atPath: Self.goldenFolder, withIntermediateDirectories: true)
        try Data(result.stdout.utf8).write(to: URL(fileURLWithPath: file))
        continue
      }
      let golden = FileManager.default.contents(atPath: file).map { String(decoding: $0, as: UTF8.self) }
      #expect(golden != nil, "no golden help for 'cpd \(path.joined(separator: " "))' (run with CPD_UPDATE_GOLDEN=1)")
      if let golden { #expect(result.stdout == golden, "'cpd \(path.joined(separator: " ")) --help' differs from \(file)") }
    }
    // No golden file is left for a command that no longer exists.
    let present = Set((try? FileManager.default.contentsOfDirectory(atPath: Self.goldenFolder)) ?? [])
    #expect(present.subtracting(expected).isEmpty, "stale golden files: \(present.subtracting(expected).sorted())")
  }

  /// Help is an option the parser recognises, not a word anywhere on the line: as another
  /// option's value, `-h` is that value.
  @Test func helpIsOnlyHelpWhereAnOptionMayStand() throws {
    let dir = TemporaryDirectory()
    let store = makeCLIStore(dir)
    let logged = runCPD(["log", "--practitioner", "p1", "--kind", "reading", "--hours", "1", "--date", "2026-03-01", "--title", "-h", "--store", store])
    #expect(logged.status == 0, "\(logged.stderr)")
    let id = logged.stdout.trimmingCharacters(in: .newlines)
    #expect(id.hasPrefix("A-"))
    let listing = runCPD(["activities", "p1", "--format", "json", "--store", store])
    #expect(listing.stdout.contains("\"title\": \"-h\""))
    let help = runCPD(["log", "--practitioner", "p1", "-h"])
    #expect(help.status == 0)
    #expect(help.stdout.hasPrefix("OVERVIEW: Log a CPD activity"))
  }

  /// A usage error is one `error:` line and a pointer to the command's help.
  @Test func aUsageErrorIsOneLineAndAPointer() {
    let result = runCPD(["log", "--practitioner", "p1"])
    #expect(result.status == 64)
    #expect(result.stderr == "error: missing --kind\nSee 'cpd log --help'.\n")
    let unknown = runCPD(["report", "nowhere"])
    #expect(unknown.status == 64)
    #expect(unknown.stderr == "error: unknown command 'nowhere'\nSee 'cpd report --help'.\n")
  }
}
