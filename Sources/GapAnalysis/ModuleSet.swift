/// A set of module numbers (0..<256) in four machine words: unions, intersections and hashing
/// cost a few instructions, which matters when planning for a hundred thousand people.
struct ModuleSet: Hashable, Sendable {
  static let capacity = 256
  private var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

  init() {}

  init(_ members: some Sequence<Int>) {
    for m in members { insert(m) }
  }

  static func == (a: ModuleSet, b: ModuleSet) -> Bool { a.words == b.words }

  func hash(into hasher: inout Hasher) {
    hasher.combine(words.0)
    hasher.combine(words.1)
    hasher.combine(words.2)
    hasher.combine(words.3)
  }

  /// The members mixed into one word (a cheap hash, seeded): equal sets give equal words.
  func fold(_ seed: UInt64) -> UInt64 {
    func step(_ h: UInt64, _ w: UInt64) -> UInt64 {
      let x = (h ^ w) &* 0xBF58_476D_1CE4_E5B9
      return x ^ (x >> 29)
    }
    return step(step(step(step(seed, words.0), words.1), words.2), words.3)
  }

  mutating func insert(_ m: Int) {
    let bit = UInt64(1) << UInt64(m & 63)
    switch m >> 6 {
    case 0: words.0 |= bit
    case 1: words.1 |= bit
    case 2: words.2 |= bit
    default: words.3 |= bit
    }
  }

  func contains(_ m: Int) -> Bool {
    let bit = UInt64(1) << UInt64(m & 63)
    switch m >> 6 {
    case 0: return words.0 & bit != 0
    case 1: return words.1 & bit != 0
    case 2: return words.2 & bit != 0
    default: return words.3 & bit != 0
    }
  }

  var isEmpty: Bool { words.0 | words.1 | words.2 | words.3 == 0 }

  var count: Int {
    words.0.nonzeroBitCount + words.1.nonzeroBitCount + words.2.nonzeroBitCount + words.3.nonzeroBitCount
  }

  func union(_ o: ModuleSet) -> ModuleSet {
    var r = self
    r.words = (words.0 | o.words.0, words.1 | o.words.1, words.2 | o.words.2, words.3 | o.words.3)
    return r
  }

  func intersection(_ o: ModuleSet) -> ModuleSet {
    var r = self
    r.words = (words.0 & o.words.0, words.1 & o.words.1, words.2 & o.words.2, words.3 & o.words.3)
    return r
  }

  func subtracting(_ o: ModuleSet) -> ModuleSet {
    var r = self
    r.words = (words.0 & ~o.words.0, words.1 & ~o.words.1, words.2 & ~o.words.2, words.3 & ~o.words.3)
    return r
  }

  func intersects(_ o: ModuleSet) -> Bool { !intersection(o).isEmpty }

  /// A total order (fewer members first, then by the words), for putting sets in one canonical order.
  func precedes(_ o: ModuleSet) -> Bool {
    let (a, b) = (count, o.count)
    if a != b { return a < b }
    return (words.0, words.1, words.2, words.3) < (o.words.0, o.words.1, o.words.2, o.words.3)
  }

  /// Calls `body` with each member in increasing order, without making an array.
  @inline(__always)
  func forEach(_ body: (Int) -> Void) {
    var w = words.0
    while w != 0 { body(w.trailingZeroBitCount); w &= w - 1 }
    w = words.1
    while w != 0 { body(64 + w.trailingZeroBitCount); w &= w - 1 }
    w = words.2
    while w != 0 { body(128 + w.trailingZeroBitCount); w &= w - 1 }
    w = words.3
    while w != 0 { body(192 + w.trailingZeroBitCount); w &= w - 1 }
  }

  /// Members in increasing order.
  var members: [Int] {
    var result: [Int] = []
    result.reserveCapacity(count)
    forEach { result.append($0) }
    return result
  }
}
