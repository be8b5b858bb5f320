import ChargeCapture

/// One entry of a charge's history as it is sealed: the stored columns, and the MAC that chains it to the
/// entry before it. Written and checked from the same columns, so a store's reading gives back what was sealed.
public struct HistoryLink: Sendable, Hashable {
    /// The charge.
    public var chargeID: String
    /// When, in seconds since 1970 as stored.
    public var at: Double
    /// Who.
    public var actor: String
    /// What.
    public var action: String
    /// Status before.
    public var from: String?
    /// Status after.
    public var to: String
    /// Why.
    public var reason: String?
    /// The consumer a claim named.
    public var consumer: String?
    /// The code before.
    public var codeBefore: String?
    /// The code after.
    public var codeAfter: String?
    /// Its MAC ("" for entries written before history was sealed).
    public var mac: String

    /// A link from its stored columns.
    public init(
        chargeID: String, at: Double, actor: String, action: String, from: String?, to: String, reason: String?,
        consumer: String?, codeBefore: String?, codeAfter: String?, mac: String
    ) {
        self.chargeID = chargeID
        self.at = at
        self.actor = actor
        self.action = action
        self.from = from
        self.to = to
        self.reason = reason
        self.consumer = consumer
        self.codeBefore = codeBefore
        self.codeAfter = codeAfter
        self.mac = mac
    }

    /// The link of `entry` about to be written, sealed after `previous` (the charge's last MAC, "" for none).
    public init(charge id: String, _ entry: ChargeHistoryEntry, after previous: String, key: ChainKey?) {
        self.init(
            chargeID: id, at: entry.at.timeIntervalSince1970, actor: entry.actor, action: entry.action,
            from: entry.from?.rawValue, to: entry.to.rawValue, reason: entry.reason, consumer: entry.consumer,
            codeBefore: entry.codeBefore, codeAfter: entry.codeAfter, mac: "")
        if let key { mac = expectedMAC(after: previous, key: key) }
    }

    /// The MAC this entry should carry after `previous`.
    public func expectedMAC(after previous: String, key: ChainKey) -> String {
        let milliseconds = at.isFinite && abs(at) < 1e15 ? Int64((at * 1000).rounded()) : 0
        // An empty text and none are one: a store may keep either.
        let optional = [from, reason, consumer, codeBefore, codeAfter].map { $0?.isEmpty == false ? $0 : nil }
        return key.seal("history", [chargeID, previous, String(milliseconds), actor, action, to] + optional)
    }

    /// The seal a charge row keeps of its history's end: how many entries, and the last one's MAC.
    public static func headSeal(charge id: String, count: Int, last: String, key: ChainKey) -> String {
        key.seal("history head", [id, String(count), last])
    }

}
