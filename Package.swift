// swift-tools-version:6.0
import PackageDescription

// Dependencies point one way: front ends (cpd) -> Service -> {Reports, Certificates,
// CohortPlanning, GapAnalysis, Interchange, Records} -> Workforce -> Competency. Only Service
// (and Demo, and tests) chooses a backend; only a backend imports its C library.
let package = Package(
  name: "cpd",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "cpd", targets: ["cpd"]),
    .executable(name: "cpd-solver", targets: ["cpd-solver"]),
    .library(name: "Competency", targets: ["Competency"]),
    .library(name: "Records", targets: ["Records"]),
    .library(name: "GapAnalysis", targets: ["GapAnalysis"]),
    .library(name: "Reports", targets: ["Reports"]),
    .library(name: "Certificates", targets: ["Certificates"]),
    .library(name: "Service", targets: ["Service"]),
  ],
  targets: [
    // System C libraries, each behind one module map (no package dependencies).
    .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", pkgConfig: "sqlite3"),
    .systemLibrary(name: "COpenSSL", path: "Sources/COpenSSL", pkgConfig: "libcrypto"),
    // libpq, the PostgreSQL client library behind the network store (Debian: libpq-dev).
    .systemLibrary(name: "CPostgres", path: "Sources/CPostgres", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
    // COIN-OR CBC, the mixed-integer solver behind cohort plans (Debian: coinor-libcbc-dev).
    .systemLibrary(name: "CCbc", path: "Sources/CCbc", pkgConfig: "cbc", providers: [.apt(["coinor-libcbc-dev"])]),
    // GNU libmicrohttpd, the HTTP server under the web application (Debian: libmicrohttpd-dev).
    .systemLibrary(
      name: "CMicroHTTPD", path: "Sources/CMicroHTTPD", pkgConfig: "libmicrohttpd", providers: [.apt(["libmicrohttpd-dev"])]),

    // Strict JSON values: parsing with paths and duplicate-key detection, pretty and canonical (JCS) output.
    .target(name: "JSON", linkerSettings: [.linkedLibrary("m")]),
    // SHA-1/SHA-256 digests, Ed25519 and RSA keys through the system OpenSSL.
    .target(name: "Cryptography", dependencies: ["COpenSSL"]),
    // JSON-LD 1.1 expansion and conversion to RDF, N-Quads, RDF Dataset Canonicalization (RDFC-1.0).
    .target(name: "LinkedData", dependencies: ["JSON", "Cryptography"]),
    // The framework model: load, validate, query.
    .target(name: "Competency", dependencies: ["JSON", "Cryptography"]),
    // Plain values: people, activities, evidence and self-assessments, as any store reads them.
    .target(name: "Workforce", dependencies: ["Competency"]),
    // Gaps, recommendations and group totals on plain values.
    .target(name: "GapAnalysis", dependencies: ["Competency", "Workforce"]),
    // Mixed-integer programmes as values, and solving one in a cpd-solver process.
    .target(name: "MixedInteger"),
    // The solver program: reads a programme, solves it with CBC, writes the solution. The only importer
    // of CCbc, so no other program loads CBC and the C++ and Fortran libraries under it.
    .executableTarget(name: "cpd-solver", dependencies: ["MixedInteger", "CCbc"]),
    // The planning problem, its mixed-integer programme, the greedy planner and its bound, the plan
    // checker, planning instances.
    .target(name: "CohortPlanning", dependencies: ["GapAnalysis", "Competency", "Workforce", "JSON", "MixedInteger"]),
    // CPD policy compliance and certificates as signed Open Badges 3.0 credentials.
    .target(
      name: "Certificates", dependencies: ["GapAnalysis", "Competency", "Workforce", "JSON", "Cryptography", "LinkedData"],
      exclude: ["INTEROP.md"]),
    // Bytes to values and back: CSV, xAPI, CASE. No storage.
    .target(name: "Interchange", dependencies: ["Competency", "Workforce", "JSON", "Cryptography"]),
    // The store interface and the record-keeping rules every backend obeys.
    .target(name: "Records", dependencies: ["Competency", "Workforce", "JSON", "Cryptography"]),
    // The SQLite backend: the only importer of CSQLite.
    .target(name: "RecordsSQLite", dependencies: ["Records", "Competency", "Workforce", "JSON", "Cryptography", "CSQLite"]),
    // The PostgreSQL network store, with row-level security: the only importer of CPostgres.
    .target(name: "RecordsPostgres", dependencies: ["Records", "Competency", "Workforce", "JSON", "Cryptography", "CPostgres"]),
    // Text, JSON, CSV, Markdown and self-contained HTML output.
    .target(name: "Reports", dependencies: ["GapAnalysis", "CohortPlanning", "Competency", "Workforce", "JSON"]),
    // The use cases every front end calls, with who is acting and what they may do.
    .target(
      name: "Service",
      dependencies: [
        "Records", "RecordsSQLite", "RecordsPostgres", "Interchange", "GapAnalysis", "CohortPlanning", "Certificates", "Reports", "Demo", "Competency",
        "Workforce", "JSON", "Cryptography",
      ]),
    // A seeded synthetic Welsh workforce for 'cpd demo' and the benchmarks, written through the store interface.
    .target(name: "Demo", dependencies: ["Competency", "Records", "Workforce"]),
    // The web application: HTTP (libmicrohttpd, its only importer) -> Service -> pages.
    .target(
      name: "Web",
      dependencies: [
        "Service", "Reports", "Certificates", "CohortPlanning", "GapAnalysis", "Interchange", "Competency", "Workforce", "JSON",
        "CMicroHTTPD",
      ]),
    // The command-line tool: typed options -> Service -> print.
    .executableTarget(
      name: "cpd",
      dependencies: ["Service", "Web", "Reports", "Interchange", "Certificates", "CohortPlanning", "Competency", "Workforce", "JSON"]),

    .target(name: "TestSupport", dependencies: ["Competency", "Workforce", "JSON"], path: "Tests/TestSupport"),
    .testTarget(name: "JSONTests", dependencies: ["JSON"]),
    .testTarget(name: "CompetencyTests", dependencies: ["Competency", "JSON", "TestSupport"], exclude: ["Fixtures"]),
    .testTarget(name: "InterchangeTests", dependencies: ["Interchange", "Competency", "Workforce", "JSON", "Cryptography", "TestSupport"]),
    .testTarget(
      name: "RecordsTests",
      dependencies: ["Records", "RecordsSQLite", "RecordsPostgres", "Competency", "Workforce", "JSON", "Cryptography", "TestSupport"]),
    .testTarget(name: "GapAnalysisTests", dependencies: ["GapAnalysis", "Competency", "Workforce", "Demo", "TestSupport"]),
    .testTarget(
      name: "CohortPlanningTests", dependencies: ["CohortPlanning", "MixedInteger", "cpd-solver", "GapAnalysis", "Competency", "Workforce", "TestSupport"]),
    .testTarget(
      name: "ReportsTests", dependencies: ["Reports", "GapAnalysis", "CohortPlanning", "Competency", "Workforce", "TestSupport"]),
    .testTarget(
      name: "CertificatesTests",
      dependencies: [
        "Certificates", "GapAnalysis", "Workforce", "Competency", "Cryptography", "JSON", "LinkedData", "TestSupport",
      ], exclude: ["Fixtures"]),
    .testTarget(
      name: "ServiceTests",
      dependencies: ["Service", "Certificates", "Records", "RecordsSQLite", "RecordsPostgres", "Competency", "Workforce", "JSON", "TestSupport"]),
    .testTarget(
      name: "WebTests",
      dependencies: ["Web", "Service", "Records", "RecordsSQLite", "Competency", "Workforce", "JSON", "Cryptography", "TestSupport"]),
    .testTarget(name: "CLITests", dependencies: ["cpd", "cpd-solver", "TestSupport", "JSON", "Competency", "Records", "RecordsSQLite", "RecordsPostgres", "Workforce"]),
  ]
)
