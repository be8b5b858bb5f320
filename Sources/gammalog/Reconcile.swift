import ArgumentParser
import ChargeCapture
import Foundation
import Reports
import Store

/// `gammalog reconcile --date D`: every session of a service date with its
/// charge and status, or why there is none; exit 1 when a delivered session
/// has neither.
struct Reconcile: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List a service date's sessions with their charges; exit 1 if a delivered session has none.")

    @OptionGroup var store: StoreOptions

    @Option(help: "The service date, YYYY-MM-DD, in the facility's time zone.")
    var date: String

    @Flag(help: "Print JSON (the same as GET /api/v1/reconciliation).")
    var json = false

    func run() async throws {
        let report: Reconciliation
        do {
            report = try await store.withStore { store, configuration in
                try await store.reconcile(date: date, settings: configuration.charges, at: Date())
            }
        } catch let error as ChargeError {
            throw ValidationError(error.detail)
        }
        if json {
            let encoder = Charge.encoder()
            encoder.outputFormatting.insert(.prettyPrinted)
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print(TerminalText.reconciliation(report))
        }
        if !report.missing.isEmpty {
            FileHandle.standardError.write(
                Data("gammalog: \(report.missing.count) delivered session(s) with no charge and no reason\n".utf8))
            throw ExitCode(1)
        }
    }

}
