import Foundation

/// Generated activity ids: `A-` and 13 Crockford base-32 digits of a 65-bit number made of the
/// time in milliseconds and a random 20-bit start, counted up within a batch. Ids of one import
/// therefore sort together and go into the unique index at its end, which keeps bulk imports fast.
package struct ActivityIDs {
  static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ".utf8)
  private var next: UInt64

  package init() {
    let milliseconds = UInt64(Date().timeIntervalSince1970 * 1000)
    next = milliseconds << 20 | UInt64.random(in: 0..<(1 << 20))
  }

  package mutating func generate() -> String {
    var value = next
    next &+= 1
    return String(unsafeUninitializedCapacity: 15) { buffer in
      buffer[0] = UInt8(ascii: "A")
      buffer[1] = UInt8(ascii: "-")
      for i in (2..<15).reversed() {
        buffer[i] = Self.alphabet[Int(value & 31)]
        value >>= 5
      }
      return 15
    }
  }

  /// A fresh random start, after a clash with another process's ids.
  package mutating func reseed() { self = ActivityIDs() }
}
