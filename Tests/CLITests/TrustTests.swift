import Foundation
import JSON
import Records
import RecordsSQLite
import TestSupport
import Testing

/// Runs `cpd`, killing it if it has not finished within `seconds` (a hang is then a failure, not
/// a test run that never ends).
func runCPD(_ arguments: [String], within seconds: Double) -> (status: Int32, stderr: String, hung: Bool) {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: cpdBinary)
  process.arguments = arguments
  var env = ProcessInfo.processInfo.environment
  env["CPD_FRAMEWORK"] = shippedFrameworkPath
  env["CPD_STORE"] = nil
  process.environment = env
  let err = Pipe()
  process.standardError = err
  process.standardOutput = FileHandle.nullDevice
  process.standardInput = FileHandle.nullDevice
  try! process.run()
  let deadline = Date().addingTimeInterval(seconds)
  while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
  let hung = process.isRunning
  if hung { kill(process.processIdentifier, SIGKILL) }
  process.waitUntilExit()
  let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
  return (process.terminationStatus, text, hung)
}

func fileType(_ path: String) -> mode_t? {
  var info = stat()
  return lstat(path, &info) == 0 ? info.st_mode & S_IFMT : nil
}

func permissions(_ path: String) -> mode_t? {
  var info = stat()
  return stat(path, &info) == 0 ? info.st_mode & 0o777 : nil
}

/// Every byte of every file under `folder`.
func allBytes(under folder: String) -> [(String, [UInt8])] {
  guard let names = FileManager.default.enumerator(atPath: folder) else { return [] }
  var out: [(String, [UInt8])] = []
  while let name = names.nextObject() as? String {
    let path = (folder as NSString).appendingPathComponent(name)
    if fileType(path) == S_IFREG, let data = FileManager.default.contents(atPath: path) { out.append((name, [UInt8](data))) }
  }
  return out
}

func contains(_ haystack: [UInt8], _ needle: String) -> Bool {
  let n = Array(needle.utf8)
  guard !n.isEmpty, haystack.count >= n.count else { return false }
  var i = 0
  while i <= haystack.count - n.count {
    if haystack[i] == n[0] && Array(haystack[i..<(i + n.count)]) == n { return true }
    i += 1
  }
  return false
}

@Suite(.serialized) struct OutputSafetyTests {
  /// Item 1: `-o` aimed at any of the store's files is refused, and the store still verifies.
  @Test(arguments: [
    ["export", "xapi"], ["report", "network"], ["gap", "p1"], ["export", "person", "p1"], ["report", "team", "Cardiff CSP"],
  ])
  func outputIntoTheStoreIsRefused(_ command: [String]) throws {
    let dir = TemporaryDirectory("cpd-output")
    let store = makeCLIStore(dir)
    let before = try #require(FileManager.default.contents(atPath: store))
    for target in [store, store + "-wal", store + "-shm", store + "-evidence/x.json", store + "-keys/audit-private.pem", store + "-audit-head"] {
      let result = runCPD(command + ["-o", target, "--store", store])
      #expect(result.status != 0, "\(command) -o \(target)")
      #expect(result.stderr.hasPrefix("error: output: \(target) is part of the records store"), "\(result.stderr)")
    }
    // A relative path through another folder name is the same file.
    let relative = runCPD(command + ["-o", "./sub/../cpd.sqlite", "--store", store], in: dir.path)
    #expect(relative.status != 0)
    #expect(FileManager.default.contents(atPath: store) == before)
    #expect(runCPD(["audit", "verify", "--store", store]).status == 0)
  }

  /// Item 1: devices and FIFOs are written to; only regular files are replaced whole.
  @Test func devicesAndFIFOsAreWrittenNotReplaced() throws {
    let dir = TemporaryDirectory("cpd-output")
    let store = makeCLIStore(dir)
    // A null device of the test's own (as root, it can be made), so that a regression replaces
    // that one and never the machine's /dev/null. Without root, /dev cannot be written anyway.
    var device = dir.file("null")
    if mknod(device, S_IFCHR | 0o666, dev_t(0x103) /* major 1, minor 3 */) != 0 { device = "/dev/null" }
    let null = runCPD(["report", "network", "-o", device, "--store", store])
    #expect(null.status == 0, "\(null.stderr)")
    #expect(fileType(device) == S_IFCHR)
    let fifo = dir.file("pipe")
    #expect(mkfifo(fifo, 0o600) == 0)
    // The reading end is open (without waiting) before cpd writes; the report is small enough
    // to sit in the pipe until it is read.
    let reader = open(fifo, O_RDONLY | O_NONBLOCK)
    #expect(reader >= 0)
    defer { close(reader) }
    let piped = runCPD(["report", "network", "--format", "json", "-o", fifo, "--store", store], within: 30)
    #expect(!piped.hung && piped.status == 0, "\(piped.stderr)")
    var received = [UInt8]()
    var buffer = [UInt8](repeating: 0, count: 65_536)
    while true {
      let n = read(reader, &buffer, buffer.count)
      guard n > 0 else { break }
      received += buffer[..<n]
    }
    #expect(fileType(fifo) == S_IFIFO)
    #expect((try? JSONParser.parse(received))?["scope"] != nil)
    // A link is followed: its target is replaced, the link stays a link.
    let target = dir.write("target.json", "old")
    let link = dir.file("link.json")
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
    #expect(runCPD(["report", "network", "--format", "json", "-o", link, "--store", store]).status == 0)
    #expect(fileType(link) == S_IFLNK)
    #expect(dir.read("target.json")?.hasPrefix("{") == true)
    // No temporary file is left beside the output.
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.contains(".tmp-") } == [])
  }

  /// Item 5: personal data is owner-only whatever the umask.
  @Test func personalDataIsOwnerOnly() throws {
    let previous = umask(0o022)
    defer { umask(previous) }
    let dir = TemporaryDirectory("cpd-perm")
    let store = makeCLIStore(dir)
    let evidence = dir.write("cert.txt", "certificate")
    let logged = runCPD([
      "log", "--practitioner", "p1", "--date", "2026-02-02", "--kind", "classroom", "--hours", "2", "--title", "Course",
      "--evidence", evidence, "--store", store,
    ])
    #expect(logged.status == 0, "\(logged.stderr)")
    let export = dir.file("p1.json")
    #expect(runCPD(["export", "person", "p1", "-o", export, "--store", store]).status == 0)
    func ownerOnly(_ file: String) { #expect(permissions(file) == 0o600, "\(file): \(String(permissions(file) ?? 0, radix: 8))") }
    for file in [store, export, store + "-audit-head", store + "-keys/audit-private.pem"] { ownerOnly(file) }
    for folder in [store + "-evidence", store + "-keys"] { #expect(permissions(folder) == 0o700, "\(folder)") }
    let stored = allBytes(under: store + "-evidence").map(\.0)
    #expect(!stored.isEmpty)
    for name in stored { ownerOnly(store + "-evidence/" + name) }
    // A second connection keeps the WAL and shared memory files in place to look at.
    let open = try SQLiteStore.open(at: store, access: .read)
    _ = try open.activityCount()
    ownerOnly(store + "-wal")
    ownerOnly(store + "-shm")
  }
}

@Suite(.serialized) struct EvidenceFileTests {
  /// Item 4: a FIFO is refused at once, whether named on the command line or in a CSV.
  @Test func aFIFOIsRefusedWithoutHanging() throws {
    let dir = TemporaryDirectory("cpd-fifo")
    let store = makeCLIStore(dir)
    let fifo = dir.file("evidence.pdf")
    #expect(mkfifo(fifo, 0o600) == 0)
    let logged = runCPD([
      "log", "--practitioner", "p1", "--date", "2026-02-02", "--kind", "classroom", "--hours", "2", "--title", "Course",
      "--evidence", fifo, "--store", store,
    ], within: 20)
    #expect(!logged.hung)
    #expect(logged.status != 0)
    #expect(logged.stderr.contains("evidence.pdf") && logged.stderr.contains("not a regular file"), "\(logged.stderr)")
    _ = dir.write("rows.csv", "practitioner,date,kind,hours,title,evidence\np1,2026-02-02,classroom,2,Course,evidence.pdf\n")
    let imported = runCPD(["import", "csv", dir.file("rows.csv"), "--store", store], within: 20)
    #expect(!imported.hung)
    #expect(imported.status != 0)
    #expect(imported.stderr.contains("row 2"), "\(imported.stderr)")
    #expect(try SQLiteStore.open(at: store, access: .read).activityCount() == 0)
  }

  /// Item 4: a link in the CSV's folder that leads outside it is refused; one that stays inside is fine.
  @Test func aLinkOutOfTheImportsFolderIsRefused() throws {
    let dir = TemporaryDirectory("cpd-link")
    let store = makeCLIStore(dir)
    let folder = dir.file("batch")
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    try FileManager.default.createSymbolicLink(atPath: folder + "/cert.pdf", withDestinationPath: "/etc/hostname")
    try Data("fine".utf8).write(to: URL(fileURLWithPath: folder + "/real.pdf"))
    try FileManager.default.createSymbolicLink(atPath: folder + "/alias.pdf", withDestinationPath: "real.pdf")
    try Data("practitioner,date,kind,hours,title,evidence\np1,2026-02-02,classroom,2,Course,cert.pdf\n".utf8)
      .write(to: URL(fileURLWithPath: folder + "/rows.csv"))
    let refused = runCPD(["import", "csv", folder + "/rows.csv", "--store", store])
    #expect(refused.status != 0)
    #expect(refused.stderr.contains("row 2") && refused.stderr.contains("cert.pdf"), "\(refused.stderr)")
    #expect(try SQLiteStore.open(at: store, access: .read).activityCount() == 0)
    try Data("practitioner,date,kind,hours,title,evidence\np1,2026-02-02,classroom,2,Course,alias.pdf\n".utf8)
      .write(to: URL(fileURLWithPath: folder + "/rows.csv"))
    let accepted = runCPD(["import", "csv", folder + "/rows.csv", "--store", store])
    #expect(accepted.status == 0, "\(accepted.stderr)")
  }

  /// Item 4: `cpd log` killed at any moment leaves no evidence file that no record points to and
  /// no temporary file, once the store is next opened for writing.
  @Test func aKilledLogLeavesNoOrphanedEvidence() throws {
    let dir = TemporaryDirectory("cpd-orphan")
    let store = makeCLIStore(dir)
    var generator = SeededGenerator(seed: 9)
    // How long one whole `cpd log` of such a file takes here and now: the kills are spread over it
    // (a fixed moment would kill every round before it starts on a loaded machine, or after it ends on a fast one).
    let started = Date()
    let whole = runCPD([
      "log", "--practitioner", "p2", "--date", "2026-02-02", "--kind", "classroom", "--hours", "2", "--title", "Timed",
      "--evidence", dir.write("timed.bin", bytes: [UInt8](repeating: 7, count: 24 << 20)), "--store", store,
    ])
    #expect(whole.status == 0, "\(whole.stderr)")
    let span = Date().timeIntervalSince(started)
    var landed = 0
    for round in 0..<12 {
      // A different large file each time, so that every round copies something new.
      var bytes = [UInt8](repeating: UInt8(round), count: 24 << 20)
      bytes[0] = UInt8(round)
      bytes[bytes.count - 1] = UInt8.random(in: 0...255, using: &generator)
      let evidence = dir.write("evidence-\(round).bin", bytes: bytes)
      let child = try Child([
        "log", "--practitioner", "p1", "--date", "2026-02-02", "--kind", "classroom", "--hours", "2", "--title",
        "Round \(round)", "--evidence", evidence, "--store", store,
      ])
      // Rounds alternate between early and late kills, so that some land and some do not.
      let moment = round % 2 == 0 ? Double.random(in: 0.05...0.5, using: &generator) : Double.random(in: 1.2...2, using: &generator)
      Thread.sleep(forTimeInterval: span * moment)
      child.kill()
      landed += child.lines().count
      try FileManager.default.removeItem(atPath: evidence)
    }
    // The next writer clears what the killed ones left.
    let opened = try SQLiteStore.open(at: store, access: .write)
    let referenced = Set(try opened.activities(of: "p1").flatMap { $0.evidence.map(\.sha256) })
      .union(try opened.activities(of: "p2").flatMap { $0.evidence.map(\.sha256) })
    #expect(referenced.count >= landed + 1)
    #expect(landed > 0 && landed < 12, "every round was killed at the same point (\(landed) landed)")
    let present = (try? FileManager.default.contentsOfDirectory(atPath: store + "-evidence")) ?? []
    #expect(present.filter { $0.contains(".tmp-") || $0 == ".adding" } == [])
    let files = allBytes(under: store + "-evidence").map { ($0.0 as NSString).lastPathComponent }
    #expect(Set(files) == referenced, "orphans: \(Set(files).subtracting(referenced).count)")
    #expect(try opened.verifyAudit().isIntact)
  }
}

@Suite(.serialized) struct ErasureTests {
  /// Item 2: after erasure, with another connection holding the store open throughout, nothing
  /// about the person is in any byte of any of the store's files, their number is never given
  /// out again, and the next person's subject-access export holds nothing of theirs.
  @Test func nothingAboutAnErasedPersonRemainsInAnyFile() throws {
    let dir = TemporaryDirectory("cpd-erase")
    let store = makeCLIStore(dir)
    let secrets = [
      "Rhys Evans", "rhys@example.org", "jane-doe-disciplinary-course", "Disciplinary hearing for Jane Doe",
      "I reflected privately on the hearing", "only-rhys-evidence-content",
    ]
    let evidence = dir.write("statement.txt", "only-rhys-evidence-content")
    let logged = runCPD([
      "log", "--practitioner", "p1", "--date", "2026-02-02", "--kind", "classroom", "--hours", "2",
      "--id", "jane-doe-disciplinary-course", "--title", "Disciplinary hearing for Jane Doe",
      "--reflection", "I reflected privately on the hearing", "--evidence", evidence, "--store", store,
    ])
    #expect(logged.status == 0, "\(logged.stderr)")
    // Rhys (p1) also signs off something of Siân's: that stays hers, without his name.
    let other = runCPD(["log", "--practitioner", "p2", "--date", "2026-02-03", "--kind", "reading", "--hours", "1", "--title", "Guidance", "--store", store])
    let signed = runCPD(["verify", other.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "--by", "p1", "--store", store])
    #expect(signed.status == 0, "\(signed.stderr)")
    try FileManager.default.removeItem(atPath: evidence)
    let pid = try #require(try SQLiteStore.open(at: store, access: .read).unsafeScalar("SELECT pid FROM practitioners WHERE id = 'p1'"))

    let second = try SQLiteStore.open(at: store, access: .read)
    _ = try second.activityCount()
    let erase = runCPD(["erase", "person", "p1", "--confirm", "--store", store])
    #expect(erase.status == 0, "\(erase.stderr)")
    _ = try second.activityCount()
    for (file, bytes) in allBytes(under: dir.path) where !file.hasSuffix(".csv") {
      for secret in secrets {
        #expect(!contains(bytes, secret), "\(file) still holds \"\(secret)\"")
      }
    }
    // The next person gets a new number, and their export holds nothing from before.
    #expect(runCPD(["practitioner", "add", "--id", "p9", "--name", "New Person", "--agency", "cardiff-council", "--role",
      "community-safety-officer", "--team", "Cardiff CSP", "--store", store]).status == 0)
    let newPid = try #require(try SQLiteStore.open(at: store, access: .read).unsafeScalar("SELECT pid FROM practitioners WHERE id = 'p9'"))
    #expect(Int(newPid)! > Int(pid)!)
    #expect(runCPD(["export", "person", "p9", "-o", dir.file("p9.json"), "--store", store]).status == 0)
    let audit = try JSONParser.parse(dir.read("p9.json") ?? "")["auditEntries"]?.arrayValue ?? []
    #expect(audit.count == 1, "\(audit)")
    #expect(audit.allSatisfy { $0["action"]?.stringValue == "practitioner.add" })
    #expect(runCPD(["audit", "verify", "--store", store]).status == 0)
  }
}
