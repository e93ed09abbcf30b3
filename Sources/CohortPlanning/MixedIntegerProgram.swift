import CCbc
import Foundation

/// A mixed-integer programme to maximise: columns with bounds, an objective coefficient and
/// integrality; rows as sparse sums with a lower and an upper limit. Solved by COIN-OR CBC through
/// its C interface; this file is the only one that touches CBC.
struct MixedIntegerProgram {
  nonisolated(unsafe) static var written = 0
  var lower: [Double] = []
  var upper: [Double] = []
  var objective: [Double] = []
  var integer: [Bool] = []
  // Rows, compressed: row r's terms are rowColumns[rowStarts[r]..<rowStarts[r + 1]].
  var rowStarts: [Int] = [0]
  var rowColumns: [Int32] = []
  var rowCoefficients: [Double] = []
  var rowLower: [Double] = []
  var rowUpper: [Double] = []

  var columnCount: Int { lower.count }
  var rowCount: Int { rowLower.count }
  var nonzeros: Int { rowColumns.count }

  mutating func addColumn(lower: Double = 0, upper: Double, objective: Double = 0, integer: Bool) -> Int {
    self.lower.append(lower)
    self.upper.append(upper)
    self.objective.append(objective)
    self.integer.append(integer)
    return self.lower.count - 1
  }

  /// Adds `lower <= sum of coefficient * column <= upper` (either side may be infinite).
  mutating func addRow(_ terms: [(column: Int, coefficient: Double)], lower: Double = -.infinity, upper: Double = .infinity) {
    for term in terms where term.coefficient != 0 {
      rowColumns.append(Int32(term.column))
      rowCoefficients.append(term.coefficient)
    }
    rowStarts.append(rowColumns.count)
    rowLower.append(lower)
    rowUpper.append(upper)
  }

  /// The rows and bounds that `values` breaks by more than `tolerance` (for checking starts).
  func violations(_ values: [Double], tolerance: Double = 1e-6) -> [String] {
    var found: [String] = []
    for c in 0..<columnCount where values[c] < lower[c] - tolerance || values[c] > upper[c] + tolerance || (integer[c] && abs(values[c] - values[c].rounded()) > tolerance) {
      found.append("column \(c) = \(values[c]) outside \(lower[c])...\(upper[c])")
    }
    for r in 0..<rowCount {
      var sum = 0.0
      for k in rowStarts[r]..<rowStarts[r + 1] { sum += rowCoefficients[k] * values[Int(rowColumns[k])] }
      if sum < rowLower[r] - tolerance || sum > rowUpper[r] + tolerance { found.append("row \(r) = \(sum) outside \(rowLower[r])...\(rowUpper[r])") }
    }
    return found
  }

  struct Solution {
    /// The best solution found (a value per column), nil when the solver found none.
    var values: [Double]?
    /// Its objective.
    var objective: Double
    /// No solution can do better than this (the solver's proven bound), nil when it has none.
    var bound: Double?
    /// The solver proved `values` best.
    var provenOptimal: Bool
    /// The solver proved that no solution exists.
    var provenInfeasible: Bool
    var stoppedByTimeLimit: Bool
    var nodes: Int
    var seconds: Double
    /// The solver gave no answer: it crashed, or was still running well past its time limit.
    var failed = false
  }

  /// Solves within `timeLimit` seconds (wall clock), starting from `start` (a value per column)
  /// when given. `relativeGap` stops the search once the incumbent is that close to the bound.
  func solve(timeLimit: Double, start: [Double]? = nil, relativeGap: Double = 0, threads: Int = 1) -> Solution {
    let began = DispatchTime.now().uptimeNanoseconds
    let model = CBCModel()
    model.load(self)
    // For comparing with CBC's own command line: CPD_CBC_MPS=prefix writes each programme as prefix-N.mps.
    if let prefix = ProcessInfo.processInfo.environment["CPD_CBC_MPS"] {
      Self.written += 1
      model.writeMps("\(prefix)-\(Self.written)")
    }
    let logging = ProcessInfo.processInfo.environment["CPD_CBC_LOG"] == "1"
    model.set("log", logging ? "1" : "0")
    model.set("timeMode", "elapsed")
    model.set("sec", String(format: "%.3f", max(0.01, timeLimit)))
    model.set("allowableGap", "1e-7")
    // Measured on the demo instances (2,000 people, 100 cohorts): probing and the feasibility
    // pump cost more than they give here (the greedy start is already a good plan, and the
    // relaxation is tight); without them CBC proves the optimum in about 6 CPU seconds, not 10-12.
    model.set("probing", "off")
    model.set("feas", "off")
    model.set("ratioGap", String(relativeGap))
    if threads > 1 { model.set("threads", String(threads)) }
    for option in (ProcessInfo.processInfo.environment["CPD_CBC_OPTS"] ?? "").split(separator: ",") {
      let parts = option.split(separator: "=").map(String.init)
      if parts.count == 2 { model.set(parts[0], parts[1]) }
    }
    var solution: MixedIntegerProgram.Solution
    if ProcessInfo.processInfo.environment["CPD_SOLVE_IN_PROCESS"] == "1" {
      // For ThreadSanitizer runs, which cannot follow a fork of a process with threads: the
      // solver runs here, unprotected from a crash.
      if let start { model.initial(start) }
      model.solve()
      solution = model.solution(columns: columnCount)
    } else {
      solution = model.solveInChild(columns: columnCount, start: start, deadline: timeLimit + 10, quiet: !logging)
    }
    solution.seconds = Double(DispatchTime.now().uptimeNanoseconds - began) / 1e9
    return solution
  }
}

/// One CBC model, deleted with the object.
private final class CBCModel {
  let handle: UnsafeMutableRawPointer

  init() { handle = Cbc_newModel() }
  deinit { Cbc_deleteModel(handle) }

  /// Loads the programme (column-wise, as CBC takes it) and marks integer columns.
  func load(_ p: MixedIntegerProgram) {
    let n = p.columnCount
    var counts = [Int32](repeating: 0, count: n + 1)
    for c in p.rowColumns { counts[Int(c) + 1] += 1 }
    for i in 0..<n { counts[i + 1] += counts[i] }
    var starts = counts
    var index = [Int32](repeating: 0, count: p.nonzeros)
    var value = [Double](repeating: 0, count: p.nonzeros)
    for r in 0..<p.rowCount {
      for k in p.rowStarts[r]..<p.rowStarts[r + 1] {
        let c = Int(p.rowColumns[k])
        let at = Int(starts[c])
        index[at] = Int32(r)
        value[at] = p.rowCoefficients[k]
        starts[c] += 1
      }
    }
    // CBC reads "infinite" as any magnitude of 1e30 or more.
    func finite(_ x: Double) -> Double { x.isInfinite ? (x > 0 ? 1e30 : -1e30) : x }
    let rowLower = p.rowLower.map(finite)
    let rowUpper = p.rowUpper.map(finite)
    let upper = p.upper.map(finite)
    // The objective is maximised: CBC minimises the negated objective.
    let objective = p.objective.map { -$0 }
    Cbc_loadProblem(handle, Int32(n), Int32(p.rowCount), counts, index, value, p.lower, upper, objective, rowLower, rowUpper)
    for c in 0..<n where p.integer[c] { Cbc_setInteger(handle, Int32(c)) }
  }

  func set(_ name: String, _ value: String) { Cbc_setParameter(handle, name, value) }

  func solve() { _ = Cbc_solve(handle) }

  /// Solves in a child process, which sends back what `solution` reads; a crash there (CBC has
  /// been seen to crash on some programmes) or a child still running `deadline` seconds on costs
  /// only the solver's answer.
  func solveInChild(columns: Int, start: [Double]?, deadline: Double, quiet: Bool = true) -> MixedIntegerProgram.Solution {
    let none = MixedIntegerProgram.Solution(
      values: nil, objective: -.infinity, bound: nil, provenOptimal: false, provenInfeasible: false, stoppedByTimeLimit: false,
      nodes: 0, seconds: 0, failed: true)
    var ends: [Int32] = [0, 0]
    guard pipe(&ends) == 0 else { return none }
    let child = fork()
    if child < 0 {
      close(ends[0])
      close(ends[1])
      return none
    }
    if child == 0 {
      // The child: nothing it prints may reach the parent's output.
      close(ends[0])
      if quiet {
        let null = open("/dev/null", O_WRONLY)
        if null >= 0 {
          dup2(null, 1)
          dup2(null, 2)
        }
      } else {
        // Logging asked for: CBC's log goes to the parent's standard error.
        dup2(2, 1)
      }
      // CBC checks a starting solution by solving the programme with it, which prints.
      if let start { initial(start) }
      solve()
      let s = solution(columns: columns)
      let header: [Double] = [
        s.values == nil ? 0 : 1, s.objective, s.bound ?? .nan, s.provenOptimal ? 1 : 0, s.provenInfeasible ? 1 : 0,
        s.stoppedByTimeLimit ? 1 : 0, Double(s.nodes),
      ]
      let sent = (header + (s.values ?? [])).withUnsafeBytes { bytes in Self.writeAll(ends[1], bytes) }
      _exit(sent ? 0 : 1)
    }
    close(ends[1])
    let expected = (7 + columns) * MemoryLayout<Double>.size
    var data = [UInt8]()
    data.reserveCapacity(expected)
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    let stop = DispatchTime.now().uptimeNanoseconds + UInt64(max(0, deadline) * 1e9)
    var killed = false
    while true {
      let now = DispatchTime.now().uptimeNanoseconds
      if now >= stop {
        kill(child, SIGKILL)
        killed = true
        break
      }
      var poller = pollfd(fd: ends[0], events: Int16(POLLIN), revents: 0)
      let ready = poll(&poller, 1, Int32(min(1000, (stop - now) / 1_000_000 + 1)))
      if ready < 0 && errno != EINTR { break }
      if ready <= 0 { continue }
      let n = buffer.withUnsafeMutableBytes { read(ends[0], $0.baseAddress, $0.count) }
      if n < 0 && errno == EINTR { continue }
      if n <= 0 { break }
      data.append(contentsOf: buffer[0..<n])
    }
    close(ends[0])
    var status: Int32 = 0
    while waitpid(child, &status, 0) < 0 && errno == EINTR {}
    guard !killed, data.count >= 7 * MemoryLayout<Double>.size else { return none }
    let numbers = data.withUnsafeBytes { bytes in
      (0..<bytes.count / 8).map { bytes.loadUnaligned(fromByteOffset: $0 * 8, as: Double.self) }
    }
    let found = numbers[0] == 1 && numbers.count == 7 + columns
    return MixedIntegerProgram.Solution(
      values: found ? Array(numbers[7...]) : nil, objective: found ? numbers[1] : -.infinity,
      bound: numbers[2].isNaN ? nil : numbers[2], provenOptimal: found && numbers[3] == 1, provenInfeasible: numbers[4] == 1,
      stoppedByTimeLimit: numbers[5] == 1, nodes: Int(numbers[6]), seconds: 0)
  }

  private static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Bool {
    var offset = 0
    while offset < bytes.count {
      let n = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
      if n < 0 && errno == EINTR { continue }
      if n <= 0 { return false }
      offset += n
    }
    return true
  }
  func initial(_ values: [Double]) { Cbc_setInitialSolution(handle, values) }
  func cutoff(_ value: Double) { Cbc_setCutoff(handle, value) }
  func writeMps(_ file: String) { Cbc_writeMps(handle, file) }

  func solution(columns: Int) -> MixedIntegerProgram.Solution {
    let infeasible = Cbc_isProvenInfeasible(handle) != 0
    var values: [Double]? = nil
    if !infeasible, let best = Cbc_bestSolution(handle) { values = Array(UnsafeBufferPointer(start: best, count: columns)) }
    let objective = values == nil ? -Double.infinity : -Cbc_getObjValue(handle)
    let possible = -Cbc_getBestPossibleObjValue(handle)
    let bound: Double? = possible.isFinite && abs(possible) < 1e29 ? possible : nil
    return MixedIntegerProgram.Solution(
      values: values, objective: objective, bound: bound, provenOptimal: values != nil && Cbc_isProvenOptimal(handle) != 0,
      provenInfeasible: infeasible, stoppedByTimeLimit: Cbc_isSecondsLimitReached(handle) != 0,
      nodes: Int(Cbc_getNodeCount(handle)), seconds: 0)
  }
}
