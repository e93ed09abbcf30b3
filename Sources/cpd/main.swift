import Foundation

/// `cpd`: the one entry point. Parses arguments, calls the libraries, prints.
let root = CommandGroup(
  name: "cpd",
  abstract: "Community safety CPD records, competency gaps and training plans for Wales.",
  children: [
    .group(frameworkGroup), .command(Init.self), .group(practitionerGroup), .command(Log.self), .command(Verify.self),
    .command(Reject.self), .command(Assess.self), .command(Activities.self), .group(importGroup), .group(exportGroup),
    .group(eraseGroup), .group(auditGroup), .command(Gap.self), .group(reportGroup), .command(Plan.self), .group(benchGroup),
    .command(DemoCommand.self), .group(certificateGroup), .group(keysGroup), .group(userGroup), .group(storeGroup), .command(Serve.self),
  ])

/// Arguments as the operating system passed them; invalid UTF-8 is refused rather than
/// silently replaced.
func validatedArguments() -> [String]? {
  var result: [String] = []
  for i in 1..<Int(CommandLine.argc) {
    guard let pointer = CommandLine.unsafeArgv[i] else { continue }
    let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(pointer).assumingMemoryBound(to: UInt8.self), count: strlen(pointer))
    guard let text = String(validating: bytes, as: UTF8.self) else {
      Output.error("argument \(i) is not valid UTF-8")
      return nil
    }
    result.append(text)
  }
  return result
}

guard let arguments = validatedArguments() else { exit(65) }
exit(Dispatcher.main(root: root, arguments: arguments))
