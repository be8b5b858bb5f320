import ArgumentParser
import ChargeCapture
import Foundation
import Reports
import SQLiteStore
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
        // Through the protocol: specializing the load for SQLiteStore crashes the release compiler (Swift 6.3.1,
        // LLVM's coroutine splitting of this function).
        let detail = try await store.withStore { store, _ in try await SessionDetail.load(id, from: store, at: Date()) }
        guard let detail else {
            throw ValidationError("no session \(id)")
        }
        let output: String
        switch format {
        case .csv: output = ShotCSV.render(detail.session)
        case .json: output = String(decoding: try Charge.encoder().encode(detail.document), as: UTF8.self)
        case .html:
            output = try PageRenderer(zone: try store.configuration().facility.timeZone).report(detail, at: Date())
        }
        FileHandle.standardOutput.write(Data(output.utf8))
    }
}
