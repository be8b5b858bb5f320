import Daemon
import HTTPAPI

/// /healthz reads each poller's health through the HTTP layer's small protocol.
extension PollerHealth: ConsoleHealthSource {}
