import Foundation
import Testing

@testable import MixedInteger

/// The solver runs as its own program (`cpd-solver`): what passes between the two, and what
/// happens when the program is missing, fails or is given nonsense.
@Suite struct SolverProcessTests {
  /// Take a, b, c (worth 5, 4, 3; weighing 2, 3, 1) with at most 4 of weight: a and c, worth 8.
  var knapsack: MixedIntegerProgram {
    var p = MixedIntegerProgram()
    let a = p.addColumn(upper: 1, objective: 5, integer: true)
    let b = p.addColumn(upper: 1, objective: 4, integer: true)
    let c = p.addColumn(upper: 1, objective: 3, integer: true)
    p.addRow([(a, 2), (b, 3), (c, 1)], upper: 4)
    return p
  }

  @Test func theSolverProgramProvesTheOptimum() throws {
    let solution = knapsack.solve(.init(timeLimit: 10), start: [0, 1, 1])
    #expect(!solution.failed && !solution.missing)
    #expect(solution.provenOptimal)
    #expect(solution.objective == 8)
    #expect(solution.values == [1, 0, 1])
    #expect(solution.bound.map { abs($0 - 8) < 1e-6 } == true)
  }

  /// Solves started together from many threads (as `cpd serve` plans for several planners at
  /// once) each get their own answer: no solver holds another's pipe open, which would leave
  /// both waiting until the deadline kills them.
  @Test func solvesStartedTogetherAllAnswer() async {
    let program = knapsack
    var answers: [MixedIntegerProgram.Solution] = []
    for _ in 0..<4 {
      answers += await withTaskGroup(of: MixedIntegerProgram.Solution.self) { group in
        for _ in 0..<16 { group.addTask { program.solve(.init(timeLimit: 1)) } }
        var all: [MixedIntegerProgram.Solution] = []
        for await answer in group { all.append(answer) }
        return all
      }
      if answers.contains(where: \.failed) { break }
    }
    #expect(answers.count == 64)
    for answer in answers {
      #expect(!answer.failed, "a solve was killed at its deadline after \(answer.seconds) s")
      #expect(answer.values == [1, 0, 1])
    }
  }

  /// What the test above shows only when the timing is unlucky, shown every time: the sockets
  /// to and from a solver are not inherited by programs started later.
  @Test func theSolversChannelsAreClosedOnExec() throws {
    let ends = try #require(MixedIntegerProgram.channel())
    defer { ends.forEach { close($0) } }
    for end in ends { #expect(fcntl(end, F_GETFD) & FD_CLOEXEC != 0) }
  }

  @Test func anInfeasibleProgrammeIsProvenSo() {
    var p = MixedIntegerProgram()
    let x = p.addColumn(upper: 1, objective: 1, integer: true)
    p.addRow([(x, 1)], lower: 2)
    let solution = p.solve(.init(timeLimit: 10))
    #expect(!solution.failed)
    #expect(solution.provenInfeasible)
    #expect(solution.values == nil)
  }

  @Test func aRequestComesBackAsItWasSent() throws {
    var settings = MixedIntegerProgram.Settings(timeLimit: 2.5, relativeGap: 0.01, threads: 2)
    settings.log = true
    settings.mpsFile = "/tmp/programme-1"
    settings.parameters = [.init("cuts", "off")]
    let request = Wire.Request(program: knapsack, settings: settings, start: [1, 0, 1])
    let bytes = Wire.encode(request)
    #expect(try Wire.decodeRequest(bytes) == request)
    // Cut anywhere, or with a byte more, it is refused rather than read wrongly.
    for end in 0..<bytes.count { #expect(throws: Wire.Malformed.self) { try Wire.decodeRequest(Array(bytes[..<end])) } }
    #expect(throws: Wire.Malformed.self) { try Wire.decodeRequest(bytes + [0]) }
    // A row naming a column that is not there is refused.
    var broken = knapsack
    broken.rowColumns[0] = 7
    #expect(throws: Wire.Malformed.self) {
      try Wire.decodeRequest(Wire.encode(Wire.Request(program: broken, settings: settings, start: nil)))
    }
  }

  @Test func aSolutionComesBackAsItWasSent() {
    let found = MixedIntegerProgram.Solution(
      values: [1, 0, 1], objective: 8, bound: 8.5, provenOptimal: false, provenInfeasible: false, stoppedByTimeLimit: true, nodes: 12)
    #expect(Wire.decodeSolution(Wire.encode(found), columns: 3) == found)
    #expect(Wire.decodeSolution(Wire.encode(found), columns: 4) == nil)
    #expect(Wire.decodeSolution(Array(Wire.encode(found).dropLast()), columns: 3) == nil)
    let none = MixedIntegerProgram.Solution(
      values: nil, objective: -.infinity, bound: nil, provenOptimal: false, provenInfeasible: true, stoppedByTimeLimit: false, nodes: 0)
    #expect(Wire.decodeSolution(Wire.encode(none), columns: 3) == none)
  }

  @Test func aMissingOrFailingSolverGivesNoAnswer() {
    let missing = knapsack.solve(.init(timeLimit: 10), solver: nil)
    #expect(missing.failed && missing.missing && missing.values == nil)
    let unrunnable = knapsack.solve(.init(timeLimit: 10), solver: "/nonexistent/cpd-solver")
    #expect(unrunnable.failed && unrunnable.missing)
    // A program that ends without answering: no answer, but the solver was there.
    let silent = knapsack.solve(.init(timeLimit: 10), solver: "/bin/true")
    #expect(silent.failed && !silent.missing && silent.values == nil)
  }

  @Test func theSolverProgramRefusesNonsense() throws {
    let solver = try #require(MixedIntegerProgram.solverExecutable(), "cpd-solver is built beside the tests")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: solver)
    let input = Pipe()
    let error = Pipe()
    process.standardInput = input
    process.standardError = error
    process.standardOutput = Pipe()
    try process.run()
    input.fileHandleForWriting.write(Data("not a programme".utf8))
    try input.fileHandleForWriting.close()
    let said = String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 65)
    #expect(said.hasPrefix("error: cpd-solver: "), "\(said)")
  }
}
