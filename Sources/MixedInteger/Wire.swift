/// What passes between a program and `cpd-solver`: the request (settings, programme, starting
/// solution) on the solver's standard input, the solution on its standard output. Numbers are
/// little-endian machine words; both ends are built from this file, so they always agree.
package enum Wire {
  static let requestMagic: UInt64 = 0x3170_6C69_6D2D_6463  // "cd-milp1"

  package struct Request: Equatable {
    package var program: MixedIntegerProgram
    package var settings: MixedIntegerProgram.Settings
    package var start: [Double]?

    package init(program: MixedIntegerProgram, settings: MixedIntegerProgram.Settings, start: [Double]?) {
      self.program = program
      self.settings = settings
      self.start = start
    }
  }

  /// The request is cut short or inconsistent.
  package struct Malformed: Error, CustomStringConvertible {
    package var description: String
  }

  package static func encode(_ request: Request) -> [UInt8] {
    let p = request.program
    var w = Writer()
    w.bytes.reserveCapacity(8 * (16 + 4 * p.columnCount + 3 * p.rowCount + 2 * p.nonzeros))
    w.word(requestMagic)
    for n in [p.columnCount, p.rowCount, p.nonzeros, request.start == nil ? 0 : 1, request.settings.threads, request.settings.log ? 1 : 0] {
      w.int(n)
    }
    w.double(request.settings.timeLimit)
    w.double(request.settings.relativeGap)
    w.text(request.settings.mpsFile)
    w.int(request.settings.parameters.count)
    for parameter in request.settings.parameters {
      w.text(parameter.name)
      w.text(parameter.value)
    }
    for column in [p.lower, p.upper, p.objective] { w.doubles(column) }
    w.bytes.append(contentsOf: p.integer.map { $0 ? 1 : 0 })
    for start in p.rowStarts { w.int(start) }
    for column in p.rowColumns { w.word(UInt64(UInt32(bitPattern: column))) }
    w.doubles(p.rowCoefficients)
    w.doubles(p.rowLower)
    w.doubles(p.rowUpper)
    if let start = request.start { w.doubles(start) }
    return w.bytes
  }

  package static func decodeRequest(_ bytes: [UInt8]) throws(Malformed) -> Request {
    var r = Reader(bytes: bytes)
    guard try r.word() == requestMagic else { throw Malformed(description: "not a cpd-solver request") }
    let columns = try r.count(), rows = try r.count(), nonzeros = try r.count()
    let hasStart = try r.count() == 1
    var settings = MixedIntegerProgram.Settings(timeLimit: 0)
    settings.threads = try r.count()
    settings.log = try r.count() == 1
    settings.timeLimit = try r.double()
    settings.relativeGap = try r.double()
    settings.mpsFile = try r.text()
    for _ in 0..<(try r.count()) { settings.parameters.append(.init(try r.text() ?? "", try r.text() ?? "")) }
    var p = MixedIntegerProgram()
    p.lower = try r.doubles(columns)
    p.upper = try r.doubles(columns)
    p.objective = try r.doubles(columns)
    p.integer = try r.take(columns).map { $0 == 1 }
    p.rowStarts = try (0...rows).map { _ throws(Malformed) in try r.count() }
    guard p.rowStarts.first == 0, p.rowStarts.last == nonzeros, zip(p.rowStarts, p.rowStarts.dropFirst()).allSatisfy({ $0 <= $1 }) else {
      throw Malformed(description: "row starts out of order")
    }
    p.rowColumns = try (0..<nonzeros).map { _ throws(Malformed) in Int32(truncatingIfNeeded: try r.word()) }
    guard p.rowColumns.allSatisfy({ $0 >= 0 && Int($0) < columns }) else { throw Malformed(description: "a row names a column that is not there") }
    p.rowCoefficients = try r.doubles(nonzeros)
    p.rowLower = try r.doubles(rows)
    p.rowUpper = try r.doubles(rows)
    let start = hasStart ? try r.doubles(columns) : nil
    guard r.atEnd else { throw Malformed(description: "bytes left over after the request") }
    return Request(program: p, settings: settings, start: start)
  }

  /// The solution: seven numbers (found, objective, bound or NaN, proven optimal, proven
  /// infeasible, stopped by the time limit, nodes), then a value per column when found.
  package static func encode(_ s: MixedIntegerProgram.Solution) -> [UInt8] {
    var w = Writer()
    w.doubles([
      s.values == nil ? 0 : 1, s.objective, s.bound ?? .nan, s.provenOptimal ? 1 : 0, s.provenInfeasible ? 1 : 0,
      s.stoppedByTimeLimit ? 1 : 0, Double(s.nodes),
    ])
    if let values = s.values { w.doubles(values) }
    return w.bytes
  }

  /// The solution `encode` wrote for a programme of `columns` columns; nil when it is cut short.
  package static func decodeSolution(_ bytes: [UInt8], columns: Int) -> MixedIntegerProgram.Solution? {
    var r = Reader(bytes: bytes)
    guard let head = try? r.doubles(7) else { return nil }
    let found = head[0] == 1
    let values = found ? try? r.doubles(columns) : nil
    guard !found || values != nil, r.atEnd else { return nil }
    return MixedIntegerProgram.Solution(
      values: values, objective: found ? head[1] : -.infinity, bound: head[2].isNaN ? nil : head[2], provenOptimal: found && head[3] == 1,
      provenInfeasible: head[4] == 1, stoppedByTimeLimit: head[5] == 1, nodes: Int(head[6]))
  }

  private struct Writer {
    var bytes: [UInt8] = []
    mutating func word(_ x: UInt64) { withUnsafeBytes(of: x.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func int(_ x: Int) { word(UInt64(bitPattern: Int64(x))) }
    mutating func double(_ x: Double) { word(x.bitPattern) }
    mutating func doubles(_ xs: [Double]) { for x in xs { double(x) } }
    mutating func text(_ s: String?) {
      guard let s else { return int(-1) }
      int(s.utf8.count)
      bytes.append(contentsOf: s.utf8)
    }
  }

  private struct Reader {
    let bytes: [UInt8]
    var at = 0
    var atEnd: Bool { at == bytes.count }

    mutating func take(_ n: Int) throws(Malformed) -> ArraySlice<UInt8> {
      guard n >= 0, n <= bytes.count - at else { throw Malformed(description: "the request is cut short") }
      defer { at += n }
      return bytes[at..<at + n]
    }
    mutating func word() throws(Malformed) -> UInt64 {
      guard bytes.count - at >= 8 else { throw Malformed(description: "the request is cut short") }
      defer { at += 8 }
      return UInt64(littleEndian: bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: at, as: UInt64.self) })
    }
    /// A count or a small number: never negative, and never more than the bytes left could hold.
    mutating func count() throws(Malformed) -> Int {
      let n = Int64(bitPattern: try word())
      guard n >= 0, n <= Int64(bytes.count) else { throw Malformed(description: "a count out of range") }
      return Int(n)
    }
    mutating func double() throws(Malformed) -> Double { Double(bitPattern: try word()) }
    mutating func doubles(_ n: Int) throws(Malformed) -> [Double] {
      guard n <= (bytes.count - at) / 8 else { throw Malformed(description: "the request is cut short") }
      return try (0..<n).map { _ throws(Malformed) in try double() }
    }
    mutating func text() throws(Malformed) -> String? {
      let n = Int64(bitPattern: try word())
      if n == -1 { return nil }
      return String(decoding: try take(Int(clamping: n)), as: UTF8.self)
    }
  }
}
