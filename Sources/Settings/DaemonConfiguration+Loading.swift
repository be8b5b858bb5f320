import ChargeCapture
import Foundation
import HL7
import Modbus
import Yams

extension DaemonConfiguration {
    /// Reads a configuration file; every error names the key and the line.
    public static func load(path: String) throws(ConfigurationError) -> DaemonConfiguration {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(file: path, key: "(file)", line: 0, "cannot read the file")
        }
        return try parse(String(decoding: data, as: UTF8.self), file: path)
    }

    /// Parses configuration text.
    public static func parse(_ text: String, file: String) throws(ConfigurationError) -> DaemonConfiguration {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw ConfigurationError(file: file, key: "(top)", line: 1, "the file is empty")
            }
            root = node
        } catch let error as ConfigurationError {
            throw error
        } catch let error as YamlError {
            throw ConfigurationError(file: file, key: "(syntax)", line: Self.line(of: error), "\(error)")
        } catch {
            throw ConfigurationError(file: file, key: "(syntax)", line: 0, "\(error)")
        }
        let top = ConfigNode(node: root, path: "", file: file)
        let entries = try top.mapping(allowed: [
            "facility", "store", "http", "consoles", "billing", "hl7", "physics", "logging", "devices", "review",
            "payers", "hl7_in",
        ])
        var configuration = DaemonConfiguration()
        configuration.file = file
        if let facility = entries["facility"] { try configuration.readFacility(facility) }
        if let store = entries["store"] { try configuration.readStore(store) }
        if let http = entries["http"] { try configuration.readHTTP(http) }
        try configuration.readConsoles(try entries.required("consoles", in: top))
        if let billing = entries["billing"] { try configuration.readBilling(billing) }
        if let hl7 = entries["hl7"] { try configuration.readHL7(hl7) }
        if let payers = entries["payers"] { try configuration.readPayers(payers) }
        if let feed = entries["hl7_in"] { try configuration.readADTFeed(feed) }
        if let physics = entries["physics"] { try configuration.readPhysics(physics) }
        if let logging = entries["logging"] {
            let items = try logging.mapping(allowed: ["patient_data"])
            configuration.logPatientData = try items["patient_data"]?.bool() ?? false
        }
        configuration.devices = try entries["devices"]?.string()
        if let review = entries["review"] {
            let items = try review.mapping(allowed: ["operator"])
            configuration.reviewOperator = try items["operator"]?.string()
        }
        return configuration
    }

    static func line(of error: YamlError) -> Int {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _): mark.line
        default: 0
        }
    }

    mutating func readFacility(_ node: ConfigNode) throws(ConfigurationError) {
        let items = try node.mapping(allowed: [
            "name", "time_zone", "place_of_service", "department", "location", "assigning_authority",
        ])
        if let name = items["name"] { facility.name = try name.string() }
        if let zone = items["time_zone"] {
            let identifier = try zone.string()
            guard let timeZone = TimeZone(identifier: identifier) else {
                throw zone.fail("'\(identifier)' is not an IANA time zone")
            }
            facility.timeZone = timeZone
        }
        if let place = items["place_of_service"] {
            let code = try place.string()
            guard code.count == 2, code.allSatisfy(\.isNumber) else {
                throw place.fail("a place of service is two digits")
            }
            facility.placeOfService = code
        }
        if let department = items["department"] { facility.department = try department.string() }
        if let location = items["location"] { facility.location = try location.string() }
        if let authority = items["assigning_authority"] { facility.assigningAuthority = try authority.string() }
    }

    mutating func readStore(_ node: ConfigNode) throws(ConfigurationError) {
        let items = try node.mapping(allowed: ["sqlite", "postgres"])
        if let postgres = items["postgres"] {
            throw postgres.fail("the PostgreSQL store is not available in this version; use store.sqlite")
        }
        store = .sqlite(try items.required("sqlite", in: node).string())
    }

    mutating func readHTTP(_ node: ConfigNode) throws(ConfigurationError) {
        let items = try node.mapping(allowed: ["listen", "tokens"])
        if let listen = items["listen"] {
            (http.host, http.port) = try listen.hostPort()
        }
        if let tokens = items["tokens"] {
            for entry in try tokens.sequence() {
                let fields = try entry.mapping(allowed: ["name", "role", "sha256"])
                let hash = try fields.required("sha256", in: entry)
                let hex = try hash.string().lowercased()
                guard hex.count == 64, hex.allSatisfy(\.isHexDigit) else {
                    throw hash.fail("a token is stored as 64 hex characters of SHA-256")
                }
                let roleNode = try fields.required("role", in: entry)
                let role = try roleNode.oneOf(Role.allCases.map(\.rawValue))
                http.tokens.append(
                    Token(
                        name: try fields.required("name", in: entry).string(), role: Role(rawValue: role) ?? .billing,
                        sha256: hex))
            }
        }
    }

    mutating func readConsoles(_ node: ConfigNode) throws(ConfigurationError) {
        let entries = try node.sequence()
        guard !entries.isEmpty else { throw node.fail("at least one console is needed") }
        for entry in entries {
            let fields = try entry.mapping(allowed: [
                "name", "profile", "address", "unit", "poll_interval_ms", "response_timeout_ms", "stale_after_s",
            ])
            let nameNode = try fields.required("name", in: entry)
            let name = try nameNode.string()
            guard !name.isEmpty, !consoles.contains(where: { $0.name == name }) else {
                throw nameNode.fail("console names must be unique and not empty")
            }
            let addressNode = try fields.required("address", in: entry)
            let addressText = try addressNode.string()
            let address: ModbusAddress
            do {
                address = try ModbusAddress(parsing: addressText)
            } catch {
                throw addressNode.fail(error.detail)
            }
            var console = ConsoleSettings(name: name, address: address)
            if let profile = fields["profile"] {
                let name = try profile.string()
                guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
                    throw profile.fail("a profile is named by letters, digits, - and _ (a file in the devices folder)")
                }
                console.profile = name
                console.profileLine = profile.line
            }
            console.unit = UInt8(try fields["unit"]?.int(1...247) ?? 1)
            console.pollInterval = .milliseconds(try fields["poll_interval_ms"]?.int(50...60_000) ?? 1000)
            console.responseTimeout = .milliseconds(try fields["response_timeout_ms"]?.int(50...30_000) ?? 500)
            console.staleAfter = .seconds(try fields["stale_after_s"]?.int(1...86_400) ?? 30)
            consoles.append(console)
        }
    }

    mutating func readBilling(_ node: ConfigNode) throws(ConfigurationError) {
        let items = try node.mapping(allowed: [
            "release", "single_session_code", "fractionated_code", "revenue_code", "modifiers", "chargemaster",
        ])
        if let release = items["release"] {
            billing.release = .init(rawValue: try release.oneOf(["automatic", "after_review"])) ?? .automatic
        }
        if let code = items["single_session_code"] { billing.singleSessionCode = try Self.code(code) }
        if let code = items["fractionated_code"] { billing.fractionatedCode = try Self.code(code) }
        if let revenue = items["revenue_code"] {
            let text = try revenue.string()
            guard text.count == 4, text.allSatisfy(\.isNumber) else {
                throw revenue.fail("a revenue code is four digits")
            }
            billing.revenueCode = text
        }
        if let modifiers = items["modifiers"] {
            let list = try modifiers.strings()
            for modifier in list where !Charge.isModifier(modifier) {
                throw modifiers.fail("'\(modifier)' is not a two-character CPT modifier")
            }
            billing.modifiers = list
        }
        if let chargemaster = items["chargemaster"] {
            let map = try chargemaster.stringMap()
            for (code, number) in map where !Charge.isCode(code) || number.isEmpty {
                throw chargemaster.fail("'\(code)': expected a five-character code mapped to a chargemaster number")
            }
            billing.chargemaster = map
        }
    }

    static func code(_ node: ConfigNode) throws(ConfigurationError) -> String {
        let text = try node.string()
        guard Charge.isCode(text) else { throw node.fail("a CPT/HCPCS code is five letters or digits") }
        return text
    }

    mutating func readHL7(_ node: ConfigNode) throws(ConfigurationError) {
        let items = try node.mapping(allowed: [
            "destination", "sending_application", "sending_facility", "receiving_application", "receiving_facility",
            "processing_id", "ack_timeout_ms", "max_attempts", "chargemaster_system",
        ])
        let (host, port) = try items.required("destination", in: node).hostPort()
        var settings = HL7Settings(host: host, port: port)
        if let value = items["sending_application"] { settings.sendingApplication = try value.string() }
        if let value = items["sending_facility"] { settings.sendingFacility = try value.string() }
        if let value = items["receiving_application"] { settings.receivingApplication = try value.string() }
        if let value = items["receiving_facility"] { settings.receivingFacility = try value.string() }
        if let value = items["processing_id"] { settings.processingID = try value.oneOf(["P", "T", "D"]) }
        if let value = items["chargemaster_system"] { settings.chargemasterSystem = try value.string() }
        if let value = items["ack_timeout_ms"] { settings.ackTimeout = .milliseconds(try value.int(100...600_000)) }
        if let value = items["max_attempts"] { settings.maxAttempts = try value.int(1...1000) }
        hl7 = settings
    }

    mutating func readPayers(_ node: ConfigNode) throws(ConfigurationError) {
        let items = try node.mapping(allowed: ["coverage_required", "unmatched", "authorization_days", "list"])
        var settings = PayerSettings()
        if let value = items["coverage_required"] { settings.coverageRequired = try value.bool() }
        if let value = items["unmatched"] {
            settings.unmatched = PayerSettings.Unmatched(rawValue: try value.oneOf(["hold", "ready"])) ?? .hold
        }
        if let value = items["authorization_days"] { settings.authorizationDays = try value.int(1...3650) }
        var seen: Set<String> = []
        for entry in try items["list"]?.sequence() ?? [] {
            let fields = try entry.mapping(allowed: ["id", "name", "match", "prior_authorization", "modifiers"])
            let idNode = try fields.required("id", in: entry)
            let id = try idNode.string()
            guard !id.isEmpty, seen.insert(id).inserted else { throw idNode.fail("'\(id)' is empty or listed twice") }
            let matchNode = try fields.required("match", in: entry)
            let match = try matchNode.mapping(allowed: ["company_ids", "names", "plan_types"])
            let rule = Payer.Match(
                companyIDs: try match["company_ids"]?.strings() ?? [], names: try match["names"]?.strings() ?? [],
                planTypes: try match["plan_types"]?.strings() ?? [])
            guard !(rule.companyIDs + rule.names + rule.planTypes).isEmpty else {
                throw matchNode.fail("give at least one of company_ids, names, plan_types")
            }
            var modifiers: [String]?
            if let node = fields["modifiers"] {
                let list = try node.strings()
                for modifier in list where !Charge.isModifier(modifier) {
                    throw node.fail("'\(modifier)' is not a two-character CPT modifier")
                }
                modifiers = list
            }
            settings.payers.append(
                Payer(
                    id: id, name: try fields["name"]?.string() ?? id, match: rule,
                    priorAuthorization: try fields.required("prior_authorization", in: entry).bool(),
                    modifiers: modifiers))
        }
        payers = settings
    }

    mutating func readADTFeed(_ node: ConfigNode) throws(ConfigurationError) {
        let items = try node.mapping(allowed: ["listen", "allowed_peers"])
        let (host, port) = try items.required("listen", in: node).hostPort()
        hl7In = ADTFeedSettings(
            host: host, port: port,
            allowedPeers: try items["allowed_peers"]?.strings() ?? ["127.0.0.1"])
    }

    mutating func readPhysics(_ node: ConfigNode) throws(ConfigurationError) {
        let items = try node.mapping(allowed: [
            "time_tolerance_percent", "dose_rate_tolerance_percent", "half_life_days", "clock_skew_bound_s",
        ])
        if let value = items["time_tolerance_percent"] { physics.timeTolerancePercent = try value.double() }
        if let value = items["dose_rate_tolerance_percent"] { physics.doseRateTolerancePercent = try value.double() }
        if let value = items["half_life_days"] { physics.halfLifeDays = try value.double() }
        if let value = items["clock_skew_bound_s"] { physics.clockSkewBoundSeconds = try value.double() }
    }
}
