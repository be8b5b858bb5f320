import ChargeCapture
import Foundation
import GRDB
import Store

extension SQLiteStore: ReviewStore {
    public func sign(session id: String, by: String, note: String, at now: Date) async throws -> SessionReview {
        let signOff = try SignOff(by: by, note: note, at: now)
        let decision = try await chargeWrite("sign \(id)") { db -> SignOff.Decision in
            let record = try Row.fetchOne(
                db, sql: "SELECT body, final, signed FROM sessions WHERE id = ?", arguments: [id]
            ).map { SignOff.Record(hash: HashChain.sha256($0["body"]), final: $0["final"], signed: $0["signed"]) }
            let decision = try signOff.decide(session: id, record: record, charge: try Self.fetchCharge(db, id: id))
            let review = decision.review
            try db.execute(
                sql: "INSERT INTO reviews (session_id, kind, by, at, note, record_hash) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [
                    id, review.kind, review.by, review.at.timeIntervalSince1970, review.note, review.recordHash,
                ])
            if decision.marksSigned {
                try db.execute(sql: "UPDATE sessions SET signed = 1 WHERE id = ?", arguments: [id])
            }
            if let release = decision.release { try Self.apply(db, release, key: self.key) }
            return decision
        }
        if decision.release != nil { readyBell.ring() }
        return decision.review
    }

    public func reviews(ofSession id: String) async throws -> [SessionReview] {
        try await reviews(ofSessions: [id])[id] ?? []
    }

    public func reviews(ofSessions ids: [String]) async throws -> [String: [SessionReview]] {
        guard !ids.isEmpty else { return [:] }
        let marks = Array(repeating: "?", count: ids.count).joined(separator: ",")
        return try await read("reviews") { db in
            var found: [String: [SessionReview]] = [:]
            let rows = try Row.fetchAll(
                db, sql: "SELECT * FROM reviews WHERE session_id IN (\(marks)) ORDER BY id",
                arguments: StatementArguments(ids))
            for row in rows {
                found[row["session_id"], default: []].append(
                    SessionReview(
                        kind: row["kind"], by: row["by"], at: Date(timeIntervalSince1970: row["at"]), note: row["note"],
                        recordHash: row["record_hash"]))
            }
            return found
        }
    }
}
