import ChargeCapture
import Foundation
import GRDB

extension SQLiteStore: ReviewStore {
    public func sign(session id: String, by: String, note: String, at now: Date) async throws -> SessionReview {
        guard !by.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ChargeError(.invalid, charge: nil, "a signature needs the signer's name")
        }
        guard note.count <= 4000 else { throw ChargeError(.invalid, charge: nil, "note: longer than 4000 characters") }
        let (review, released) = try await chargeWrite("sign \(id)") { db -> (SessionReview, Bool) in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT body, final, signed FROM sessions WHERE id = ?", arguments: [id])
            else { throw ChargeError(.notFound, charge: nil, "no session \(id)") }
            guard row["final"] as Bool else {
                throw ChargeError(.conflict, charge: nil, "session \(id) is still open; sign it once it has closed")
            }
            let body: String = row["body"]
            let hash = HashChain.sha256(body)
            let first = !(row["signed"] as Bool)
            let review = SessionReview(
                kind: first ? "review" : "addendum", by: by, at: now, note: note, recordHash: hash)
            try db.execute(
                sql: "INSERT INTO reviews (session_id, kind, by, at, note, record_hash) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [id, review.kind, by, now.timeIntervalSince1970, note, hash])
            if first { try db.execute(sql: "UPDATE sessions SET signed = 1 WHERE id = ?", arguments: [id]) }
            // With after_review, signing the record is what releases its charge.
            var released = false
            if var charge = try Self.fetchCharge(db, id: id), charge.status == .pendingReview, first {
                let entry = try charge.release(
                    by: by, signsRecords: true, reason: "delivery record signed", modifiers: [], at: now)
                try Self.saveCharge(db, charge, enqueue: true, key: self.key)
                try Self.appendHistory(db, charge: id, entry, key: self.key)
                released = true
            }
            return (review, released)
        }
        if released { readyBell.ring() }
        return review
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
