// swift-tools-version:6.1
import PackageDescription

/// Release executables are linked by lld with packed relative relocations (glibc 2.36, Debian 12)
/// and export no symbols (the driver's `-rdynamic` would put 37,000 of them, 2.4 MB the loader
/// touches, in the dynamic table): fewer pages to load and keep. README's release command adds
/// `--static-swift-stdlib`, which links the Swift runtime and Foundation in. Debug builds link as usual.
let releaseLink: [LinkerSetting] = [
    .unsafeFlags(
        ["-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs", "-Xlinker", "--no-export-dynamic"],
        .when(configuration: .release))
]

let package = Package(
    name: "gammalog",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "gammalogd", targets: ["gammalogd"]),
        .executable(name: "gammalog", targets: ["gammalog"]),
        .executable(name: "gammalog-sim", targets: ["gammalog-sim"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        // Already built for Hummingbird; the HL7 link uses it directly.
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        // TLS on every link that leaves the host (HummingbirdTLS builds on it too).
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        // The shared store of a multi-site network (multi-site.md).
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        // MARK: the console link (libmodbus)

        // libmodbus 3.1.6 from Debian, and a shim for what Swift cannot import.
        .systemLibrary(name: "CModbus", pkgConfig: "libmodbus", providers: [.apt(["libmodbus-dev"])]),
        // A plain C read loop, the yardstick the benchmark compares the driver with.
        .target(name: "CModbusRawLoop", dependencies: ["CModbus"]),
        // Where a console's gateway is (tcp:// or rtu://), as configuration.md writes it. Pure.
        .target(name: "LinkAddress"),
        // A read-only Modbus TCP/RTU client.
        .target(
            name: "Modbus",
            dependencies: ["CModbus", "LinkAddress", .product(name: "Logging", package: "swift-log")]),
        // The driver protocol, device profiles and the CCG-1 journal reader.
        .target(
            name: "Console",
            dependencies: [
                "ConsoleRecords", "Modbus", "LinkAddress", .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // A real Modbus server that plays console scenarios.
        .target(
            name: "ConsoleSimulator",
            dependencies: [
                "CModbus", "Modbus", "LinkAddress", "Console", "ConsoleRecords",
                .product(name: "Logging", package: "swift-log"), .product(name: "Yams", package: "Yams"),
            ]
        ),

        // MARK: pure domain logic: no I/O, no libmodbus

        // What a console's journal says: events, gaps, session blocks, identity, cursors. Pure.
        .target(name: "ConsoleRecords"),
        // Delivery sessions rebuilt from journal records, and the physics checks. Pure.
        .target(name: "DeliveryLog", dependencies: ["ConsoleRecords"]),
        // The charge rules, the charge and its lifecycle, reconciliation, RFC 3339 times. Pure.
        .target(name: "ChargeCapture", dependencies: ["DeliveryLog", "ConsoleRecords"]),
        // HL7 v2.5.1 DFT^P03 messages, escaping, ACKs and MLLP framing. Pure.
        .target(name: "HL7", dependencies: ["ChargeCapture"]),

        // MARK: storage, configuration, presentation

        // The store contract: its protocols, values and errors, and the keyed chain and its verifier. No driver.
        .target(
            name: "Store",
            dependencies: [
                "ConsoleRecords", "DeliveryLog", "ChargeCapture", .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // The store protocols on one SQLite file: the embedded default.
        .target(
            name: "SQLiteStore",
            dependencies: [
                "Store", "ConsoleRecords", "DeliveryLog", "ChargeCapture",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        // The same store protocols on PostgreSQL, shared by many daemons at many sites (multi-site.md); it
        // reads a site's SQLite store to move it (migrate-store).
        .target(
            name: "PostgresStore",
            dependencies: [
                "Store", "SQLiteStore", "ConsoleRecords", "DeliveryLog", "ChargeCapture",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // The commit a release build was made from (a C define, set by scripts/package.sh).
        .target(name: "CBuildInfo"),
        // configuration.md: the settings, loading with key and line in every error, tokens and roles. No driver.
        .target(
            name: "Settings",
            dependencies: [
                "ChargeCapture", "DeliveryLog", "HL7", "LinkAddress", "Store", .product(name: "Yams", package: "Yams"),
            ]
        ),
        // The one way the daemon and the command line open the store a configuration names; what a build is.
        .target(
            name: "Stores",
            dependencies: [
                "CBuildInfo", "Settings", "Store", "SQLiteStore", "PostgresStore",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Delivery records as documents: session JSON, CSV, text tables, pages and reports.
        .target(
            name: "Reports",
            dependencies: [
                "Store", "DeliveryLog", "ChargeCapture", "ConsoleRecords",
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),

        // MARK: the daemon's services

        // TLS for the links that leave the host: the configured PEM files made into swift-nio-ssl configurations.
        .target(
            name: "TransportSecurity", dependencies: ["Settings", .product(name: "NIOSSL", package: "swift-nio-ssl")]),

        // One poller per console, the service group, sd_notify.
        .target(
            name: "Daemon",
            dependencies: [
                "Settings", "Console", "ConsoleRecords", "DeliveryLog", "ChargeCapture", "Modbus", "Store",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // The HTTP API: sessions (physicist), the charge queue (billing), health.
        .target(
            name: "HTTPAPI",
            dependencies: [
                "Settings", "Store", "Reports", "ChargeCapture", "DeliveryLog",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "HummingbirdTLS", package: "hummingbird"), .product(name: "Yams", package: "Yams"),
            ],
            // The API contract, one file, compiled into the module: nothing to find at run time.
            resources: [.embedInCode("openapi.yaml")]
        ),
        // The physicists' web pages: sign-in, sessions, detail, sign-off, charge actions, daily, exports.
        .target(
            name: "WebPages",
            dependencies: [
                "HTTPAPI", "Settings", "Reports", "Store", "ChargeCapture", "DeliveryLog", "ConsoleRecords",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // The HL7 push: ready charges over MLLP to the interface engine.
        .target(
            name: "HL7Interface",
            dependencies: [
                "HL7", "Store", "ChargeCapture", .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"), .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),

        // MARK: executables

        .executableTarget(
            name: "gammalogd",
            dependencies: [
                "Settings", "ChargeCapture", "Console", "ConsoleSimulator", "Daemon", "HTTPAPI", "HL7", "HL7Interface",
                "Store", "Stores", "TransportSecurity",
                "WebPages", .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"), .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Yams", package: "Yams"),
            ],
            linkerSettings: releaseLink
        ),
        .executableTarget(
            name: "gammalog",
            dependencies: [
                "Settings", "Store", "Stores", "SQLiteStore", "PostgresStore", "Reports", "ChargeCapture",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            linkerSettings: releaseLink
        ),
        .executableTarget(
            name: "gammalog-sim",
            dependencies: [
                "ConsoleSimulator", "LinkAddress", .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The benchmark: a developer's tool, not shipped; it drives the real executables with the tests' clients.
        .executableTarget(
            name: "gammalog-bench",
            dependencies: [
                "CModbusRawLoop", "Modbus", "LinkAddress", "Console", "ConsoleRecords", "ConsoleSimulator", "Settings",
                "Daemon", "Store", "SQLiteStore", "PostgresStore", "DeliveryLog", "ChargeCapture", "HL7",
                "HL7Interface", "HTTPAPI",
                "TestSupport",
                "WebPages",
                "Reports",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // libFuzzer targets for what is read from outside (scripts/fuzz.sh); without -DFUZZING, a replayer of
        // the corpus and of every crash kept, which the tests run.
        .executableTarget(
            name: "gammalog-fuzz",
            dependencies: [
                "Console", "ConsoleRecords", "ConsoleSimulator", "DeliveryLog", "Modbus", "LinkAddress", "HL7",
                "HTTPAPI",
                "Settings",
                "ChargeCapture", .product(name: "Logging", package: "swift-log"),
            ],
            // gold cannot link the sanitized build (an internal error); lld can.
            linkerSettings: [.unsafeFlags(["-use-ld=lld"])]
        ),

        // MARK: tests

        .target(
            name: "TestSupport",
            dependencies: [
                "Console", "ConsoleRecords", "ConsoleSimulator", "Modbus", "LinkAddress", "DeliveryLog",
                "ChargeCapture",
                "Store", "SQLiteStore", "PostgresStore", .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/TestSupport"
        ),
        .testTarget(name: "DeliveryLogTests", dependencies: ["DeliveryLog", "ConsoleRecords"]),
        .testTarget(name: "SettingsTests", dependencies: ["Settings", "ChargeCapture", "HL7", "TestSupport"]),
        .testTarget(name: "ChargeCaptureTests", dependencies: ["ChargeCapture", "DeliveryLog", "ConsoleRecords"]),
        .testTarget(
            name: "HL7Tests",
            dependencies: [
                "HL7", "HL7Interface", "Store", "SQLiteStore", "ChargeCapture", "DeliveryLog", "TestSupport",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "StoreTests",
            dependencies: [
                "Store", "SQLiteStore", "PostgresStore", "DeliveryLog", "ConsoleRecords", "ChargeCapture",
                "TestSupport",
            ]
        ),
        .testTarget(
            name: "ReportsTests", dependencies: ["Reports", "Store", "DeliveryLog", "ConsoleRecords", "ChargeCapture"]
        ),
        .testTarget(
            name: "HTTPAPITests",
            dependencies: [
                "HTTPAPI", "Settings", "Store", "SQLiteStore", "DeliveryLog", "ConsoleRecords", "ChargeCapture",
                "TestSupport", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"), .product(name: "Yams", package: "Yams"),
            ]
        ),
        .testTarget(
            name: "WebPagesTests",
            dependencies: [
                "WebPages", "HTTPAPI", "Settings", "Store", "SQLiteStore", "DeliveryLog", "ChargeCapture",
                "ConsoleRecords", "TestSupport", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
        .testTarget(
            name: "DaemonTests",
            dependencies: [
                "Daemon", "Settings", "Store", "Stores", "SQLiteStore", "TestSupport", "Console", "ConsoleRecords",
                "DeliveryLog", "ChargeCapture", "HL7", "HTTPAPI", "Reports", "ConsoleSimulator", "PostgresStore",
            ]
        ),
        .testTarget(
            name: "ModbusTests",
            dependencies: [
                "Modbus", "LinkAddress", "ConsoleSimulator", "TestSupport",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "ConsoleTests",
            dependencies: [
                "Console", "ConsoleRecords", "ConsoleSimulator", "DeliveryLog", "Modbus", "LinkAddress", "TestSupport",
            ]
        ),
        .testTarget(
            name: "ConsoleSimulatorTests",
            dependencies: ["ConsoleSimulator", "Console", "ConsoleRecords", "Modbus", "TestSupport"]
        ),
    ]
)
