import Foundation

/// A mixed-integer programme to maximise: columns with bounds, an objective coefficient and
/// integrality; rows as sparse sums with a lower and an upper limit. `solve` hands it to
/// COIN-OR CBC, which runs in its own process (`cpd-solver`), so a program that never plans does
/// not load CBC and its libraries, and a crash in CBC costs only the solver's answer.
package struct MixedIntegerProgram: Sendable, Equatable {
  package var lower: [Double] = []
  package var upper: [Double] = []
  package var objective: [Double] = []
  package var integer: [Bool] = []
  // Rows, compressed: row r's terms are rowColumns[rowStarts[r]..<rowStarts[r + 1]].
  package var rowStarts: [Int] = [0]
  package var rowColumns: [Int32] = []
  package var rowCoefficients: [Double] = []
  package var rowLower: [Double] = []
  package var rowUpper: [Double] = []

  package init() {}

  package var columnCount: Int { lower.count }
  package var rowCount: Int { rowLower.count }
  package var nonzeros: Int { rowColumns.count }

  package mutating func addColumn(lower: Double = 0, upper: Double, objective: Double = 0, integer: Bool) -> Int {
    self.lower.append(lower)
    self.upper.append(upper)
    self.objective.append(objective)
    self.integer.append(integer)
    return self.lower.count - 1
  }

  /// Adds `lower <= sum of coefficient * column <= upper` (either side may be infinite).
  package mutating func addRow(_ terms: [(column: Int, coefficient: Double)], lower: Double = -.infinity, upper: Double = .infinity) {
    for term in terms where term.coefficient != 0 {
      rowColumns.append(Int32(term.column))
      rowCoefficients.append(term.coefficient)
    }
    rowStarts.append(rowColumns.count)
    rowLower.append(lower)
    rowUpper.append(upper)
  }

  /// The rows and bounds that `values` breaks by more than `tolerance` (for checking starts).
  package func violations(_ values: [Double], tolerance: Double = 1e-6) -> [String] {
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

  package struct Solution: Sendable, Equatable {
    /// The best solution found (a value per column), nil when the solver found none.
    package var values: [Double]?
    /// Its objective.
    package var objective: Double
    /// No solution can do better than this (the solver's proven bound), nil when it has none.
    package var bound: Double?
    /// The solver proved `values` best.
    package var provenOptimal: Bool
    /// The solver proved that no solution exists.
    package var provenInfeasible: Bool
    package var stoppedByTimeLimit: Bool
    package var nodes: Int
    package var seconds: Double
    /// The solver gave no answer: it crashed, or was still running well past its time limit.
    package var failed = false
    /// The solver program could not be started (not found, or not runnable): `failed` too.
    package var missing = false

    package init(
      values: [Double]?, objective: Double, bound: Double?, provenOptimal: Bool, provenInfeasible: Bool, stoppedByTimeLimit: Bool,
      nodes: Int, seconds: Double = 0, failed: Bool = false, missing: Bool = false
    ) {
      self.values = values
      self.objective = objective
      self.bound = bound
      self.provenOptimal = provenOptimal
      self.provenInfeasible = provenInfeasible
      self.stoppedByTimeLimit = stoppedByTimeLimit
      self.nodes = nodes
      self.seconds = seconds
      self.failed = failed
      self.missing = missing
    }

    /// No answer: the solver crashed, ran on, or could not be started.
    package static func none(missing: Bool = false) -> Solution {
      Solution(
        values: nil, objective: -.infinity, bound: nil, provenOptimal: false, provenInfeasible: false, stoppedByTimeLimit: false,
        nodes: 0, failed: true, missing: missing)
    }
  }

  /// How CBC is to search.
  package struct Settings: Sendable, Equatable {
    /// Seconds of wall clock the search may take.
    package var timeLimit: Double
    /// Stop once the incumbent is this close to the bound (relative).
    package var relativeGap: Double = 0
    package var threads: Int = 1
    /// CBC's log goes to standard error.
    package var log = false
    /// Write the programme as this file (CBC adds `.mps.gz`) before solving, to compare with CBC's own command line.
    package var mpsFile: String? = nil
    /// More CBC parameters, set after ours.
    package var parameters: [Parameter] = []

    /// One CBC parameter, by the name CBC's command line gives it.
    package struct Parameter: Sendable, Equatable {
      package var name: String
      package var value: String

      package init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
      }
    }

    package init(timeLimit: Double, relativeGap: Double = 0, threads: Int = 1) {
      self.timeLimit = timeLimit
      self.relativeGap = relativeGap
      self.threads = threads
    }

    /// These settings with what the environment asks for: `CPD_CBC_LOG=1` shows CBC's log,
    /// `CPD_CBC_MPS=prefix` writes each programme this process solves as `prefix-N`, and
    /// `CPD_CBC_OPTS=name=value,...` sets more CBC parameters.
    package func withEnvironment() -> Settings {
      let environment = ProcessInfo.processInfo.environment
      var s = self
      s.log = environment["CPD_CBC_LOG"] == "1"
      if let prefix = environment["CPD_CBC_MPS"] {
        s.mpsFile = "\(prefix)-\(Settings.written.add(1))"
      }
      for option in (environment["CPD_CBC_OPTS"] ?? "").split(separator: ",") {
        let parts = option.split(separator: "=").map(String.init)
        if parts.count == 2 { s.parameters.append(Parameter(parts[0], parts[1])) }
      }
      return s
    }

    /// Programmes written as MPS files so far.
    private static let written = Counter()

    /// The parameters CBC is given, in order: ours, then `parameters`.
    package var cbcParameters: [Parameter] {
      var all = [
        Parameter("log", log ? "1" : "0"), Parameter("timeMode", "elapsed"), Parameter("sec", String(format: "%.3f", max(0.01, timeLimit))),
        Parameter("allowableGap", "1e-7"),
        // Measured on the demo instances (2,000 people, 100 cohorts): probing and the feasibility
        // pump cost more than they give here (the greedy start is already a good plan, and the
        // relaxation is tight); without them CBC proves the optimum in about 6 CPU seconds, not 10-12.
        Parameter("probing", "off"), Parameter("feas", "off"), Parameter("ratioGap", String(relativeGap)),
      ]
      if threads > 1 { all.append(Parameter("threads", String(threads))) }
      return all + parameters
    }
  }
}

/// A count shared by threads.
private final class Counter: @unchecked Sendable {
  private let lock = NSLock()
  private var value = 0

  /// Adds `n` and returns the new count.
  func add(_ n: Int) -> Int {
    lock.lock()
    defer { lock.unlock() }
    value += n
    return value
  }
}
