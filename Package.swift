// swift-tools-version:6.0
import PackageDescription

let package = Package(
  name: "cpd",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "cpd", targets: ["cpd"]),
    .library(name: "Competency", targets: ["Competency"]),
    .library(name: "Records", targets: ["Records"]),
    .library(name: "GapAnalysis", targets: ["GapAnalysis"]),
    .library(name: "Reports", targets: ["Reports"]),
    .library(name: "Certificates", targets: ["Certificates"]),
  ],
  targets: [
    // System C libraries, each behind one module map (no package dependencies).
    .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", pkgConfig: "sqlite3"),
    .systemLibrary(name: "COpenSSL", path: "Sources/COpenSSL", pkgConfig: "libcrypto"),

    // Strict JSON values: parsing with paths and duplicate-key detection, pretty and canonical (JCS) output.
    .target(name: "JSON", linkerSettings: [.linkedLibrary("m")]),
    // SHA-1/SHA-256 digests and Ed25519 keys through the system OpenSSL.
    .target(name: "Cryptography", dependencies: ["COpenSSL"]),
    // The framework model: load, validate, query, CASE import/export.
    .target(name: "Competency", dependencies: ["JSON", "Cryptography"]),
    // Plain values describing people and their evidence, as any store reads them.
    .target(name: "Workforce", dependencies: ["Competency"]),
    // The store: practitioners, activities, evidence, sign-off, audit (SQLite).
    .target(name: "Records", dependencies: ["Competency", "Workforce", "JSON", "Cryptography", "CSQLite"]),
    // Gaps, recommendations, aggregation and cohort planning on plain values.
    .target(name: "GapAnalysis", dependencies: ["Competency", "Workforce"]),
    // A seeded synthetic Welsh workforce for 'cpd demo' and the benchmarks.
    .target(name: "Demo", dependencies: ["Competency", "Records", "Workforce"]),
    // Text, JSON, CSV, Markdown and self-contained HTML output.
    .target(name: "Reports", dependencies: ["GapAnalysis", "Competency", "Workforce", "JSON"]),
    // CPD certificates as signed Open Badges 3.0 credentials.
    .target(name: "Certificates", dependencies: ["GapAnalysis", "Competency", "Workforce", "JSON", "Cryptography"]),
    // The command-line tool: parses, calls the libraries, prints.
    .executableTarget(
      name: "cpd",
      dependencies: ["Competency", "Workforce", "Records", "GapAnalysis", "Reports", "Certificates", "Demo", "JSON"]),

    .target(name: "TestSupport", dependencies: ["Competency", "Workforce", "JSON"], path: "Tests/TestSupport"),
    .testTarget(name: "JSONTests", dependencies: ["JSON"]),
    .testTarget(name: "CompetencyTests", dependencies: ["Competency", "JSON", "TestSupport"]),
    .testTarget(name: "RecordsTests", dependencies: ["Records", "Competency", "Workforce", "TestSupport"]),
    .testTarget(name: "GapAnalysisTests", dependencies: ["GapAnalysis", "Competency", "Workforce", "TestSupport"]),
    .testTarget(name: "ReportsTests", dependencies: ["Reports", "GapAnalysis", "Competency", "Workforce", "TestSupport"]),
    .testTarget(name: "CertificatesTests", dependencies: ["Certificates", "GapAnalysis", "Workforce", "Competency", "Cryptography", "JSON", "TestSupport"]),
    .testTarget(name: "CLITests", dependencies: ["cpd", "TestSupport", "JSON", "Competency", "Records"]),
  ]
)
