import ArgumentParser
import ChargeCapture
import Foundation
import Reports
import Store

/// `gammalog export ID --format csv|json|html`: a session's delivery record
/// as CSV (a row per shot), JSON (the API's shape) or a print-ready report.
struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Export a session's delivery record.")

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case csv, json, html
    }

    @OptionGroup var store: StoreOptions

    @Argument(help: "The session id.")
    var id: String

    @Option(help: "csv, json or html.")
    var format = Format.csv

    func run() async throws {
        let store = try self.store.open()
        guard let session = try await store.session(id: id) else { throw ValidationError("no session \(id)") }
        let reviews = try await store.reviews(ofSession: id)
        let charge = try await store.charge(id: id)
        let output: String
        switch format {
        case .csv:
            output = ShotCSV.render(session)
        case .json:
            let json = SessionJSON(session: session, chargeID: charge?.id, reviews: reviews)
            output = String(
                decoding: try SessionJSON.document(json, records: try await store.records(forSession: id)),
                as: UTF8.self)
        case .html:
            let detail = SessionDetail(
                session: session, reviews: reviews, charge: charge,
                history: charge == nil ? [] : try await store.history(ofCharge: id),
                records: try await store.records(forSession: id), noCharge: "")
            output = try PageRenderer().report(detail)
        }
        FileHandle.standardOutput.write(Data(output.utf8))
    }
}
