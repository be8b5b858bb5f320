import ChargeCapture
import Foundation
import PostgresNIO
import Store

extension PostgresStore: ReviewStore {
    public func sign(session id: String, by: String, note: String, at now: Date) async throws -> SessionReview {
        let signOff = try SignOff(by: by, note: note, at: now)
        let decision = try await chargeTransaction("sign \(id)") { connection -> SignOff.Decision in
            let row = try await connection.query(
                "SELECT body, final, signed FROM sessions WHERE id = \(id) FOR UPDATE", logger: self.logger
            ).collect().first?.decode((String, Bool, Bool).self)
            let record = row.map { SignOff.Record(hash: HashChain.sha256($0.0), final: $0.1, signed: $0.2) }
            let decision = try signOff.decide(
                session: id, record: record, charge: try await self.fetchCharge(connection, id: id))
            let review = decision.review
            try await connection.query(
                """
                INSERT INTO reviews (session_id, kind, by, at, note, record_hash)
                VALUES (\(id), \(review.kind), \(review.by), \(review.at.timeIntervalSince1970), \(review.note),
                    \(review.recordHash))
                """, logger: self.logger)
            if decision.marksSigned {
                try await connection.query("UPDATE sessions SET signed = true WHERE id = \(id)", logger: self.logger)
            }
            if let release = decision.release { try await self.apply(connection, release) }
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
        return try await read("reviews") { connection in
            var found: [String: [SessionReview]] = [:]
            let rows = try await connection.query(
                """
                SELECT session_id, kind, by, at, note, record_hash FROM reviews WHERE session_id = ANY(\(ids))
                ORDER BY id
                """, logger: self.logger)
            for try await (session, kind, by, at, note, hash) in rows.decode(
                (String, String, String, Double, String, String).self)
            {
                found[session, default: []].append(
                    SessionReview(kind: kind, by: by, at: Date(timeIntervalSince1970: at), note: note, recordHash: hash)
                )
            }
            return found
        }
    }
}
