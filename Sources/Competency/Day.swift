/// A calendar date (proleptic Gregorian), stored as days since 1970-01-01.
///
/// Dates are what CPD records carry; a plain integer keeps two million of them cheap to
/// compare and subtract, and `YYYY-MM-DD` parsing needs no formatter.
public struct Day: Sendable, Hashable, Comparable, CustomStringConvertible {
  public var ordinal: Int32

  public init(ordinal: Int32) { self.ordinal = ordinal }

  public init?(year: Int, month: Int, day: Int) {
    guard (1...9999).contains(year), (1...12).contains(month), day >= 1,
      day <= Day.daysIn(month: month, year: year)
    else { return nil }
    ordinal = Int32(Day.daysFromCivil(year, month, day))
  }

  /// Parses exactly `YYYY-MM-DD`.
  public init?(_ text: some StringProtocol) {
    guard text.utf8.count == 10 else { return nil }
    var bytes: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    let parsed: Day? = withUnsafeMutableBytes(of: &bytes) { raw in
      for (i, b) in text.utf8.enumerated() { raw[i] = b }
      return Day(bytes: UnsafeBufferPointer(raw.bindMemory(to: UInt8.self)))
    }
    guard let parsed else { return nil }
    self = parsed
  }

  /// Parses exactly `YYYY-MM-DD` from ten ASCII bytes.
  public init?(bytes: UnsafeBufferPointer<UInt8>) {
    guard bytes.count == 10 else { return nil }
    func digits(_ from: Int, _ count: Int) -> Int? {
      var value = 0
      for i in from..<(from + count) {
        let c = bytes[i]
        guard c >= 0x30 && c <= 0x39 else { return nil }
        value = value * 10 + Int(c - 0x30)
      }
      return value
    }
    guard bytes[4] == 0x2D, bytes[7] == 0x2D, let y = digits(0, 4), let m = digits(5, 2), let d = digits(8, 2) else {
      return nil
    }
    self.init(year: y, month: m, day: d)
  }

  /// Parses exactly `YYYY-MM-DD` from ten ASCII bytes.
  public init?(bytes: ArraySlice<UInt8>) {
    guard bytes.count == 10 else { return nil }
    let b = bytes.startIndex
    func digits(_ from: Int, _ count: Int) -> Int? {
      var value = 0
      for i in from..<(from + count) {
        let c = bytes[b + i]
        guard c >= 0x30 && c <= 0x39 else { return nil }
        value = value * 10 + Int(c - 0x30)
      }
      return value
    }
    guard bytes[b + 4] == 0x2D, bytes[b + 7] == 0x2D, let y = digits(0, 4), let m = digits(5, 2),
      let d = digits(8, 2)
    else { return nil }
    self.init(year: y, month: m, day: d)
  }

  public var components: (year: Int, month: Int, day: Int) {
    Day.civilFromDays(Int(ordinal))
  }

  public var description: String {
    let (y, m, d) = components
    return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
  }

  public static func < (lhs: Day, rhs: Day) -> Bool { lhs.ordinal < rhs.ordinal }

  public func adding(days: Int) -> Day { Day(ordinal: ordinal + Int32(days)) }

  /// The same day of the month `months` later (or earlier), clamped to the month's end.
  public func adding(months: Int) -> Day {
    let (y, m, d) = components
    let total = y * 12 + (m - 1) + months
    let year = total / 12
    let month = total % 12 + 1
    return Day(year: year, month: month, day: min(d, Day.daysIn(month: month, year: year)))
      ?? self
  }

  public func days(since other: Day) -> Int { Int(ordinal - other.ordinal) }

  static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

  static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: isLeap(year) ? 29 : 28
    case 4, 6, 9, 11: 30
    default: 31
    }
  }

  // Howard Hinnant's civil-from-days algorithms (public domain description of the arithmetic).
  static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mp = (month + 9) % 12
    let doy = (153 * mp + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146097 + doe - 719468
  }

  static func civilFromDays(_ days: Int) -> (Int, Int, Int) {
    let z = days + 719468
    let era = (z >= 0 ? z : z - 146096) / 146097
    let doe = z - era * 146097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
  }
}

private func pad(_ value: Int, _ width: Int) -> String {
  let text = String(value)
  return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
}
