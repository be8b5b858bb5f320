// swift-tools-version:6.1
import PackageDescription

/// How the release daemon is linked, for a small resident set (see Sources/gammalogd/Linker/README.md):
/// the Swift runtime and Foundation inside (only the used parts), lld with packed relative relocations,
/// no exported symbols, and the code the running daemon touches packed together at the start of .text.
let linker = String(#filePath.dropLast("Package.swift".count)) + "Sources/gammalogd/Linker/"
let releaseDaemonLink = [
    "-static-stdlib", "-lCoreFoundation", "-l_FoundationCShims", "-l_FoundationCollections", "-l_FoundationICU",
    "-use-ld=lld",
    "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs",
    "-Xlinker", "--version-script=\(linker)exports.map",
    "-Xlinker", "--symbol-ordering-file=\(linker)hot-text.order",
    "-Xlinker", "--no-warn-symbol-ordering",
]

let package = Package(
    name: "gammalog",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "gammalogd", targets: ["gammalogd"]),
        .executable(name: "gammalog", targets: ["gammalog"]),
        .executable(name: "gammalog-tool", targets: ["gammalog-tool"]),
        .executable(name: "gammalog-sim", targets: ["gammalog-sim"]),
        .executable(name: "gammalog-bench", targets: ["gammalog-bench"]),
        .library(name: "Console", targets: ["Console"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        // Already built for Hummingbird; the HL7 link uses it directly.
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        // libmodbus 3.1.6 from Debian, and a shim for what Swift cannot import.
        .systemLibrary(
            name: "CModbus",
            pkgConfig: "libmodbus",
            providers: [.apt(["libmodbus-dev"])]
        ),
        // A plain C read loop, the yardstick the benchmark compares the driver with.
        .target(name: "CModbusRawLoop", dependencies: ["CModbus"]),
        // A read-only Modbus TCP/RTU client.
        .target(
            name: "Modbus",
            dependencies: ["CModbus", .product(name: "Logging", package: "swift-log")]
        ),
        // The driver protocol, device profiles and the CCG-1 journal reader.
        .target(
            name: "Console",
            dependencies: [
                "Modbus",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // Delivery sessions rebuilt from journal records, and the physics checks. Pure.
        .target(name: "DeliveryLog", dependencies: ["Console"]),
        // The charge rules: from a closed session to a technical-component charge. Pure.
        .target(name: "ChargeCapture", dependencies: ["DeliveryLog", "Console", "Civil"]),
        // HL7 v2.5.1 DFT^P03 messages, escaping, ACKs and MLLP framing. Pure.
        .target(name: "HL7", dependencies: ["ChargeCapture"]),
        // Durable, tamper-evident storage of journal records, cursors and sessions.
        .target(
            name: "Store",
            dependencies: [
                "Console", "DeliveryLog", "ChargeCapture",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // The daemon's parts: configuration, console pollers, services.
        .target(
            name: "Daemon",
            dependencies: [
                "Modbus", "Console", "DeliveryLog", "ChargeCapture", "HL7", "Store", "ConsoleSimulator",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // Delivery records as documents: the session JSON, CSV and HTML pages and reports.
        .target(
            name: "Reports",
            dependencies: [
                "Store", "DeliveryLog", "ChargeCapture", "Console",
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
        // The HTTP interface: the sessions API, health and metrics.
        .target(
            name: "HTTPAPI",
            dependencies: [
                "Daemon", "Store", "DeliveryLog", "Console", "ChargeCapture", "Reports",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The physicists' web pages: sign-in, sessions, detail, sign-off, charge actions, daily, exports.
        .target(
            name: "WebPages",
            dependencies: [
                "HTTPAPI", "Reports", "Store", "ChargeCapture", "DeliveryLog", "Daemon", "Console",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // The HL7 push: ready charges over MLLP to the interface engine.
        .target(
            name: "HL7Interface",
            dependencies: [
                "HL7", "Store", "ChargeCapture",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // A real Modbus server that plays console scenarios.
        .target(
            name: "ConsoleSimulator",
            dependencies: [
                "CModbus", "Modbus", "Console",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // SQLite's C API for the command line's Foundation-free fast path.
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        // UTC calendar arithmetic and RFC 3339 text without Foundation.
        .target(name: "Civil"),
        // The command line's front door: `gammalog sessions` fast, everything else via gammalog-tool.
        // Linked with the Swift runtime inside: no shared-library loading before the answer.
        .executableTarget(
            name: "gammalog", dependencies: ["CSQLite", "Civil"], linkerSettings: [.unsafeFlags(["-static-executable"])]
        ),
        .executableTarget(
            name: "gammalog-tool",
            dependencies: [
                "Civil", "Daemon", "Store", "DeliveryLog", "ChargeCapture", "Reports",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "gammalog-sim",
            dependencies: [
                "ConsoleSimulator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "gammalogd",
            dependencies: [
                "Console", "ConsoleSimulator", "Daemon", "HTTPAPI", "HL7Interface", "Store", "WebPages",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["Linker"],
            linkerSettings: [.unsafeFlags(releaseDaemonLink, .when(configuration: .release))]
        ),
        .executableTarget(
            name: "gammalog-bench",
            dependencies: [
                "CModbusRawLoop", "Modbus", "Console", "ConsoleSimulator", "Daemon", "Store", "DeliveryLog",
                "ChargeCapture", "HL7", "HL7Interface", "HTTPAPI", "TestSupport", "WebPages",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "TestSupport",
            dependencies: [
                "Console", "ConsoleSimulator", "Modbus", "DeliveryLog", "ChargeCapture", "Store",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/TestSupport"
        ),
        .testTarget(name: "DeliveryLogTests", dependencies: ["DeliveryLog", "Console"]),
        .testTarget(
            name: "HL7Tests",
            dependencies: [
                "HL7", "HL7Interface", "Store", "ChargeCapture", "DeliveryLog", "TestSupport",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "WebPagesTests",
            dependencies: [
                "WebPages", "HTTPAPI", "Daemon", "Store", "DeliveryLog", "ChargeCapture", "TestSupport",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
        .testTarget(name: "ChargeCaptureTests", dependencies: ["ChargeCapture", "DeliveryLog", "Console"]),
        .testTarget(
            name: "HTTPAPITests",
            dependencies: [
                "HTTPAPI", "Daemon", "Store", "DeliveryLog", "Console", "ChargeCapture", "TestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
        .testTarget(
            name: "StoreTests", dependencies: ["Store", "DeliveryLog", "Console", "ChargeCapture", "TestSupport"]),
        .testTarget(
            name: "DaemonTests",
            dependencies: ["Daemon", "Store", "TestSupport", "Console", "DeliveryLog", "ConsoleSimulator"]
        ),
        .testTarget(
            name: "ModbusTests",
            dependencies: [
                "Modbus", "ConsoleSimulator", "TestSupport", .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "ConsoleTests", dependencies: ["Console", "ConsoleSimulator", "Modbus", "TestSupport"]),
        .testTarget(
            name: "ConsoleSimulatorTests", dependencies: ["ConsoleSimulator", "Console", "Modbus", "TestSupport"]),
    ]
)
