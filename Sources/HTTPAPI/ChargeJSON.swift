import ChargeCapture
import Foundation

/// A claim's answer: `{"lease", "expires_at", "charges"}`.
struct ClaimJSON: Encodable {
    let lease: String
    let expiresAt: Date
    let charges: [Charge]

    private enum CodingKeys: String, CodingKey {
        case lease, expiresAt = "expires_at", charges
    }
}

/// A void's answer: the charge, and the credit it queued after export (or null).
struct VoidJSON: Encodable {
    let charge: Charge
    let credit: Charge?

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(charge, forKey: .charge)
        try container.encode(credit, forKey: .credit)
    }

    private enum CodingKeys: String, CodingKey { case charge, credit }
}

/// One history entry: `{"at", "by", "action", "from", "to", "reason"}`.
struct HistoryJSON: Encodable {
    let entry: ChargeHistoryEntry

    init(_ entry: ChargeHistoryEntry) { self.entry = entry }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(entry.at, forKey: .at)
        try c.encode(entry.actor, forKey: .by)
        try c.encode(entry.action, forKey: .action)
        try c.encode(entry.from?.rawValue, forKey: .from)
        try c.encode(entry.to.rawValue, forKey: .to)
        try c.encode(entry.reason, forKey: .reason)
    }

    private enum CodingKeys: String, CodingKey { case at, by, action, from, to, reason }
}
