import Competency
import Foundation
import Interchange
import JSON
import TestSupport
import Testing

/// Imports a package, writes the folder and loads it as `cpd framework validate` does.
func importAndValidate(_ text: String, file: String = "pkg.json") throws -> (CASEImport, Framework) {
  let result = try Framework.importCASE(Array(text.utf8), file: file)
  let dir = TemporaryDirectory()
  try result.framework.write(to: dir.file("out"))
  return (result, try Framework.load(from: dir.file("out")))
}

@Suite struct CASERegressionTests {
  @Test(arguments: CASERegressionCases.all)
  func importedAndValidated(_ c: CASERegressionCases.Case) throws {
    let (result, _) = try importAndValidate(c.text)
    if !c.field.isEmpty {
      #expect(
        result.details.contains { $0.field == c.field && $0.message.contains(c.warning) },
        "\(result.warnings.joined(separator: "\n"))")
    }
  }
}
