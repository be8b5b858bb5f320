import ChargeCapture
import Foundation
import Hummingbird

/// `{"charges": [...], "next": cursor}`: `next` continues after the last charge when more match, else null.
struct ChargeList: ResponseEncodable {
    let charges: [Charge]
    let next: String?

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(charges, forKey: .charges)
        try container.encode(next, forKey: .next)
    }

    private enum CodingKeys: String, CodingKey { case charges, next }
}

/// A claim's answer: `{"lease", "expires_at", "charges"}`.
struct ClaimJSON: ResponseEncodable {
    let lease: String
    let expiresAt: Date
    let charges: [Charge]

    private enum CodingKeys: String, CodingKey {
        case lease, expiresAt = "expires_at", charges
    }
}

/// An ack's or nack's answer: `{"acked": [...]}` or `{"nacked": [...]}`.
struct LeaseAnswer: ResponseEncodable {
    let ids: [String]
    let key: String

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: AnyKey.self)
        try container.encode(ids, forKey: AnyKey(key))
    }
}

/// A void's answer: the charge, and the credit it queued after export (or null).
struct VoidJSON: ResponseEncodable {
    let charge: Charge
    let credit: Charge?

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(charge, forKey: .charge)
        try container.encode(credit, forKey: .credit)
    }

    private enum CodingKeys: String, CodingKey { case charge, credit }
}

/// One charge with its history: the charge's fields and `history`.
struct ChargeDocument: ResponseEncodable {
    let charge: Charge
    let history: [ChargeHistoryEntry]

    func encode(to encoder: any Encoder) throws {
        try charge.encode(to: encoder)
        var container = encoder.container(keyedBy: AnyKey.self)
        try container.encode(history.map(HistoryJSON.init), forKey: AnyKey("history"))
    }
}

/// One history entry: `{"at", "by", "actor", "action", "from", "to", "reason"}`, with `consumer` for a
/// lease's steps and `code_before` / `code_after` when the code changed (billing-interfaces.md 1.1).
struct HistoryJSON: Encodable {
    let entry: ChargeHistoryEntry

    init(_ entry: ChargeHistoryEntry) { self.entry = entry }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(entry.at, forKey: .at)
        try c.encode(entry.actor, forKey: .by)
        try c.encode(entry.actor, forKey: .actor)
        try c.encode(entry.action, forKey: .action)
        try c.encode(entry.from?.rawValue, forKey: .from)
        try c.encode(entry.to.rawValue, forKey: .to)
        try c.encode(entry.reason, forKey: .reason)
        try c.encodeIfPresent(entry.consumer, forKey: .consumer)
        try c.encodeIfPresent(entry.codeBefore, forKey: .codeBefore)
        try c.encodeIfPresent(entry.codeAfter, forKey: .codeAfter)
    }

    private enum CodingKeys: String, CodingKey {
        case at, by, actor, action, from, to, reason, consumer
        case codeBefore = "code_before"
        case codeAfter = "code_after"
    }
}

extension Charge: ResponseEncodable {}
extension Reconciliation: ResponseEncodable {}

/// A key named at run time.
struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ name: String) { stringValue = name }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
