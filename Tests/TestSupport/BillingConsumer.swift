/// A billing system draining the charge queue over HTTP, as the contract
/// describes: claim up to `batch`, ack what was claimed, until a claim comes
/// back empty. Returns the ids it exported.
public struct BillingConsumer: Sendable {
    /// The daemon's port on 127.0.0.1.
    public var port: Int
    /// A billing token.
    public var token: String
    /// The consumer's name.
    public var name: String
    /// Charges per claim.
    public var batch: Int
    /// Lease length.
    public var leaseSeconds = 300

    /// A consumer.
    public init(port: Int, token: String, name: String, batch: Int, leaseSeconds: Int = 300) {
        self.port = port
        self.token = token
        self.name = name
        self.batch = batch
        self.leaseSeconds = leaseSeconds
    }

    /// `count` consumers named `prefix`0, `prefix`1, … draining at once, spread in turn over the daemons on
    /// `ports`; returns every id exported, repeats included.
    public static func drainAtOnce(
        _ count: Int, over ports: [Int], token: String, batch: Int, prefix: String = "c"
    ) async throws -> [String] {
        try await withThrowingTaskGroup(of: [String].self) { group in
            for index in 0..<count {
                let consumer = BillingConsumer(
                    port: ports[index % ports.count], token: token, name: "\(prefix)\(index)", batch: batch)
                group.addTask { try await consumer.drain() }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
    }

    /// Claims and acks until the queue is empty; fails on any claim or ack that is not 200.
    public func drain() async throws -> [String] {
        var exported: [String] = []
        while true {
            let claim = try await HTTPProbe.send(
                port: port, "POST", "/api/v1/charges/claim", token: token,
                json: #"{"consumer": "\#(name)", "max": \#(batch), "lease_seconds": \#(leaseSeconds)}"#)
            guard claim.status == 200, let charges = claim.object?["charges"] as? [[String: Any]] else {
                throw HTTPProbe.ProbeError("claim answered \(claim.status): \(claim.text)")
            }
            let ids = charges.compactMap { $0["id"] as? String }
            if ids.isEmpty { return exported }
            let lease = claim.object?["lease"] as? String ?? ""
            let list = ids.map { "\"\($0)\"" }.joined(separator: ",")
            let ack = try await HTTPProbe.send(
                port: port, "POST", "/api/v1/charges/ack", token: token,
                json: #"{"lease": "\#(lease)", "ids": [\#(list)]}"#)
            guard ack.status == 200 else { throw HTTPProbe.ProbeError("ack answered \(ack.status): \(ack.text)") }
            exported += ids
        }
    }
}
