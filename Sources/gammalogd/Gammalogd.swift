import ArgumentParser
import ChargeCapture
import Console
import ConsoleSimulator
import Daemon
import Foundation
import HL7
import HL7Interface
import HTTPAPI
import Logging
import Prometheus
import ServiceLifecycle
import Settings
import Store
import Stores
import WebPages

/// `gammalogd`: records every delivery of the consoles in its configuration.
/// Without `--config`, the embedded default: the simulator playing the demo
/// scenario on loopback as its one console, and a SQLite file in `./state`.
@main
struct Gammalogd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gammalogd", abstract: "Record what a multi-source Co-60 radiosurgery console delivers.",
        version: BuildInfo.description)

    @Option(help: "The configuration file (YAML, configuration.md version 1).")
    var config: String?

    @Option(
        name: .customLong("check-config"),
        help: "Check a configuration file and its device profiles, report every error, touch nothing: exit 0 or 2.")
    var checkConfig: String?

    @Option(help: "Embedded default: a scenario for the simulator (default: Devices/scenarios/demo.yaml).")
    var scenario: String?

    @Option(help: "Embedded default: simulated seconds per real second.")
    var speed: Double?

    @Option(help: "Embedded default: the state folder (default: $STATE_DIRECTORY or ./state).")
    var state: String?

    @Option(help: "Embedded default: the HTTP port on 127.0.0.1.")
    var httpPort = 8077

    mutating func run() async throws {
        // Under systemd, the journal stamps each line itself.
        if JournalLogHandler.standardErrorIsTheJournal() {
            LoggingSystem.bootstrap(JournalLogHandler.init)
        } else {
            LoggingSystem.bootstrap(StreamLogHandler.standardError)
        }
        var logger = Logger(label: "gammalogd")
        logger.logLevel = .info
        if let checkConfig { try Self.check(checkConfig) }
        let metrics = MetricsEndpoint.bootstrap()
        do {
            if let config {
                let configuration = try DaemonConfiguration.load(path: config)
                try await CompositionRoot(
                    configuration: configuration, security: try LinkSecurity(configuration), metrics: metrics,
                    logger: logger
                ).run()
                return
            }
            try await runEmbeddedDefault(metrics: metrics, logger: logger)
        } catch let error as ConfigurationErrors {
            Self.report(error)
            throw ExitCode(2)
        } catch let error as ConfigurationError {
            Self.report(ConfigurationErrors([error]))
            throw ExitCode(2)
        } catch let error as StoreError where error.code == .migrationNeeded {
            FileHandle.standardError.write(Data("gammalogd: \(error)\n".utf8))
            throw ExitCode(2)
        }
    }

    /// `--check-config`: the file read as the daemon would, and its consoles' device profiles; nothing opened.
    static func check(_ file: String) throws -> Never {
        var (configuration, errors) = DaemonConfiguration.read(path: file)
        do {
            _ = try configuration.loadProfiles()
        } catch {
            errors += error.errors
        }
        do {
            _ = try LinkSecurity(configuration)
        } catch {
            errors += error.errors
        }
        guard errors.isEmpty else {
            report(ConfigurationErrors(errors))
            throw ExitCode(2)
        }
        let count = configuration.consoles.count
        let store =
            switch configuration.store {
            case .sqlite(let path): "SQLite store \(path)"
            case .postgres(let shared):
                "PostgreSQL store \(shared); holds at most \(shared.connections) connections to it"
                    + (configuration.hl7Link != nil ? ", one of them the HL7 sender's lock and listener" : "")
            }
        say("\(file): ok (\(count) console\(count == 1 ? "" : "s"); \(store))")
        throw ExitCode.success
    }

    /// Every configuration error on standard error, one per line, and how many.
    static func report(_ errors: ConfigurationErrors) {
        let count = errors.errors.count
        let lines = errors.errors.map { "gammalogd: configuration error: \($0)" }.joined(separator: "\n")
        FileHandle.standardError.write(Data("\(lines)\ngammalogd: \(count) error\(count == 1 ? "" : "s")\n".utf8))
    }

    func runEmbeddedDefault(metrics: PrometheusCollectorRegistry, logger: Logger) async throws {
        let searchPath = DeviceProfile.defaultSearchPath()
        let profile: DeviceProfile
        do {
            profile = try DeviceProfile.load(named: "ccg1", searching: searchPath)
        } catch {
            throw ConfigurationError(file: "(embedded default)", key: "consoles[0].profile", line: 0, "\(error)")
        }
        let path =
            scenario ?? searchPath.map { "\($0)/scenarios/demo.yaml" }
            .first { FileManager.default.fileExists(atPath: $0) } ?? "Devices/scenarios/demo.yaml"
        var configuration = DaemonConfiguration()
        var script = try Scenario.load(path: path).playing(onDayOf: Date(), in: configuration.facility.timeZone)
        if let speed { script.speed = speed }
        let simulator = try ConsoleSimulator(scenario: script, profile: profile)
        let address = try simulator.serve(.tcp(host: "127.0.0.1", port: 0))
        let folder = state ?? ProcessInfo.processInfo.environment["STATE_DIRECTORY"] ?? "state"
        configuration.store = .sqlite("\(folder)/gammalog.sqlite")
        configuration.consoles = [.init(name: "gk1", address: address)]
        configuration.consoles[0].pollInterval = .milliseconds(500)
        configuration.http.port = httpPort
        configuration.billing.chargemaster = ["77371": "33371000", "77373": "33373000"]
        // The demo's hospital: its ADT feed gives the patients coverage; payer checks are on when it has one.
        let feed = try DemoADTFeed.entries(inScenarioAt: path)
        let (ports, portBound) = AsyncStream.makeStream(of: Int.self)
        if !feed.isEmpty {
            configuration.payers = PayerSettings.example
            configuration.hl7In = ADTFeedSettings(host: "127.0.0.1", port: 0, allowedPeers: ["127.0.0.1"])
        }
        let token = RandomToken.hex(bytes: 32)
        configuration.http.tokens = [.init(name: "embedded-admin", role: .admin, sha256: TokenAuthority.hash(token))]
        say("gammalogd: embedded default")
        say("  console gk1: simulator playing '\(script.name)' from \(script.start) at x\(script.speed) on \(address)")
        say("  store: \(folder)/gammalog.sqlite (SQLite, WAL)")
        say("  http: http://127.0.0.1:\(httpPort)  admin token (this run only): \(token)")
        say("        curl -H 'Authorization: Bearer \(token)' http://127.0.0.1:\(httpPort)/api/v1/sessions")
        say("  charges: each session the demo closes is decided at once ('charge captured' below); a billing system:")
        say(
            "        curl -H 'Authorization: Bearer \(token)' 'http://127.0.0.1:\(httpPort)/api/v1/charges?status=ready'"
        )
        say(
            "        curl -H 'Authorization: Bearer \(token)' -d '{\"consumer\":\"demo\",\"max\":10,\"lease_seconds\":60}' \\"
        )
        say("             http://127.0.0.1:\(httpPort)/api/v1/charges/claim")
        say("  pages: http://127.0.0.1:\(httpPort)/ui  (sign in with the admin token)")
        if !feed.isEmpty {
            say(
                "  payers: the example's five; the demo's hospital sends \(feed.count) ADT messages to the feed on 127.0.0.1"
            )
            say(
                "        one UnitedHealthcare charge waits as authorization_missing until its A08 brings the authorization:"
            )
            say("        and one Medicare charge as medical_necessity until the coder's corrected diagnosis:")
            say("        http://127.0.0.1:\(httpPort)/ui/charges")
        }
        say("  look: swift run gammalog sessions --state \(folder)   |   swift run gammalog verify --state \(folder)")
        say("  stop: Ctrl-C (everything committed)")
        // The simulated console runs its day faster than real time: its clock is right when it reads simulated time.
        let clock: @Sendable () -> Date = { simulator.withModel { $0.clock } }
        let hospital = DemoADTFeed(
            entries: feed, start: try script.startDate, clock: clock, port: ports,
            assigningAuthority: configuration.facility.assigningAuthority, zone: configuration.facility.timeZone,
            logger: logger)
        // The hospital comes after the listener: services stop in reverse order, so it is quiet before the
        // listener closes.
        var root = CompositionRoot(
            configuration: configuration, security: try LinkSecurity(configuration), metrics: metrics, logger: logger)
        root.expectedConsoleTime = clock
        root.before = [SimulatorService(simulator: simulator)]
        root.after = [hospital]
        root.adtListening = { portBound.yield($0) }
        try await root.run()
    }
}

/// Writes a line to standard output unbuffered.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
