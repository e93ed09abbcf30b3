import Foundation

/// Values handed over in chunks, so that reading and checking a large file can run on one core
/// while the store writes on the other. A producer runs on a background thread and hands over
/// chunks through a small bounded queue; any error it throws ends the stream, and the store's
/// transaction rolls back.
///
/// Every mutable property is read and written only while `lock` is held.
public final class ChunkStream<Element: Sendable>: @unchecked Sendable {
  private let lock = NSCondition()
  private var chunks: [[Element]] = []
  private var finished = false
  private var failure: Error?
  private var cancelled = false
  private let capacity = 4

  /// Thrown inside the producer when the consumer gave up.
  struct Cancelled: Error {}

  /// A stream over values already in memory.
  public init(_ values: [Element]) {
    chunks = values.isEmpty ? [] : [values]
    finished = true
  }

  /// A stream whose `producer` runs on a background thread, calling `emit` with each chunk.
  public init(producer: @escaping @Sendable (_ emit: ([Element]) throws -> Void) throws -> Void) {
    let thread = Thread { [self] in
      do {
        try producer { chunk in try self.push(chunk) }
        finish(nil)
      } catch {
        finish(error)
      }
    }
    thread.stackSize = 8 << 20
    thread.start()
  }

  private func push(_ chunk: [Element]) throws {
    lock.lock()
    defer { lock.unlock() }
    while chunks.count >= capacity && !cancelled { lock.wait() }
    if cancelled { throw Cancelled() }
    chunks.append(chunk)
    lock.broadcast()
  }

  private func finish(_ error: Error?) {
    lock.lock()
    if !(error is Cancelled) { failure = error }
    finished = true
    lock.broadcast()
    lock.unlock()
  }

  /// The next chunk; nil at the end. Rethrows the producer's error.
  public func next() throws -> [Element]? {
    lock.lock()
    defer { lock.unlock() }
    while chunks.isEmpty && !finished { lock.wait() }
    if !chunks.isEmpty {
      let chunk = chunks.removeFirst()
      lock.broadcast()
      return chunk
    }
    if let failure { throw failure }
    return nil
  }

  /// Stops the producer (the consumer failed).
  public func cancel() {
    lock.lock()
    cancelled = true
    lock.broadcast()
    lock.unlock()
  }

  /// Every value, for callers that want them all at once.
  public func collect() throws -> [Element] {
    var all: [Element] = []
    while let chunk = try next() { all.append(contentsOf: chunk) }
    return all
  }
}
