import Foundation

/// Who a console is and how its gateway lays out the journal (identity block).
public struct ConsoleIdentity: Sendable, Hashable, Codable {
    /// Serial number, unique per console.
    public var serial: String
    /// Model, e.g. `CO60-MS192`.
    public var model: String
    /// Gateway firmware version.
    public var firmware: String
    /// The register map revision the gateway speaks.
    public var mapRevision: Int
    /// Number of Co-60 sources.
    public var sourceCount: Int
    /// Number of collimator sectors; 0 when the unit has none.
    public var sectorCount: Int
    /// Dose rate at the reference point at calibration, mGy/min.
    public var referenceDoseRate: Int
    /// When that calibration was made; nil when not set.
    public var calibrationTime: Date?
    /// Random id chosen at every gateway start.
    public var bootID: UInt32
    /// Journal slots, N.
    public var journalCapacity: Int
    /// Registers per slot, S.
    public var slotSize: Int

    /// An identity from its parts.
    public init(
        serial: String, model: String, firmware: String, mapRevision: Int, sourceCount: Int,
        sectorCount: Int, referenceDoseRate: Int, calibrationTime: Date?, bootID: UInt32,
        journalCapacity: Int, slotSize: Int
    ) {
        self.serial = serial
        self.model = model
        self.firmware = firmware
        self.mapRevision = mapRevision
        self.sourceCount = sourceCount
        self.sectorCount = sectorCount
        self.referenceDoseRate = referenceDoseRate
        self.calibrationTime = calibrationTime
        self.bootID = bootID
        self.journalCapacity = journalCapacity
        self.slotSize = slotSize
    }
}
