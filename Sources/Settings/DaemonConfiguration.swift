import ChargeCapture
import DeliveryLog
import Foundation
import HL7
import LinkAddress
import Store

/// Everything `gammalogd` runs with, per `configuration.md` (version 1).
public struct DaemonConfiguration: Sendable {
    /// The facility.
    public struct Facility: Sendable, Hashable {
        /// Name.
        public var name = "GammaLog demo centre"
        /// IANA zone; service dates are local dates there.
        public var timeZone = TimeZone(identifier: "America/Chicago") ?? .current
        /// Place of service code.
        public var placeOfService = "22"
        /// Department code (FT1-13).
        public var department = "RADONC"
        /// Assigned location (PV1-3, FT1-16).
        public var location = "GK^ROOM1"
        /// PID-3.4.
        public var assigningAuthority = "HOSP"
    }

    /// Where records are kept.
    public enum StoreLocation: Sendable, Hashable {
        /// A SQLite file.
        case sqlite(String)
        /// The shared PostgreSQL store of a multi-site network.
        case postgres(PostgresStoreConfiguration)
    }

    /// A role an API token carries: billing-interfaces.md's roles.
    public enum Role: String, Sendable, Hashable, CaseIterable {
        /// The charge queue.
        case billing
        /// Sessions, review and holds.
        case physicist
        /// Everything.
        case admin
    }

    /// An API token, stored as its SHA-256 only.
    public struct Token: Sendable, Hashable {
        /// Who holds it.
        public var name: String
        /// What it may do.
        public var role: Role
        /// SHA-256 of the token, lowercase hex.
        public var sha256: String

        /// A token held by `name` with `role`, stored as `sha256`.
        public init(name: String, role: Role, sha256: String) {
            self.name = name
            self.role = role
            self.sha256 = sha256
        }
    }

    /// The HTTP interface.
    public struct HTTP: Sendable, Hashable {
        /// Host to bind.
        public var host = "127.0.0.1"
        /// Port.
        public var port = 8077
        /// Tokens.
        public var tokens: [Token] = []
        /// HTTPS instead of HTTP when set: no plain listener.
        public var tls: TLSFiles?
        /// A connection with nothing to read or write for this long is closed (`idle_timeout_s`).
        public var idleTimeout = Duration.seconds(30)
        /// At most this many connections at once (`max_connections`); more wait in the kernel's queue. Kept
        /// well below the descriptor limit, so a console's reconnect always finds a descriptor (and libmodbus,
        /// whose select() takes none past 1,023, one it can use).
        public var maxConnections = 256
        /// A page sign-in ends after this long without a request (`session_idle_minutes`).
        public var sessionIdle = Duration.seconds(15 * 60)
    }

    /// One console to poll.
    public struct ConsoleSettings: Sendable, Hashable {
        /// Name (unique).
        public var name: String
        /// Device profile name.
        public var profile = "ccg1"
        /// Gateway address.
        public var address: ModbusAddress
        /// Unit id.
        public var unit: UInt8 = 1
        /// Poll interval.
        public var pollInterval = Duration.milliseconds(1000)
        /// Response timeout.
        public var responseTimeout = Duration.milliseconds(500)
        /// /healthz turns 503 past this without a good read.
        public var staleAfter = Duration.seconds(30)
        /// The line of `profile` in the file, for errors about the profile itself.
        public var profileLine = 0
        /// The key of the profile, for errors: `consoles[<position in the file>].profile`.
        public var profileKey = "consoles[0].profile"

        /// A console `name` at `address` with the contract's defaults.
        public init(name: String, address: ModbusAddress) {
            self.name = name
            self.address = address
        }
    }

    /// The file this configuration was read from; empty for the embedded default.
    public var file = ""
    /// The facility.
    public var facility = Facility()
    /// The store.
    public var store = StoreLocation.sqlite("state/gammalog.sqlite")
    /// `store.key_file`: the chain key, when given (``chainKeyPath``).
    public var chainKeyFile: String?
    /// `store.anchor_file`: the chain anchor, when given (``anchorPath``).
    public var anchorFile: String?
    /// HTTP.
    public var http = HTTP()
    /// Consoles.
    public var consoles: [ConsoleSettings] = []
    /// The `billing:` section: codes, modifiers, chargemaster, release policy.
    public var billing = ChargeSettings()
    /// The `hl7:` section; nil when there is no HL7 push.
    public var hl7: HL7Settings?
    /// The `payers:` section (payers.md); nil = payer checks off.
    public var payers: PayerSettings?
    /// The `hl7_in:` section: the ADT feed's listener; nil = no feed.
    public var hl7In: ADTFeedSettings?
    /// MLLP over TLS for the HL7 push when set.
    public var hl7TLS: TLSFiles?
    /// MLLP over TLS for the ADT feed when set.
    public var hl7InTLS: TLSFiles?
    /// Physics check tolerances (`physics:` section, an extension of version 1).
    public var physics = PhysicsSettings()
    /// Whether logs may carry patient ids and names (`logging.patient_data`).
    public var logPatientData = false
    /// Who `gammalog review` signs as (`review.operator`, an extension of version 1).
    public var reviewOperator: String?
    /// Where device profiles are (`devices`); the default search path when nil.
    public var devices: String?

    /// A configuration with the defaults and no console.
    public init() {}

    /// The charge rules' settings: `billing:` with the facility's time zone and place of service.
    public var charges: ChargeSettings {
        var settings = billing
        settings.timeZone = facility.timeZone
        settings.placeOfService = facility.placeOfService
        settings.payers = payers
        return settings
    }

    /// The HL7 link's settings: `hl7:` with the facility's department, location and assigning authority.
    public var hl7Link: HL7Settings? {
        guard var settings = hl7 else { return nil }
        settings.department = facility.department
        settings.location = facility.location
        settings.assigningAuthority = facility.assigningAuthority
        return settings
    }
}
