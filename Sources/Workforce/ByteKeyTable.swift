/// Looks up short ids (competency and module ids) straight from database bytes, without making
/// a `String` for each of millions of rows. Open addressing on an FNV-1a hash.
package struct ByteKeyTable: Sendable {
  private var keys: [[UInt8]?]
  private var values: [Int32]
  private let mask: Int

  package init(_ entries: [(String, Int32)]) {
    var capacity = 16
    while capacity < entries.count * 3 { capacity <<= 1 }
    keys = Array(repeating: nil, count: capacity)
    values = Array(repeating: -1, count: capacity)
    mask = capacity - 1
    for (key, value) in entries {
      let bytes = Array(key.utf8)
      var slot = bytes.withUnsafeBufferPointer { Self.hash($0) } & mask
      while let existing = keys[slot], existing != bytes { slot = (slot + 1) & mask }
      keys[slot] = bytes
      values[slot] = value
    }
  }

  package static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for b in bytes {
      h ^= UInt64(b)
      h = h &* 0x100_0000_01b3
    }
    return Int(truncatingIfNeeded: h)
  }

  package func lookup(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32? {
    var slot = Self.hash(bytes) & mask
    while let key = keys[slot] {
      if key.count == bytes.count && key.withUnsafeBufferPointer({ memEqual($0, bytes) }) { return values[slot] }
      slot = (slot + 1) & mask
    }
    return nil
  }
}

private func memEqual(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
  for i in 0..<a.count where a[i] != b[i] { return false }
  return true
}
