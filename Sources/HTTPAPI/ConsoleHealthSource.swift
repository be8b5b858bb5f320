import Foundation

/// What `/healthz` needs to know of a console's poller.
public protocol ConsoleHealthSource: Sendable {
    /// The console's name.
    var console: String { get }
    /// When the poller started.
    var started: Date { get }
    /// Past this without a good read, the console is stale.
    var staleAfter: Duration { get }
    /// The last good read, nil before the first.
    var lastGoodRead: Date? { get }
}
