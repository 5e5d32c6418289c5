// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "dilution",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "dilution", targets: ["dilution"]),
        .library(name: "DilutionModel", targets: ["DilutionModel"]),
        .library(name: "DilutionScenario", targets: ["DilutionScenario"]),
        .library(name: "DilutionWaterfall", targets: ["DilutionWaterfall"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        // Exact money, prices, share counts and rounding rules.
        .target(name: "DilutionExact"),
        // Capitalization, anti-dilution clauses, events and the engine that applies them.
        .target(name: "DilutionModel", dependencies: ["DilutionExact"]),
        // The YAML scenario file format: parsing, validation, diagnostics.
        .target(
            name: "DilutionScenario",
            dependencies: [
                "DilutionExact", "DilutionModel", "DilutionDistributions", .product(name: "Yams", package: "Yams"),
            ]
        ),
        // The liquidation waterfall at an exit: preferences, participation, conversion equilibria.
        .target(name: "DilutionWaterfall", dependencies: ["DilutionExact", "DilutionModel"]),
        // CSV tables, notices of adjustment and readable summaries.
        .target(name: "DilutionReports", dependencies: ["DilutionExact", "DilutionModel", "DilutionWaterfall"]),
        // The board report: one self-contained HTML page with inline SVG charts drawn by the tool itself.
        .target(name: "DilutionBoardReport", dependencies: ["DilutionExact"]),
        // The command line as a library, so that it can be tested in-process.
        .target(
            name: "DilutionCommands",
            dependencies: [
                "DilutionExact", "DilutionModel", "DilutionScenario", "DilutionReports", "DilutionSimulation",
                "DilutionSampling", "DilutionOCF", "DilutionWaterfall", "DilutionBoardReport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Open Cap Table Format packages: import as a scenario, export adjustments as OCF transactions.
        .target(name: "DilutionOCF", dependencies: ["DilutionExact", "DilutionModel", "DilutionScenario"]),
        .executableTarget(name: "dilution", dependencies: ["DilutionCommands"]),
        // Prints throughput and memory figures; never part of the test suite.
        .executableTarget(
            name: "dilution-bench",
            dependencies: ["DilutionModel", "DilutionScenario", "DilutionSimulation", "DilutionSampling"]
        ),
        // A seeded mutation fuzzer over scenario files (`make fuzz`); never part of the test suite.
        .executableTarget(
            name: "dilution-fuzz",
            dependencies: ["DilutionScenario", "DilutionSimulation", "DilutionSampling"]
        ),
        // GNU Scientific Library, from Debian's libgsl-dev.
        .systemLibrary(name: "CGSL", pkgConfig: "gsl", providers: [.apt(["libgsl-dev"])]),
        // Distributions as data (parameters, validation, medians), without GSL: what a scenario file reads.
        .target(name: "DilutionDistributions", dependencies: ["DilutionExact"]),
        // Random generators, quasi-random sequences and sampling the distributions on GSL.
        .target(name: "DilutionSampling", dependencies: ["CGSL", "DilutionExact", "DilutionDistributions"]),
        // Monte Carlo over a scenario's distributions: chunked, parallel, reproducible.
        .target(
            name: "DilutionSimulation",
            dependencies: ["DilutionSampling", "DilutionExact", "DilutionModel", "DilutionScenario", "DilutionWaterfall"]
        ),

        .testTarget(
            name: "DilutionExactTests",
            dependencies: ["DilutionExact", .product(name: "PropertyBased", package: "swift-property-based")]
        ),
        .testTarget(
            name: "DilutionModelTests",
            dependencies: [
                "DilutionExact", "DilutionModel", .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "DilutionWaterfallTests",
            dependencies: ["DilutionWaterfall", "DilutionScenario", "DilutionModel", "DilutionExact"]
        ),
        .testTarget(name: "DilutionSamplingTests", dependencies: ["DilutionSampling"]),
        .testTarget(
            name: "DilutionSimulationTests", dependencies: ["DilutionSimulation", "DilutionSampling", "DilutionModel"]),
        .testTarget(
            name: "DilutionScenarioTests",
            // Yams' own composer is the reference the scenario reader's is checked against.
            dependencies: ["DilutionScenario", "DilutionModel", "DilutionExact", .product(name: "Yams", package: "Yams")]
        ),
        .testTarget(
            name: "DilutionReportsTests",
            dependencies: ["DilutionReports", "DilutionScenario", "DilutionModel", "DilutionExact"]
        ),
        .testTarget(name: "DilutionBoardReportTests", dependencies: ["DilutionBoardReport"]),
        .testTarget(
            name: "DilutionCommandsTests",
            dependencies: ["DilutionCommands", "DilutionScenario", "DilutionReports"],
            // Read from the source tree (so that they can be re-recorded), not bundled.
            exclude: ["Golden"]
        ),
        .testTarget(
            name: "DilutionOCFTests",
            dependencies: ["DilutionOCF", "DilutionCommands", "DilutionScenario", "DilutionModel", "DilutionExact"],
            // Sample packages and the OCF schema, read from the source tree.
            exclude: ["Fixtures"]
        ),
    ]
)
