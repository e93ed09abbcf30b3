import Foundation

/// A fresh folder under the system temporary directory, removed when the value is released.
public final class TemporaryDirectory: @unchecked Sendable {
  public let path: String

  public init(_ label: String = "cpd-test") {
    let base = FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID().uuidString)")
    try! FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
    path = base.path
  }

  deinit { try? FileManager.default.removeItem(atPath: path) }

  public func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

  @discardableResult
  public func write(_ name: String, _ text: String) -> String {
    let target = file(name)
    try! FileManager.default.createDirectory(
      atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try! Data(text.utf8).write(to: URL(fileURLWithPath: target))
    return target
  }

  @discardableResult
  public func write(_ name: String, bytes: [UInt8]) -> String {
    let target = file(name)
    try! Data(bytes).write(to: URL(fileURLWithPath: target))
    return target
  }

  public func read(_ name: String) -> String? {
    FileManager.default.contents(atPath: file(name)).map { String(decoding: $0, as: UTF8.self) }
  }
}

/// The repository root, found from this source file's location.
public let repositoryRoot: String = {
  var url = URL(fileURLWithPath: #filePath)
  for _ in 0..<3 { url.deleteLastPathComponent() }
  return url.path
}()

public let shippedFrameworkPath = repositoryRoot + "/Frameworks/wales-community-safety"
