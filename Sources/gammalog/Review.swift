import ArgumentParser
import ChargeCapture
import Foundation
import Settings
import Store

/// `gammalog review ID --note TEXT`: signs a session's delivery record as the
/// configured operator (`review.operator`, or `--as`). A second signature is
/// an addendum; nothing already signed changes.
struct Review: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Sign a session's delivery record (a later signature is an addendum).")

    @OptionGroup var store: StoreOptions

    @Argument(help: "The session id, e.g. GK-4711-004211.")
    var id: String

    @Option(help: "A note kept with the signature.")
    var note = ""

    @Option(name: .customLong("as"), help: "Sign as this person (default: review.operator in the configuration).")
    var signer: String?

    func run() async throws {
        let name = try signer ?? store.configuration().reviewOperator
        guard let name, !name.isEmpty else {
            throw ValidationError("who signs? set review.operator in the configuration or pass --as NAME")
        }
        do {
            let review = try await store.withStore(writing: true) { store, _ in
                try await store.sign(session: id, by: name, note: note, at: Date())
            }
            print(
                "signed \(id): \(review.kind) by \(review.by) at \(RFC3339.format(review.at)) (record \(review.recordHash.prefix(12)))"
            )
        } catch let error as ChargeError {
            FileHandle.standardError.write(Data("gammalog: \(error.detail)\n".utf8))
            throw ExitCode(1)
        }
    }
}
