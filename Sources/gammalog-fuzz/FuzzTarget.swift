import Console
import Foundation
import HL7
import HTTPAPI
import Settings

/// What the daemon reads from outside, each a fuzz target: the CCG-1 journal
/// slot and register decoders, the driver's whole poll step over a register image, the HL7 parser (and what is built on it),
/// MLLP framing, the configuration loader and the API's request bodies. Each
/// must answer any bytes with a value or an error, never a trap, and keep
/// its invariants (checked with `precondition`, so a broken one is a crash
/// the fuzzer keeps).
enum FuzzTarget: String, CaseIterable, Sendable {
    case slot, poll, hl7, mllp, config, http

    /// The CCG-1 profile, from the repository's Devices (or `GAMMALOG_DEVICES`).
    static let profile: DeviceProfile? = try? DeviceProfile.load(
        named: "ccg1", searching: DeviceProfile.defaultSearchPath())

    func run(_ bytes: [UInt8]) {
        switch self {
        case .slot: Self.slot(bytes)
        case .poll: PollStepTarget.run(bytes)
        case .hl7: Self.hl7(String(decoding: bytes, as: UTF8.self))
        case .mllp: Self.mllp(bytes)
        case .config: _ = try? DaemonConfiguration.parse(String(decoding: bytes, as: UTF8.self), file: "fuzz.yaml")
        case .http: _ = APIRequestDecoder.bodiesAccepting(Data(bytes))
        }
    }

    /// Registers from the bytes (big-endian pairs), decoded as a journal slot, a session block, status and identity.
    static func slot(_ bytes: [UInt8]) {
        guard let profile = profile else { preconditionFailure("no ccg1 profile: set GAMMALOG_DEVICES") }
        var registers: [UInt16] = []
        var index = 0
        while index + 1 < bytes.count {
            registers.append(UInt16(bytes[index]) << 8 | UInt16(bytes[index + 1]))
            index += 2
        }
        let slice = registers[...]
        let event = profile.decodeEvent(slice, bootID: 1, sectorCount: 8, lastSession: 5)
        precondition(event.sectors.count <= 8, "more sectors than the unit has")
        _ = profile.slotSequence(slice)
        _ = profile.decodeSession(slice)
        _ = profile.decodeStatus(slice)
        _ = try? profile.decodeIdentity(slice, at: "fuzz")
    }

    /// The text parsed as HL7; what parses is read as an ACK and as an ADT update, and survives re-encoding.
    static func hl7(_ text: String) {
        _ = HL7Acknowledgement(parsing: text)
        guard let message = try? HL7Message(parsing: text) else { return }
        _ = try? ADTUpdate(message, assigningAuthority: "HOSP", payers: .example)
        let encoded = message.encoded
        guard let again = try? HL7Message(parsing: encoded) else {
            preconditionFailure("a parsed message does not parse once encoded")
        }
        precondition(again.encoded == encoded, "encoding is not stable")
    }

    /// The bytes framed in two chunks: the same messages as in one, none with a frame byte inside.
    static func mllp(_ bytes: [UInt8]) {
        var whole = MLLPFrameBuffer()
        let messages = whole.append(bytes)
        var split = MLLPFrameBuffer()
        let cut = bytes.isEmpty ? 0 : Int(bytes[0]) % (bytes.count + 1)
        let parts = split.append(bytes[..<cut]) + split.append(bytes[cut...])
        precondition(messages == parts, "framing depends on how the bytes arrive")
        for message in messages { precondition(!message.utf8.contains(0x0b), "a start byte inside a message") }
    }
}
