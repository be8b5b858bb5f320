import ArgumentParser
import Foundation
import Store

/// `gammalog backup --to FILE`: a consistent copy of the store while the daemon runs, verified.
struct Backup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Copy the store while the daemon runs (SQLite's online backup), then verify the copy's chain.")

    @OptionGroup var store: StoreOptions

    @Option(help: "The file to write; it must not exist.")
    var to: String

    func run() async throws {
        let result = try await store.open().backup(to: to)
        print(
            "backup: \(result.path): \(result.sessions) sessions, \(result.charges) charges, "
                + "chain verified: \(result.chain.checked) records")
    }
}
