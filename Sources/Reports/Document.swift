import JSON

/// The formats documents are written in.
public enum DocumentFormat: String, Sendable, CaseIterable {
  case text, json, csv, md, html
}

/// A document that can be written in some formats; each kind lists its formats once, and the
/// first is its default.
public protocol Document: Sendable {
  static var formats: [DocumentFormat] { get }
  func render(_ format: DocumentFormat) -> String
}

extension PersonGapReport: Document {
  public static let formats: [DocumentFormat] = [.text, .json, .md, .html]

  public func render(_ format: DocumentFormat) -> String {
    switch format {
    case .json: JSONWriter.string(json)
    case .md: markdown
    case .html: html
    case .text, .csv: text
    }
  }
}

extension GroupReportDocument: Document {
  public static let formats: [DocumentFormat] = [.html, .csv, .json, .md]

  public func render(_ format: DocumentFormat) -> String {
    switch format {
    case .json: JSONWriter.string(json)
    case .csv: csv
    case .md: markdown
    case .html, .text: html
    }
  }
}

extension CohortPlanDocument: Document {
  public static let formats: [DocumentFormat] = [.text, .json, .csv, .html, .md]

  public func render(_ format: DocumentFormat) -> String {
    switch format {
    case .json: JSONWriter.string(json)
    case .csv: csv
    case .md: markdown
    case .html: html
    case .text: text
    }
  }
}
