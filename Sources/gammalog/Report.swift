import ArgumentParser
import Foundation
import Reports
import Store

/// `gammalog report --month 2026-11`: the monthly report of one console as a print-ready HTML file, and as a
/// PDF through headless Chromium when asked and installed.
struct Report: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a console's monthly report (HTML, and PDF through Chromium).")

    @OptionGroup var store: StoreOptions

    @Option(help: "The month, YYYY-MM, in the facility's time zone.")
    var month: String

    @Option(help: "The console (default: the configuration's first, else gk1).")
    var console: String?

    @Option(help: "The HTML file to write (default: report-<console>-<month>.html).")
    var out: String?

    @Flag(help: "Also print it to PDF beside the HTML, with chromium --headless.")
    var pdf = false

    func run() async throws {
        let configuration = try store.configuration()
        let console = console ?? configuration.consoles.first?.name ?? "gk1"
        let month = month
        let loaded = try await store.withStore { store, configuration in
            try await MonthlyReport.load(
                console: console, month: month, from: store, zone: configuration.facility.timeZone,
                physics: configuration.physics, at: Date())
        }
        guard let report = loaded else { throw ValidationError("--month: '\(month)' is not a month YYYY-MM") }
        let html = try PageRenderer(zone: configuration.charges.timeZone).monthly(
            report, consoles: [console], viewer: nil, at: Date())
        let path = out ?? "report-\(console)-\(month).html"
        try PrivateFile.write(html, to: path, replacing: true)
        print("wrote \(path): \(report.sessions.count) sessions, \(report.held.count) charges held")
        guard pdf else { return }
        let target = (path.hasSuffix(".html") ? String(path.dropLast(5)) : path) + ".pdf"
        try Self.printPDF(html: path, to: target)
        PrivateFile.restrict(target)
        print("wrote \(target)")
    }

    /// Prints `html` to `pdf` with headless Chromium; a clear error when it is not installed or fails.
    static func printPDF(html: String, to pdf: String) throws {
        let candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        guard let chromium = candidates.first(where: FileManager.default.isExecutableFile(atPath:)) else {
            throw ValidationError("--pdf: Chromium is not installed (apt-get install chromium); the HTML is written")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromium)
        let absolute = URL(fileURLWithPath: html).standardizedFileURL
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
            "--print-to-pdf=\(URL(fileURLWithPath: pdf).standardizedFileURL.path)", absolute.absoluteString,
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0, FileManager.default.fileExists(atPath: pdf) else {
            throw ValidationError("--pdf: chromium exited \(process.terminationStatus) without writing \(pdf)")
        }
    }
}
