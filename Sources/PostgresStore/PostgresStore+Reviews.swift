import ChargeCapture
import Foundation
import PostgresNIO
import Store

extension PostgresStore: ReviewStore {
    public func sign(session id: String, by: String, note: String, at now: Date) async throws -> SessionReview {
        guard !by.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ChargeError(.invalid, charge: nil, "a signature needs the signer's name")
        }
        guard note.count <= 4000 else { throw ChargeError(.invalid, charge: nil, "note: longer than 4000 characters") }
        let (review, released) = try await chargeTransaction("sign \(id)") { connection -> (SessionReview, Bool) in
            guard
                let (body, final, signed) = try await connection.query(
                    "SELECT body, final, signed FROM sessions WHERE id = \(id) FOR UPDATE", logger: self.logger
                ).collect().first?.decode((String, Bool, Bool).self)
            else { throw ChargeError(.notFound, charge: nil, "no session \(id)") }
            guard final else {
                throw ChargeError(.conflict, charge: nil, "session \(id) is still open; sign it once it has closed")
            }
            let hash = HashChain.sha256(body)
            let review = SessionReview(
                kind: signed ? "addendum" : "review", by: by, at: now, note: note, recordHash: hash)
            try await connection.query(
                """
                INSERT INTO reviews (session_id, kind, by, at, note, record_hash)
                VALUES (\(id), \(review.kind), \(by), \(now.timeIntervalSince1970), \(note), \(hash))
                """, logger: self.logger)
            guard !signed else { return (review, false) }
            try await connection.query("UPDATE sessions SET signed = true WHERE id = \(id)", logger: self.logger)
            // With after_review, signing the record is what releases its charge.
            guard let charge = try await self.fetchCharge(connection, id: id), charge.status == .pendingReview else {
                return (review, false)
            }
            try await self.change(connection, id, enqueue: true) { charge in
                try charge.release(by: by, signsRecords: true, reason: "delivery record signed", modifiers: [], at: now)
            }
            return (review, true)
        }
        if released { readyBell.ring() }
        return review
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
