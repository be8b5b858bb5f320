import ArgumentParser
import ChargeCapture
import Foundation
import Store

/// `gammalog audit`: the access log exported, oldest first, as CSV (for the hospital's audit tools): who read
/// which patient's data, signed in or out, or had a credential refused, through the daemon's API and pages.
struct Audit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Export the access log as CSV, oldest first (who read which patient's data, and when).")

    @OptionGroup var store: StoreOptions

    @Option(help: "Only entries at or after this time (RFC 3339).")
    var since: String?

    @Option(help: "Only this caller's entries.")
    var actor: String?

    @Option(help: "Only entries that carried this patient's data.")
    var patient: String?

    func run() async throws {
        var query = AccessQuery(actor: actor, patient: patient, limit: 1_000)
        if let since {
            guard let start = RFC3339.parse(since) else {
                throw ValidationError("--since: '\(since)' is not an RFC 3339 time")
            }
            query.since = start
        }
        print("id,at,actor,peer,route,resource,patients,outcome")
        // Page by place, a thousand at a time: a year's log never sits in memory whole.
        try await store.withStore { store, _ in
            while true {
                let page = try await store.accessEntries(query)
                for entry in page { print(Self.row(entry)) }
                guard page.count == query.limit, let last = page.last?.id else { break }
                query.after = last
            }
        }
    }

    /// One entry as a CSV row (RFC 4180 quoting).
    static func row(_ entry: AccessEntry) -> String {
        let fields = [
            entry.id.map(String.init) ?? "", RFC3339.format(entry.at), entry.actor, entry.peer ?? "", entry.route,
            entry.resource ?? "", entry.patients.joined(separator: " "), entry.outcome,
        ]
        return fields.map(quoted).joined(separator: ",")
    }

    static func quoted(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
