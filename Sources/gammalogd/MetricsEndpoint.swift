import ChargeCapture
import Foundation
import HTTPAPI
import Hummingbird
import Metrics
import Prometheus
import Store

/// `GET /metrics`: everything the daemon's parts record through
/// swift-metrics, in Prometheus text format; the charge gauges are read
/// from the store at each scrape.
struct MetricsEndpoint: Sendable {
    let registry: PrometheusCollectorRegistry
    let store: any GammaLogStore

    /// Makes `registry` the process's metrics backend, with Prometheus-safe names
    /// (`hb.requests` becomes `gammalog_http_requests_total`).
    static func bootstrap() -> PrometheusCollectorRegistry {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets["gammalog_charge_ready_delay_seconds"] = [
            .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2), .seconds(5),
            .seconds(10), .seconds(30), .seconds(60), .seconds(300),
        ]
        factory.nameAndLabelSanitizer = { name, labels in
            let renamed =
                [
                    "hb.requests": "gammalog_http_requests_total",
                    "hb.request.errors": "gammalog_http_request_errors_total",
                    "http.server.request.duration": "gammalog_http_request_duration_seconds",
                    "http.server.active_requests": "gammalog_http_active_requests",
                ][name] ?? name
            return (sanitized(renamed), labels.map { (sanitized($0.0), $0.1) })
        }
        MetricsSystem.bootstrap(factory)
        return registry
    }

    static func sanitized(_ name: String) -> String {
        String(name.map { $0.isLetter || $0.isNumber || $0 == "_" || $0 == ":" ? $0 : "_" })
    }

    func addRoute(to router: Router<APIRequestContext>) {
        router.get("/metrics") { _, _ in
            if let counts = try? await store.chargeCounts(at: Date()) {
                for status in Charge.Status.allCases {
                    Gauge(label: "gammalog_charges", dimensions: [("status", status.rawValue)])
                        .record(counts[status] ?? 0)
                }
            }
            return Response.text(registry.emitToString(), type: "text/plain; version=0.0.4; charset=utf-8")
        }
    }
}
