import Dispatch
import Foundation

/// Work split into parts run on every core, each part's result kept under a lock, so that no
/// thread writes into a shared array unguarded.
package enum Parallel {
  /// `body(part)` for each part in `0..<parts`, run concurrently; the results in part order.
  package static func map<T: Sendable>(parts: Int, _ body: @Sendable (Int) -> T) -> [T] {
    let results = Results<T>(parts)
    DispatchQueue.concurrentPerform(iterations: parts) { part in results.set(part, body(part)) }
    return results.all().map { $0! }
  }

  /// As `map`, for parts that may fail: the first failure (in part order) is thrown.
  package static func map<T: Sendable>(parts: Int, _ body: @Sendable (Int) throws -> T) throws -> [T] {
    let outcomes = map(parts: parts) { part in Result { try body(part) } }
    return try outcomes.map { try $0.get() }
  }

  final class Results<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [T?]

    init(_ count: Int) { values = Array(repeating: nil, count: count) }

    func set(_ part: Int, _ value: T) {
      lock.lock()
      values[part] = value
      lock.unlock()
    }

    func all() -> [T?] {
      lock.lock()
      defer { lock.unlock() }
      return values
    }
  }

  /// How many parts to split `count` items into: one per core, unless there are fewer than
  /// `threshold` items, too few for it to pay.
  package static func parts(for count: Int, threshold: Int) -> Int {
    count < threshold ? 1 : max(1, ProcessInfo.processInfo.activeProcessorCount)
  }
}
