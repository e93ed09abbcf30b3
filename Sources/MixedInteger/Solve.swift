import Foundation

extension MixedIntegerProgram {
  /// Solves within `settings.timeLimit` seconds (wall clock), starting from `start` (a value per
  /// column) when given, in a `cpd-solver` process. A solver that crashes, cannot be started, or
  /// is still running ten seconds past its limit gives `Solution.none`.
  package func solve(_ settings: Settings, start: [Double]? = nil, solver: String? = solverExecutable()) -> Solution {
    let began = DispatchTime.now().uptimeNanoseconds
    var solution: Solution
    if let solver {
      let request = Wire.encode(Wire.Request(program: self, settings: settings, start: start))
      solution = Self.run(solver, request: request, columns: columnCount, deadline: settings.timeLimit + 10)
    } else {
      solution = .none(missing: true)
    }
    solution.seconds = Double(DispatchTime.now().uptimeNanoseconds - began) / 1e9
    return solution
  }

  /// The solver program's name.
  package static let solverName = "cpd-solver"

  /// Where `cpd-solver` is: `CPD_SOLVER` when set, else beside the running program (where
  /// `swift build` puts both). Never looked for on `PATH`: a web server must not run whatever
  /// program of that name a directory there holds.
  package static func solverExecutable() -> String? {
    if let given = ProcessInfo.processInfo.environment["CPD_SOLVER"], !given.isEmpty {
      return FileManager.default.isExecutableFile(atPath: given) ? given : nil
    }
    let running = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? Bundle.main.executablePath
    guard let running else { return nil }
    let beside = ((running as NSString).deletingLastPathComponent as NSString).appendingPathComponent(solverName)
    return FileManager.default.isExecutableFile(atPath: beside) ? beside : nil
  }

  /// A connected pair of sockets, both closed on `exec`.
  static func channel() -> [Int32]? {
    var ends: [Int32] = [0, 0]
    return socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &ends) == 0 ? ends : nil
  }

  /// Starts `solver`, writes `request` to it and reads its answer until it ends or `deadline`
  /// seconds pass (then it is killed).
  static func run(_ solver: String, request: [UInt8], columns: Int, deadline: Double) -> Solution {
    // The request and the answer go through sockets, not pipes: a solver that dies before
    // reading it all then makes `send` fail (MSG_NOSIGNAL) instead of raising SIGPIPE in this
    // process. Both are opened close-on-exec, so a solver started at the same moment by another
    // thread does not inherit them and hold this one's input or output open (only `dup2` passes
    // them on).
    guard let input = channel() else { return .none() }
    guard let output = channel() else {
      input.forEach { close($0) }
      return .none()
    }
    var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_adddup2(&actions, input[1], 0)
    posix_spawn_file_actions_adddup2(&actions, output[1], 1)
    for fd in input + output { posix_spawn_file_actions_addclose(&actions, fd) }
    let argv: [UnsafeMutablePointer<CChar>?] = [strdup(solver), nil]
    defer { argv.forEach { free($0) } }
    var child: pid_t = 0
    let started = posix_spawn(&child, solver, &actions, nil, argv, environ)
    close(input[1])
    close(output[1])
    guard started == 0 else {
      close(input[0])
      close(output[0])
      return .none(missing: true)
    }
    let sent = request.withUnsafeBytes { bytes in
      var offset = 0
      while offset < bytes.count {
        let n = send(input[0], bytes.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
        if n < 0 && errno == EINTR { continue }
        if n <= 0 { return false }
        offset += n
      }
      return true
    }
    close(input[0])
    var data = [UInt8]()
    data.reserveCapacity((7 + columns) * 8)
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    let stop = DispatchTime.now().uptimeNanoseconds + UInt64(max(0, deadline) * 1e9)
    var killed = false
    while sent {
      let now = DispatchTime.now().uptimeNanoseconds
      if now >= stop {
        kill(child, SIGKILL)
        killed = true
        break
      }
      var poller = pollfd(fd: output[0], events: Int16(POLLIN), revents: 0)
      let ready = poll(&poller, 1, Int32(min(1000, (stop - now) / 1_000_000 + 1)))
      if ready < 0 && errno != EINTR { break }
      if ready <= 0 { continue }
      let n = buffer.withUnsafeMutableBytes { read(output[0], $0.baseAddress, $0.count) }
      if n < 0 && errno == EINTR { continue }
      if n <= 0 { break }
      data.append(contentsOf: buffer[0..<n])
    }
    if !sent { kill(child, SIGKILL) }
    close(output[0])
    var status: Int32 = 0
    while waitpid(child, &status, 0) < 0 && errno == EINTR {}
    guard sent, !killed, let solution = Wire.decodeSolution(data, columns: columns) else { return .none() }
    return solution
  }
}
