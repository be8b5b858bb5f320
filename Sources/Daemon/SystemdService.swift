import Foundation
import ServiceLifecycle

/// Tells systemd the daemon is ready, pets the watchdog at half its interval
/// while the daemon runs, and says when it is stopping.
public struct SystemdService: Service {
    let notifier: SystemdNotifier
    let watchdog: Duration?

    /// A service for the environment's `NOTIFY_SOCKET` and `WATCHDOG_USEC`.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        notifier = SystemdNotifier(environment: environment)
        watchdog = environment["WATCHDOG_USEC"].flatMap(Int64.init).map { .microseconds($0 / 2) }
    }

    public func run() async throws {
        notifier.notify("READY=1\nSTATUS=recording")
        await cancelWhenGracefulShutdown {
            guard let watchdog else {
                while !Task.isCancelled { try? await Task.sleep(for: .seconds(3600)) }
                return
            }
            while !Task.isCancelled {
                notifier.notify("WATCHDOG=1")
                try? await Task.sleep(for: watchdog)
            }
        }
        notifier.notify("STOPPING=1")
    }
}
