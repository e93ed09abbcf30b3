// cpd-solver: solves one mixed-integer programme with COIN-OR CBC. It reads the request
// `MixedIntegerProgram.solve` writes on standard input and writes the solution on standard
// output (both in `Wire`'s form), then exits. It is the only program that loads CBC.
import CCbc
import Foundation
import MixedInteger

/// One CBC model, deleted with the object.
final class CBCModel {
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
  func initial(_ values: [Double]) { Cbc_setInitialSolution(handle, values) }
  func writeMps(_ file: String) { Cbc_writeMps(handle, file) }
  func solve() { _ = Cbc_solve(handle) }

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
      nodes: Int(Cbc_getNodeCount(handle)))
  }
}

func fail(_ message: String) -> Never {
  FileHandle.standardError.write(Data("error: cpd-solver: \(message)\n".utf8))
  exit(65)
}

var request: Wire.Request
do {
  request = try Wire.decodeRequest(Array(FileHandle.standardInput.readDataToEndOfFile()))
} catch {
  fail(error.description)
}
// The answer goes to the standard output this program was given; CBC prints to standard output
// too, so from here on that is standard error (when the log is asked for) or nowhere.
let answer = dup(1)
if request.settings.log {
  dup2(2, 1)
} else {
  let null = open("/dev/null", O_WRONLY)
  if null >= 0 {
    dup2(null, 1)
    dup2(null, 2)
  }
}
let model = CBCModel()
model.load(request.program)
if let file = request.settings.mpsFile { model.writeMps(file) }
for parameter in request.settings.cbcParameters { model.set(parameter.name, parameter.value) }
// CBC checks a starting solution by solving the programme with it, which prints.
if let start = request.start { model.initial(start) }
model.solve()
let bytes = Wire.encode(model.solution(columns: request.program.columnCount))
let sent = bytes.withUnsafeBytes { buffer in
  var offset = 0
  while offset < buffer.count {
    let n = write(answer, buffer.baseAddress! + offset, buffer.count - offset)
    if n < 0 && errno == EINTR { continue }
    if n <= 0 { return false }
    offset += n
  }
  return true
}
exit(sent ? 0 : 74)
