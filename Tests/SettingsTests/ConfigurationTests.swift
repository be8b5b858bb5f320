import ChargeCapture
import Foundation
import HL7
import Settings
import TestSupport
import Testing

@Suite struct ConfigurationTests {
    static let example = """
        facility:
          name: "Example Cancer Center"
          time_zone: "America/Chicago"
          place_of_service: "22"
          department: "RADONC"
          location: "GK^ROOM1"
          assigning_authority: "HOSP"
        store:
          sqlite: "/var/lib/gammalog/gammalog.sqlite"
        http:
          listen: "127.0.0.1:8077"
          tokens:
            - name: "billing-system"
              role: "billing"
              sha256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
        consoles:
          - name: "gk1"
            profile: "ccg1"
            address: "tcp://127.0.0.1:1502"
            unit: 1
            poll_interval_ms: 1000
            response_timeout_ms: 500
            stale_after_s: 30
        billing:
          release: "automatic"
          single_session_code: "77371"
          fractionated_code: "77373"
          revenue_code: "0333"
          modifiers: []
          chargemaster:
            "77371": "33371000"
            "77373": "33373000"
        hl7:
          destination: "127.0.0.1:2575"
          sending_application: "GAMMALOG"
          sending_facility: "HOSP"
          receiving_application: "PB"
          receiving_facility: "HOSP"
          processing_id: "P"
          ack_timeout_ms: 5000
          max_attempts: 5
        """

    @Test func theContractsExampleParses() throws {
        let configuration = try DaemonConfiguration.parse(Self.example, file: "example.yaml")
        #expect(configuration.facility.timeZone.identifier == "America/Chicago")
        #expect(configuration.store == .sqlite("/var/lib/gammalog/gammalog.sqlite"))
        #expect(configuration.http.host == "127.0.0.1" && configuration.http.port == 8077)
        #expect(configuration.http.tokens.first?.role == .billing)
        #expect(configuration.consoles.map(\.name) == ["gk1"])
        #expect(configuration.consoles.first?.pollInterval == .milliseconds(1000))
        #expect(configuration.billing.release == .automatic)
        #expect(configuration.charges.chargemaster == ["77371": "33371000", "77373": "33373000"])
        #expect(
            configuration.charges.timeZone.identifier == "America/Chicago"
                && configuration.charges.placeOfService == "22")
        let hl7 = try #require(configuration.hl7Link)
        #expect(hl7.host == "127.0.0.1" && hl7.port == 2575 && hl7.maxAttempts == 5 && hl7.ackTimeout == .seconds(5))
        #expect(hl7.receivingApplication == "PB" && hl7.location == "GK^ROOM1" && hl7.assigningAuthority == "HOSP")
    }

    @Test func theShippedExampleParsesWithTheFivePayersAndTheADTFeed() throws {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("systemd/gammalog.yaml")
        let configuration = try DaemonConfiguration.load(path: file.path)
        #expect(configuration.payers == PayerSettings.example)
        #expect(configuration.payers?.payers.map(\.id) == ["medicare", "uhc", "aetna", "cigna", "bcbs"])
        #expect(configuration.hl7In == ADTFeedSettings(host: "127.0.0.1", port: 2576, allowedPeers: ["127.0.0.1"]))
        #expect(configuration.charges.payers == PayerSettings.example)
        // What ships as /etc/gammalog/gammalog.yaml grants nobody access with a token anyone could know.
        #expect(configuration.http.tokens.isEmpty)
    }

    @Test(arguments: [
        ("payers:\n  unmatched: \"maybe\"\n", "payers.unmatched", 2),
        ("payers:\n  list:\n    - id: \"x\"\n      prior_authorization: true\n", "payers.list[0]", 3),
        (
            "payers:\n  list:\n    - id: \"x\"\n      match: {}\n      prior_authorization: true\n",
            "payers.list[0].match", 4
        ),
        (
            "payers:\n  list:\n    - id: \"x\"\n      match: {names: [\"A\"]}\n      prior_authorization: true\n      modifiers: [\"TCX\"]\n",
            "payers.list[0].modifiers", 6
        ),
        ("hl7_in:\n  listen: \"nowhere\"\n", "hl7_in.listen", 2),
    ])
    func aBadPayerOrFeedValueIsNamedWithItsKeyAndLine(section: String, key: String, line: Int) throws {
        let text = "consoles:\n  - name: gk1\n    address: \"tcp://127.0.0.1:1502\"\n" + section
        #expect {
            _ = try DaemonConfiguration.parse(text, file: "bad.yaml")
        } throws: { error in
            guard let error = Self.only(error) else { return false }
            return error.key == key && error.line == line + 3
        }
    }

    @Test func withoutAnHL7SectionThereIsNoHL7Push() throws {
        let text = String(Self.example[..<(Self.example.range(of: "hl7:")?.lowerBound ?? Self.example.endIndex)])
        let configuration = try DaemonConfiguration.parse(text, file: "no-hl7.yaml")
        #expect(configuration.hl7Link == nil && configuration.billing.revenueCode == "0333")
    }

    @Test(arguments: [
        ("time_zone: \"America/Chicago\"", "time_zone: \"Mars/Olympus\"", "facility.time_zone", 3),
        ("address: \"tcp://127.0.0.1:1502\"", "address: \"udp://x\"", "consoles[0].address", 19),
        ("unit: 1", "unit: 300", "consoles[0].unit", 20),
        ("role: \"billing\"", "role: \"janitor\"", "http.tokens[0].role", 14),
        ("sha256: \"9f86", "sha256: \"zz86", "http.tokens[0].sha256", 15),
        ("release: \"automatic\"", "release: \"whenever\"", "billing.release", 25),
        ("  department: \"RADONC\"", "  departmnet: \"RADONC\"", "facility.departmnet", 5),
        (
            "sqlite: \"/var/lib/gammalog/gammalog.sqlite\"",
            "postgres: \"postgres://gammalog:secret@db/g\"\n  site: \"north\"", "store.postgres", 9
        ),
        ("destination: \"127.0.0.1:2575\"", "destination: \"nowhere\"", "hl7.destination", 34),
        ("modifiers: []", "modifiers: [\"TCX\"]", "billing.modifiers", 29),
        ("single_session_code: \"77371\"", "single_session_code: \"7737\"", "billing.single_session_code", 26),
        ("\"77371\": \"33371000\"", "\"773\": \"33371000\"", "billing.chargemaster", 31),
        ("max_attempts: 5", "max_attempts: 0", "hl7.max_attempts", 41),
    ])
    func aBadValueIsNamedWithItsKeyAndLine(old: String, new: String, key: String, line: Int) throws {
        #expect(Self.example.contains(old))
        let text = Self.example.replacingOccurrences(of: old, with: new)
        #expect {
            _ = try DaemonConfiguration.parse(text, file: "bad.yaml")
        } throws: { error in
            guard let error = Self.only(error) else { return false }
            return error.key == key && error.line == line && error.file == "bad.yaml"
        }
    }

    @Test func multiSitesStoreSectionParsesWithThePasswordFromItsFile() throws {
        let password = FileManager.default.temporaryDirectory.appendingPathComponent("pw-\(UUID().uuidString)").path
        try "s3cret\n".write(toFile: password, atomically: true, encoding: .utf8)
        let text = Self.example.replacingOccurrences(
            of: "  sqlite: \"/var/lib/gammalog/gammalog.sqlite\"",
            with: """
                  postgres: "postgres://gammalog@db.example:5433/gammalog"
                  password_file: "\(password)"
                  tls: "verify-full"
                  site: "north"
                  connections: 6
                """)
        let configuration = try DaemonConfiguration.parse(text, file: "multi-site.yaml")
        guard case .postgres(let shared) = configuration.store else {
            Issue.record("expected the PostgreSQL store, got \(configuration.store)")
            return
        }
        #expect(shared.host == "db.example" && shared.port == 5433 && shared.database == "gammalog")
        #expect(shared.password == "s3cret" && shared.tls == .verifyFull && shared.site == "north")
        #expect(shared.connections == 6)
        #expect(!"\(shared)".contains("s3cret"))
    }

    @Test(arguments: [
        ("  sqlite: \"x.sqlite\"\n  postgres: \"postgres://g@db/g\"\n  site: \"n\"", "store.sqlite"),
        ("  postgres: \"postgres://g@db/g\"", "store"),
        ("  postgres: \"postgres://g@db/g\"\n  site: \"n\"\n  tls: \"sometimes\"", "store.tls"),
        ("  postgres: \"postgres://g@db/g\"\n  site: \"north/east\"", "store.site"),
        ("  postgres: \"postgres://g@db/g\"\n  site: \"n\"\n  password_file: \"/nonexistent\"", "store.password_file"),
        ("  postgres: \"mysql://g@db/g\"\n  site: \"n\"", "store.postgres"),
        ("  sqlite: \"x.sqlite\"\n  site: \"n\"", "store.site"),
        ("  postgres: \"postgres://g@db/g\"\n  site: \"n\"\n  connections: 1", "store.connections"),
        ("  postgres: \"postgres://g@db/g\"\n  site: \"n\"\n  connections: 500", "store.connections"),
        ("  sqlite: \"x.sqlite\"\n  connections: 4", "store.connections"),
    ])
    func aWrongStoreSectionIsNamedWithItsKey(store: String, key: String) throws {
        let text = Self.example.replacingOccurrences(
            of: "  sqlite: \"/var/lib/gammalog/gammalog.sqlite\"", with: store)
        #expect {
            _ = try DaemonConfiguration.parse(text, file: "bad.yaml")
        } throws: { error in
            Self.only(error)?.key == key
        }
    }

    /// The one error a bad file gave, nil when it gave none or several.
    static func only(_ error: any Error) -> ConfigurationError? {
        guard let errors = (error as? ConfigurationErrors)?.errors, errors.count == 1 else { return nil }
        return errors[0]
    }

    @Test func everyErrorInAFileIsNamedAtOnceInTheOrderOfTheFile() {
        #expect {
            _ = try DaemonConfiguration.parse(ConfigurationFixtures.manyErrors, file: "many.yaml")
        } throws: { error in
            let found = (error as? ConfigurationErrors)?.errors.map { "\($0.line) \($0.key)" } ?? []
            let expected = [
                "2 facility.time_zone", "3 facility.colour", "7 http.tokens[0].role", "8 http.tokens[0].sha256",
                "12 consoles[0].unit", "14 consoles[1].address", "15 consoles[2].name", "18 billing.revenue_code",
                "23 payers.list[0].prior_authorization",
            ]
            #expect(found == expected)
            return found == expected
        }
    }

    @Test func missingConsolesAreNamed() {
        #expect {
            _ = try DaemonConfiguration.parse("facility:\n  name: x\n", file: "c.yaml")
        } throws: { error in
            Self.only(error)?.detail.contains("'consoles' is required") == true
        }
    }

    @Test func aSyntaxErrorIsReportedWithItsLine() {
        #expect {
            _ = try DaemonConfiguration.parse("consoles:\n  - name: [gk1\n  - x: }\n", file: "s.yaml")
        } throws: { error in
            let error = Self.only(error)
            return error?.key == "(syntax)" && (error?.line ?? 0) > 0
        }
    }

}
