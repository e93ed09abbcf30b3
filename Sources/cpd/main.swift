import Foundation

/// `cpd`: the one entry point. Parses arguments, calls the libraries, prints.
let root = CommandGroup(
  name: "cpd",
  abstract: "Community safety CPD records, competency gaps and training plans for Wales.",
  children: [.group(frameworkGroup)])

exit(Dispatcher.main(root: root, arguments: Array(CommandLine.arguments.dropFirst())))
