import PostgresNIO
import Store

extension PostgresQuery.StringInterpolation {
    /// `\(historyInsert: links)`: the one INSERT that appends links to their charges' histories, however many,
    /// in the order given (ids follow it). A statement of its own, or a `WITH` before the write of the charges'
    /// rows, so that a row and its history's new end reach the server in one round trip.
    mutating func appendInterpolation(historyInsert links: [HistoryLink]) {
        appendLiteral(
            """
            INSERT INTO charge_history (charge_id, at, actor, action, from_status, to_status, reason, consumer,
                code_before, code_after, mac)
            SELECT id, at, actor, action, NULLIF(from_status, ''), to_status, CASE WHEN has_reason THEN reason END,
                NULLIF(consumer, ''), NULLIF(code_before, ''), NULLIF(code_after, ''), mac
            FROM unnest(
            """)
        appendInterpolation(links.map(\.chargeID))
        appendLiteral("::text[], ")
        appendInterpolation(links.map(\.at))
        appendLiteral("::float8[], ")
        appendInterpolation(links.map(\.actor))
        appendLiteral("::text[], ")
        appendInterpolation(links.map(\.action))
        appendLiteral("::text[], ")
        appendInterpolation(links.map { $0.from ?? "" })
        appendLiteral("::text[], ")
        appendInterpolation(links.map(\.to))
        appendLiteral("::text[], ")
        appendInterpolation(links.map { $0.reason ?? "" })
        appendLiteral("::text[], ")
        appendInterpolation(links.map { $0.reason != nil })
        appendLiteral("::bool[], ")
        appendInterpolation(links.map { $0.consumer ?? "" })
        appendLiteral("::text[], ")
        appendInterpolation(links.map { $0.codeBefore ?? "" })
        appendLiteral("::text[], ")
        appendInterpolation(links.map { $0.codeAfter ?? "" })
        appendLiteral("::text[], ")
        appendInterpolation(links.map(\.mac))
        appendLiteral(
            """
            ::text[]) WITH ORDINALITY
                AS h(id, at, actor, action, from_status, to_status, reason, has_reason, consumer, code_before,
                    code_after, mac, place)
            ORDER BY place
            """)
    }
}
