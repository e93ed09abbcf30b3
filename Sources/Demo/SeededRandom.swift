/// SplitMix64: a small, fast generator whose whole state is one number, so the same seed
/// always gives the same workforce, on any machine.
public struct SeededRandom: RandomNumberGenerator, Sendable {
  private var state: UInt64

  public init(seed: UInt64) { state = seed }

  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// True with probability `p`.
  public mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &self) < p }

  /// An element chosen with the given weights.
  public mutating func weighted<T>(_ choices: [(T, Double)]) -> T {
    let total = choices.reduce(0) { $0 + $1.1 }
    var r = Double.random(in: 0..<total, using: &self)
    for (value, weight) in choices {
      if r < weight { return value }
      r -= weight
    }
    return choices.last!.0
  }
}

/// Given names and surnames common in Wales, for synthetic people.
enum Names {
  static let given = [
    "Rhys", "Siân", "Dafydd", "Megan", "Gethin", "Cerys", "Ioan", "Ffion", "Owain", "Elin", "Gareth", "Nia", "Huw",
    "Carys", "Llinos", "Osian", "Catrin", "Aled", "Bethan", "Tomos", "Lowri", "Iwan", "Mared", "Geraint", "Angharad",
    "Emyr", "Heledd", "Gwion", "Eleri", "Dylan", "Sarah", "James", "Emma", "David", "Rachel", "Mark", "Laura", "Paul",
    "Claire", "Steven", "Hannah", "Michael", "Jessica", "Craig", "Amy", "Lee", "Kelly", "Darren", "Natalie", "Aisha",
    "Imran", "Priya", "Tomasz", "Agnieszka", "Kwame", "Fatima", "Mohammed", "Grace", "Oliver", "Sophie",
  ]
  static let family = [
    "Jones", "Williams", "Davies", "Evans", "Thomas", "Roberts", "Hughes", "Lewis", "Morgan", "Griffiths", "Edwards",
    "Price", "Lloyd", "Parry", "Owen", "Rees", "Jenkins", "Pritchard", "Powell", "Morris", "Phillips", "James", "Richards",
    "Harris", "Watkins", "Bowen", "Prosser", "Vaughan", "Howells", "Pugh", "Probert", "Bevan", "Gwynne", "Llewellyn",
    "Smith", "Taylor", "Brown", "Khan", "Ahmed", "Patel", "Kowalski", "Mensah", "O'Brien", "Murphy", "Walsh",
  ]
}
