import ArgumentParser
import ChargeCapture
import Foundation
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
            report = try await store.open().reconcile(date: date, at: Date())
        } catch let error as ChargeError {
            throw ValidationError(error.detail)
        }
        if json {
            let encoder = Charge.encoder()
            encoder.outputFormatting.insert(.prettyPrinted)
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print(Self.table(report))
        }
        if !report.missing.isEmpty {
            FileHandle.standardError.write(
                Data("gammalog: \(report.missing.count) delivered session(s) with no charge and no reason\n".utf8))
            throw ExitCode(1)
        }
    }

    static func table(_ report: Reconciliation) -> String {
        var lines = ["service date \(report.date): \(report.sessions.count) session(s)"]
        lines.append(
            "SESSION              CONSOLE  KIND       OUTCOME            DELIVERED  CHARGE               STATUS / REASON"
        )
        for line in report.sessions {
            let status =
                line.chargeStatus.map { status in
                    line.holdReasons.isEmpty ? status : "\(status) (\(line.holdReasons.joined(separator: ", ")))"
                }
                ?? (line.noChargeReason == "missing" ? "MISSING: no charge" : "no charge: \(line.noChargeReason ?? "")")
            lines.append(
                [
                    Formats.pad(line.session, 20), Formats.pad(line.console, 8),
                    Formats.pad(line.kind ?? "unknown", 10),
                    Formats.pad(line.outcome, 18),
                    Formats.pad(String(format: "%.1f min", Double(line.deliveredMs) / 60_000), 10),
                    Formats.pad(line.chargeID ?? "-", 20), status,
                ].joined(separator: " "))
        }
        return lines.joined(separator: "\n")
    }
}
