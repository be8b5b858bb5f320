import ChargeCapture
import Foundation
import HL7
import LinkAddress
import Store
import Yams

extension DaemonConfiguration {
    /// Reads a configuration file; every error in it is named, each with its key and line.
    public static func load(path: String) throws(ConfigurationErrors) -> DaemonConfiguration {
        let (configuration, errors) = read(path: path)
        guard errors.isEmpty else { throw ConfigurationErrors(errors) }
        return configuration
    }

    /// ``read(_:file:)`` of the file at `path`.
    public static func read(path: String) -> (DaemonConfiguration, [ConfigurationError]) {
        guard let data = FileManager.default.contents(atPath: path) else {
            return (
                DaemonConfiguration(), [ConfigurationError(file: path, key: "(file)", line: 0, "cannot read the file")]
            )
        }
        return read(String(decoding: data, as: UTF8.self), file: path)
    }

    /// Parses configuration text. Reading goes on past a bad key, so the
    /// error names every one in the text, not only the first.
    public static func parse(_ text: String, file: String) throws(ConfigurationErrors) -> DaemonConfiguration {
        let (configuration, errors) = read(text, file: file)
        guard errors.isEmpty else { throw ConfigurationErrors(errors) }
        return configuration
    }

    /// What could be read of the text, and every error in it: for a check
    /// that goes on to what depends on the file (the device profiles).
    public static func read(_ text: String, file: String) -> (DaemonConfiguration, [ConfigurationError]) {
        var configuration = DaemonConfiguration()
        configuration.file = file
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                return (configuration, [ConfigurationError(file: file, key: "(top)", line: 1, "the file is empty")])
            }
            root = node
        } catch let error as YamlError {
            return (
                configuration, [ConfigurationError(file: file, key: "(syntax)", line: Self.line(of: error), "\(error)")]
            )
        } catch {
            return (configuration, [ConfigurationError(file: file, key: "(syntax)", line: 0, "\(error)")])
        }
        let diagnostics = ConfigDiagnostics()
        let top = ConfigNode(node: root, path: "", file: file, diagnostics: diagnostics)
        top.attempt { try configuration.read(top) }
        return (configuration, diagnostics.errors)
    }

    mutating func read(_ top: ConfigNode) throws(ConfigurationError) {
        let entries = try top.mapping(allowed: [
            "facility", "store", "http", "consoles", "billing", "hl7", "physics", "logging", "devices", "review",
            "payers", "hl7_in",
        ])
        entries.each("facility") { try readFacility($0) }
        entries.each("store") { try readStore($0) }
        entries.each("http") { try readHTTP($0) }
        top.attempt {
            try readConsoles(try entries.required("consoles", in: top))
        }
        entries.each("billing") { try readBilling($0) }
        entries.each("hl7") { try readHL7($0) }
        entries.each("payers") { try readPayers($0) }
        entries.each("hl7_in") { try readADTFeed($0) }
        entries.each("physics") { try readPhysics($0) }
        entries.each("logging") {
            let items = try $0.mapping(allowed: ["patient_data"])
            logPatientData = try items["patient_data"]?.bool() ?? false
        }
        entries.each("devices") { devices = try $0.string() }
        entries.each("review") {
            let items = try $0.mapping(allowed: ["operator"])
            reviewOperator = try items["operator"]?.string()
        }
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
        items.each("name") { facility.name = try $0.string() }
        items.each("time_zone") { zone in
            let identifier = try zone.string()
            guard let timeZone = TimeZone(identifier: identifier) else {
                throw zone.fail("'\(identifier)' is not an IANA time zone")
            }
            facility.timeZone = timeZone
        }
        items.each("place_of_service") { place in
            let code = try place.string()
            guard code.count == 2, code.allSatisfy(\.isNumber) else {
                throw place.fail("a place of service is two digits")
            }
            facility.placeOfService = code
        }
        items.each("department") { facility.department = try $0.string() }
        items.each("location") { facility.location = try $0.string() }
        items.each("assigning_authority") { facility.assigningAuthority = try $0.string() }
    }

    mutating func readStore(_ node: ConfigNode) throws(ConfigurationError) {
        let items = try node.mapping(allowed: [
            "sqlite", "postgres", "password_file", "tls", "ca", "site", "connections", "key_file", "anchor_file",
        ])
        items.each("key_file") { chainKeyFile = try $0.string() }
        items.each("anchor_file") { anchorFile = try $0.string() }
        guard let postgres = items["postgres"] else {
            for key in ["password_file", "tls", "ca", "site", "connections"] {
                if let extra = items[key] { throw extra.fail("goes with store.postgres") }
            }
            store = .sqlite(try items.required("sqlite", in: node).string())
            return
        }
        if let sqlite = items["sqlite"] { throw sqlite.fail("store.sqlite and store.postgres together: choose one") }
        store = .postgres(try Self.postgres(postgres, items, in: node))
    }

    /// multi-site.md's shared store: the URL (no password in it), the password from `password_file` or
    /// PGPASSWORD, the TLS mode (`prefer` when not given), an optional CA for `verify-full`, and the site.
    static func postgres(_ url: ConfigNode, _ items: [String: ConfigNode], in node: ConfigNode)
        throws(ConfigurationError) -> PostgresStoreConfiguration
    {
        let site = try items.required("site", in: node)
        var mode = PostgresStoreConfiguration.TLSMode.prefer
        if let tls = items["tls"] {
            let text = try tls.string()
            guard let chosen = PostgresStoreConfiguration.TLSMode(rawValue: text) else {
                let modes = PostgresStoreConfiguration.TLSMode.allCases.map(\.rawValue).joined(separator: ", ")
                throw tls.fail("'\(text)' is not one of \(modes)")
            }
            mode = chosen
        }
        var ca: String?
        if let node = items["ca"] {
            let path = try node.string()
            guard FileManager.default.isReadableFile(atPath: path) else { throw node.fail("'\(path)' cannot be read") }
            ca = path
        }
        let passwordFile = try items["password_file"]?.string()
        let password: String?
        do {
            password = try PostgresStoreConfiguration.password(
                file: passwordFile, environment: ProcessInfo.processInfo.environment)
        } catch {
            throw (items["password_file"] ?? node).fail(error.description)
        }
        let (address, name) = (try url.string(), try site.string())
        guard PostgresStoreConfiguration.isValidSite(name) else {
            throw site.fail("'\(name)' must be 1-32 letters, digits, '-' or '_' (it prefixes console names)")
        }
        var shared: PostgresStoreConfiguration
        do {
            shared = try PostgresStoreConfiguration(url: address, password: password, tls: mode, caFile: ca, site: name)
        } catch {
            throw url.fail(error.description)
        }
        if let connections = items["connections"] {
            shared.connections = try connections.int(PostgresStoreConfiguration.connectionRange)
        }
        return shared
    }

    mutating func readHTTP(_ node: ConfigNode) throws(ConfigurationError) {
        let items = try node.mapping(allowed: [
            "listen", "tokens", "tls", "idle_timeout_s", "max_connections", "session_idle_minutes",
        ])
        items.each("listen") { (http.host, http.port) = try $0.hostPort() }
        items.each("idle_timeout_s") { http.idleTimeout = .seconds(try $0.int(1...3600)) }
        items.each("max_connections") { http.maxConnections = try $0.int(8...900) }
        items.each("session_idle_minutes") { http.sessionIdle = .seconds(60 * (try $0.int(1...480))) }
        items.each("tls") { http.tls = try Self.serverTLS($0) }
        items.each("tokens") { tokens in
            for entry in try tokens.sequence() {
                entry.attempt {
                    if let token = try Self.token(entry) { http.tokens.append(token) }
                }
            }
        }
    }

    /// The token, or nil when an error in it was recorded.
    static func token(_ entry: ConfigNode) throws(ConfigurationError) -> Token? {
        let fields = try entry.mapping(allowed: ["name", "role", "sha256"])
        let name = entry.attempt {
            try fields.required("name", in: entry).string()
        }
        let role = entry.attempt {
            try fields.required("role", in: entry).oneOf(Role.allCases.map(\.rawValue))
        }
        let hash = try fields.required("sha256", in: entry)
        let hex = try hash.string().lowercased()
        guard hex.count == 64, hex.allSatisfy(\.isHexDigit) else {
            throw hash.fail("a token is stored as 64 hex characters of SHA-256")
        }
        guard let name, let role = role.flatMap(Role.init(rawValue:)) else { return nil }
        return Token(name: name, role: role, sha256: hex)
    }

    mutating func readConsoles(_ node: ConfigNode) throws(ConfigurationError) {
        let entries = try node.sequence()
        guard !entries.isEmpty else { throw node.fail("at least one console is needed") }
        for entry in entries {
            entry.attempt {
                guard let console = try Self.console(entry) else { return }
                guard !consoles.contains(where: { $0.name == console.name }) else {
                    throw entry.child("name", entry.node["name"] ?? entry.node).fail(
                        "console names must be unique and not empty")
                }
                consoles.append(console)
            }
        }
    }

    /// The console, or nil when an error in it was recorded.
    static func console(_ entry: ConfigNode) throws(ConfigurationError) -> ConsoleSettings? {
        let fields = try entry.mapping(allowed: [
            "name", "profile", "address", "unit", "poll_interval_ms", "response_timeout_ms", "stale_after_s",
        ])
        let name = entry.attempt {
            let nameNode = try fields.required("name", in: entry)
            let name = try nameNode.string()
            guard !name.isEmpty else { throw nameNode.fail("console names must be unique and not empty") }
            return name
        }
        let addressNode = try fields.required("address", in: entry)
        let addressText = try addressNode.string()
        let address: ModbusAddress
        do {
            address = try ModbusAddress(parsing: addressText)
        } catch {
            throw addressNode.fail(error.detail)
        }
        var console = ConsoleSettings(name: name ?? "", address: address)
        console.profileKey = "\(entry.path).profile"
        fields.each("profile") { profile in
            let name = try profile.string()
            guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
                throw profile.fail("a profile is named by letters, digits, - and _ (a file in the devices folder)")
            }
            console.profile = name
            console.profileLine = profile.line
        }
        fields.each("unit") { console.unit = UInt8(try $0.int(1...247)) }
        fields.each("poll_interval_ms") { console.pollInterval = .milliseconds(try $0.int(50...60_000)) }
        fields.each("response_timeout_ms") { console.responseTimeout = .milliseconds(try $0.int(50...30_000)) }
        fields.each("stale_after_s") { console.staleAfter = .seconds(try $0.int(1...86_400)) }
        return name == nil ? nil : console
    }

    mutating func readBilling(_ node: ConfigNode) throws(ConfigurationError) {
        let items = try node.mapping(allowed: [
            "release", "single_session_code", "fractionated_code", "revenue_code", "modifiers", "chargemaster",
        ])
        items.each("release") {
            billing.release = .init(rawValue: try $0.oneOf(["automatic", "after_review"])) ?? .automatic
        }
        items.each("single_session_code") { billing.singleSessionCode = try Self.code($0) }
        items.each("fractionated_code") { billing.fractionatedCode = try Self.code($0) }
        items.each("revenue_code") { revenue in
            let text = try revenue.string()
            guard text.count == 4, text.allSatisfy(\.isNumber) else {
                throw revenue.fail("a revenue code is four digits")
            }
            billing.revenueCode = text
        }
        items.each("modifiers") { billing.modifiers = try Self.modifiers($0) }
        items.each("chargemaster") { chargemaster in
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

    static func modifiers(_ node: ConfigNode) throws(ConfigurationError) -> [String] {
        let list = try node.strings()
        for modifier in list where !Charge.isModifier(modifier) {
            throw node.fail("'\(modifier)' is not a two-character CPT modifier")
        }
        return list
    }

    mutating func readHL7(_ node: ConfigNode) throws(ConfigurationError) {
        let items = try node.mapping(allowed: [
            "destination", "sending_application", "sending_facility", "receiving_application", "receiving_facility",
            "processing_id", "ack_timeout_ms", "max_attempts", "chargemaster_system", "tls",
        ])
        items.each("tls") { hl7TLS = try Self.clientTLS($0) }
        var settings = HL7Settings(host: "", port: 0)
        items.each("sending_application") { settings.sendingApplication = try $0.string() }
        items.each("sending_facility") { settings.sendingFacility = try $0.string() }
        items.each("receiving_application") { settings.receivingApplication = try $0.string() }
        items.each("receiving_facility") { settings.receivingFacility = try $0.string() }
        items.each("processing_id") { settings.processingID = try $0.oneOf(["P", "T", "D"]) }
        items.each("chargemaster_system") { settings.chargemasterSystem = try $0.string() }
        items.each("ack_timeout_ms") { settings.ackTimeout = .milliseconds(try $0.int(100...600_000)) }
        items.each("max_attempts") { settings.maxAttempts = try $0.int(1...1000) }
        (settings.host, settings.port) = try items.required("destination", in: node).hostPort()
        hl7 = settings
    }

    mutating func readPayers(_ node: ConfigNode) throws(ConfigurationError) {
        let items = try node.mapping(allowed: [
            "coverage_required", "unmatched", "authorization_days", "diagnosis_required", "list",
        ])
        var settings = PayerSettings()
        items.each("coverage_required") { settings.coverageRequired = try $0.bool() }
        items.each("diagnosis_required") { settings.diagnosisRequired = try $0.bool() }
        items.each("unmatched") {
            settings.unmatched = PayerSettings.Unmatched(rawValue: try $0.oneOf(["hold", "ready"])) ?? .hold
        }
        items.each("authorization_days") { settings.authorizationDays = try $0.int(1...3650) }
        var seen: Set<String> = []
        items.each("list") { list in
            for entry in try list.sequence() {
                entry.attempt {
                    guard let payer = try Self.payer(entry) else { return }
                    guard seen.insert(payer.id).inserted else {
                        throw entry.child("id", entry.node["id"] ?? entry.node).fail(
                            "'\(payer.id)' is empty or listed twice")
                    }
                    settings.payers.append(payer)
                }
            }
        }
        payers = settings
    }

    /// The payer, or nil when an error in it was recorded.
    static func payer(_ entry: ConfigNode) throws(ConfigurationError) -> Payer? {
        let fields = try entry.mapping(allowed: [
            "id", "name", "match", "prior_authorization", "modifiers", "policy", "abn",
        ])
        let id = entry.attempt {
            let idNode = try fields.required("id", in: entry)
            let id = try idNode.string()
            guard !id.isEmpty else { throw idNode.fail("'\(id)' is empty or listed twice") }
            return id
        }
        let name = entry.attempt { try fields["name"]?.string() }
        let rule = entry.attempt {
            let matchNode = try fields.required("match", in: entry)
            let match = try matchNode.mapping(allowed: ["company_ids", "names", "plan_types"])
            let rule = Payer.Match(
                companyIDs: try match["company_ids"]?.strings() ?? [], names: try match["names"]?.strings() ?? [],
                planTypes: try match["plan_types"]?.strings() ?? [])
            guard !(rule.companyIDs + rule.names + rule.planTypes).isEmpty else {
                throw matchNode.fail("give at least one of company_ids, names, plan_types")
            }
            return rule
        }
        let modifiers = entry.attempt { try fields["modifiers"].map(Self.modifiers) }
        let policy = entry.attempt { try fields["policy"].map(Self.policy) }
        let abn = entry.attempt { try fields["abn"]?.bool() ?? false }
        let priorAuthorization = try fields.required("prior_authorization", in: entry).bool()
        guard let id, let name, let rule, let modifiers, let policy, let abn else { return nil }
        return Payer(
            id: id, name: name ?? id, match: rule, priorAuthorization: priorAuthorization, modifiers: modifiers,
            policy: policy, abn: abn)
    }

    /// A payer's medical-necessity policy (diagnoses.md): a name and ICD-10-CM prefixes, each checked at its line.
    static func policy(_ node: ConfigNode) throws(ConfigurationError) -> MedicalPolicy {
        let fields = try node.mapping(allowed: ["name", "covered", "not_covered"])
        let nameNode = try fields.required("name", in: node)
        let name = try nameNode.string()
        guard !name.isEmpty else { throw nameNode.fail("is empty") }
        func prefixes(_ key: String) throws(ConfigurationError) -> [String] {
            guard let list = fields[key] else { return [] }
            var values: [String] = []
            for item in try list.sequence() {
                let prefix = try item.string()
                guard ICD10CM.isPolicyPrefix(prefix) else {
                    throw item.fail(
                        "'\(prefix)' is not an ICD-10-CM prefix (a letter, then letters or digits, one dot)")
                }
                values.append(prefix)
            }
            return values
        }
        let covered = try prefixes("covered")
        guard !covered.isEmpty else { throw (fields["covered"] ?? node).fail("list at least one covered prefix") }
        return MedicalPolicy(name: name, covered: covered, notCovered: try prefixes("not_covered"))
    }

    mutating func readADTFeed(_ node: ConfigNode) throws(ConfigurationError) {
        let items = try node.mapping(allowed: [
            "listen", "allowed_peers", "tls", "idle_timeout_s", "max_connections", "keep_raw_days",
        ])
        items.each("tls") { hl7InTLS = try Self.serverTLS($0) }
        var peers = ["127.0.0.1"]
        items.each("allowed_peers") { peers = try $0.strings() }
        let (host, port) = try items.required("listen", in: node).hostPort()
        var feed = ADTFeedSettings(host: host, port: port, allowedPeers: peers)
        items.each("idle_timeout_s") { feed.idleTimeout = .seconds(try $0.int(1...86_400)) }
        items.each("max_connections") { feed.maxConnections = try $0.int(1...256) }
        items.each("keep_raw_days") { feed.keepRawDays = try $0.int(1...3650) }
        hl7In = feed
    }

    mutating func readPhysics(_ node: ConfigNode) throws(ConfigurationError) {
        let items = try node.mapping(allowed: [
            "time_tolerance_percent", "dose_rate_tolerance_percent", "half_life_days", "clock_skew_bound_s",
        ])
        items.each("time_tolerance_percent") { physics.timeTolerancePercent = try $0.double() }
        items.each("dose_rate_tolerance_percent") { physics.doseRateTolerancePercent = try $0.double() }
        items.each("half_life_days") { physics.halfLifeDays = try $0.double() }
        items.each("clock_skew_bound_s") { physics.clockSkewBoundSeconds = try $0.double() }
    }

    /// A server's `tls`: `certificate` and `key`, and `client_ca` to require client certificates.
    static func serverTLS(_ node: ConfigNode) throws(ConfigurationError) -> TLSFiles {
        let items = try node.mapping(allowed: ["certificate", "key", "client_ca"])
        let certificate = node.attempt { try Self.path(try items.required("certificate", in: node)) }
        let key = node.attempt { try Self.path(try items.required("key", in: node)) }
        var trustRoots: String?
        items.each("client_ca") { trustRoots = try Self.path($0) }
        var files = TLSFiles(
            certificate: certificate ?? "", key: key ?? "", trustRoots: trustRoots, origin: node.fail(""))
        files.lines = items.mapValues(\.line)
        return files
    }

    /// A client's `tls`: the `ca` its peer is verified against, and a client `certificate` with its `key`.
    static func clientTLS(_ node: ConfigNode) throws(ConfigurationError) -> TLSFiles {
        let items = try node.mapping(allowed: ["ca", "certificate", "key"])
        let trustRoots = node.attempt { try Self.path(try items.required("ca", in: node)) }
        var certificate: String?
        var key: String?
        items.each("certificate") { certificate = try Self.path($0) }
        items.each("key") { key = try Self.path($0) }
        if (certificate == nil) != (key == nil) {
            throw node.fail("a client certificate needs its key, and a key its certificate")
        }
        var files = TLSFiles(certificate: certificate, key: key, trustRoots: trustRoots ?? "", origin: node.fail(""))
        files.lines = items.mapValues(\.line)
        return files
    }

    /// An absolute file path.
    static func path(_ node: ConfigNode) throws(ConfigurationError) -> String {
        let text = try node.string()
        guard text.hasPrefix("/") else { throw node.fail("expected an absolute path to a PEM file") }
        return text
    }
}
