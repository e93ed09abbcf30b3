import Foundation

/// The result of running the `cpd` binary.
public struct RunResult: Sendable {
  public var status: Int32
  public var stdout: String
  public var stderr: String
  public var stdoutBytes: [UInt8]
}

/// Locates the built `cpd` executable next to the test bundle.
public let cpdBinary: String = {
  if let given = ProcessInfo.processInfo.environment["CPD_BINARY"] { return given }
  var candidates: [String] = []
  let runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
  var dir = runner.deletingLastPathComponent()
  for _ in 0..<4 {
    candidates.append(dir.appendingPathComponent("cpd").path)
    dir.deleteLastPathComponent()
  }
  candidates.append(repositoryRoot + "/.build/debug/cpd")
  return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates.last!
}()

/// Runs `cpd` with arguments, in `directory`, with extra environment, feeding `input` on stdin.
public func runCPD(
  _ arguments: [String], in directory: String? = nil, environment: [String: String] = [:], input: [UInt8]? = nil
) -> RunResult {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: cpdBinary)
  process.arguments = arguments
  if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
  var env = ProcessInfo.processInfo.environment
  env["CPD_STORE"] = nil
  env["CPD_FRAMEWORK"] = shippedFrameworkPath
  for (k, v) in environment { env[k] = v }
  process.environment = env
  let out = Pipe()
  let err = Pipe()
  let inPipe = Pipe()
  process.standardOutput = out
  process.standardError = err
  process.standardInput = inPipe
  try! process.run()
  if let input { inPipe.fileHandleForWriting.write(Data(input)) }
  try? inPipe.fileHandleForWriting.close()
  // Read both pipes concurrently so a large output cannot block the child.
  final class Box: @unchecked Sendable { var data = Data() }
  let errBox = Box()
  let group = DispatchGroup()
  group.enter()
  let reader = err.fileHandleForReading
  DispatchQueue.global().async {
    errBox.data = reader.readDataToEndOfFile()
    group.leave()
  }
  let outData = out.fileHandleForReading.readDataToEndOfFile()
  group.wait()
  let errData = errBox.data
  process.waitUntilExit()
  return RunResult(
    status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
    stderr: String(decoding: errData, as: UTF8.self), stdoutBytes: [UInt8](outData))
}
