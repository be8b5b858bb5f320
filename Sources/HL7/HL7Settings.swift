/// The `hl7:` section of configuration.md, and the facility fields HL7 carries.
public struct HL7Settings: Sendable, Hashable {
    /// Receiver host.
    public var host: String
    /// Receiver port.
    public var port: Int
    /// MSH-3.
    public var sendingApplication = "GAMMALOG"
    /// MSH-4.
    public var sendingFacility = ""
    /// MSH-5.
    public var receivingApplication = ""
    /// MSH-6.
    public var receivingFacility = ""
    /// MSH-11.
    public var processingID = "P"
    /// How long to wait for an ACK before reconnecting and resending.
    public var ackTimeout = Duration.milliseconds(5000)
    /// Refusals (AE/AR) before a charge is held as `interface_rejected`.
    public var maxAttempts = 5
    /// FT1-13.
    public var department = "RADONC"
    /// PV1-3 and FT1-16, a composite (`GK^ROOM1`).
    public var location = "GK^ROOM1"
    /// PID-3.4.
    public var assigningAuthority = "HOSP"
    /// FT1-7.3: the name of the facility's chargemaster coding system.
    public var chargemasterSystem = "CDM"

    /// Settings for a receiver at `host`:`port`.
    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }
}
