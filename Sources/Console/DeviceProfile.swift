import ConsoleRecords
import Foundation
import LinkAddress
import Modbus
import Yams

/// A gateway's register map and vocabulary, read from a YAML file in `Devices/`.
///
/// The driver takes addresses, encodings and meanings from here, so a gateway
/// with another map but the same semantics needs a new profile, not new code.
public struct DeviceProfile: Sendable, Hashable {
    /// The profile's name, as configuration refers to it (`ccg1`).
    public var name: String
    /// The newest map revision the profile describes; higher revisions are refused.
    public var mapRevision: Int
    /// The register table everything is read from.
    public var table: RegisterTable
    /// The most registers one request may read.
    public var maxRegistersPerRead: Int
    /// Wait after a busy exception before retrying.
    public var busyRetry: Duration
    /// Re-reads of a torn journal slot before it is reported unreadable.
    public var tornSlotRetries: Int
    /// Line defaults.
    public var line: LineDefaults
    /// The identity, status and session blocks.
    public var identity: RegisterBlockLayout
    /// The status block.
    public var status: RegisterBlockLayout
    /// The session block.
    public var session: RegisterBlockLayout
    /// The journal's first register.
    public var journalStart: Int
    /// The identity field holding the slot count.
    public var capacityField: String
    /// The identity field holding registers per slot.
    public var slotSizeField: String
    /// A journal slot's fields.
    public var slot: [FieldLayout]
    /// The vocabulary: numbers on the wire to the names the driver knows.
    public var vocabulary: Vocabulary

    /// Line defaults from the profile.
    public struct LineDefaults: Sendable, Hashable {
        /// The TCP port a gateway listens on.
        public var tcpPort: Int
        /// The default unit id.
        public var unit: UInt8
        /// How many TCP clients the gateway serves at once.
        public var maxTCPClients: Int
        /// The default serial line.
        public var serial: SerialLine
    }

    /// Loads the profile `name` from the first of `directories` that holds `NAME.yaml`.
    public static func load(named name: String, searching directories: [String]) throws(ConsoleError)
        -> DeviceProfile
    {
        guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw ConsoleError(.invalidProfile, at: name, "a profile name is letters, digits, - and _")
        }
        for directory in directories {
            let path = "\(directory)/\(name).yaml"
            if FileManager.default.fileExists(atPath: path) {
                return try load(path: path)
            }
        }
        throw ConsoleError(
            .invalidProfile, at: name,
            "no \(name).yaml in \(directories.joined(separator: ", "))")
    }

    /// Loads a profile from a YAML file.
    public static func load(path: String) throws(ConsoleError) -> DeviceProfile {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConsoleError(.invalidProfile, at: path, "cannot read: \(error.localizedDescription)")
        }
        return try DeviceProfile(yaml: text, source: path)
    }

    /// Parses a profile from YAML text; `source` names it in errors.
    public init(yaml: String, source: String) throws(ConsoleError) {
        let file: ProfileFile
        do {
            file = try YAMLDecoder().decode(ProfileFile.self, from: yaml)
        } catch {
            throw ConsoleError(.invalidProfile, at: source, "\(error)")
        }
        try self.init(file: file, source: source)
    }

    /// The directories searched for profiles by default: `$GAMMALOG_DEVICES`,
    /// `./Devices`, the source tree's `Devices` and `/usr/share/gammalog/Devices`.
    public static func defaultSearchPath(sourceFile: String = #filePath) -> [String] {
        var directories: [String] = []
        if let fromEnvironment = ProcessInfo.processInfo.environment["GAMMALOG_DEVICES"] {
            directories.append(fromEnvironment)
        }
        directories.append(FileManager.default.currentDirectoryPath + "/Devices")
        let sourceRoot = URL(fileURLWithPath: sourceFile)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        directories.append(sourceRoot.appendingPathComponent("Devices").path)
        directories.append("/usr/share/gammalog/Devices")
        return directories
    }

    /// The field named `name` of a journal slot.
    public func slotField(_ name: String) -> FieldLayout? {
        slot.first { $0.name == name }
    }
}
