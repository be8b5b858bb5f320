import Foundation
import Store
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// multi-site.md 1.1, guarantee 10: a primary and its synchronous standby (Debian's PostgreSQL,
/// `pg_basebackup -R`), two real daemons naming both hosts, four simulated consoles closing sessions, the HL7
/// push running, a billing system holding a lease; the primary dies mid-day (an immediate shutdown) and the
/// standby is promoted.
@Suite(.serialized) struct FailoverEndToEndTests {
    @Test func thePrimaryDiesAndEveryDaemonWritesToThePromotedStandbyChargingAndSendingOnceLeasesHoldingThenStops()
        async throws
    {
        let primary = try RestartablePostgres()
        let standby = try primary.standby()
        // The receiver leaves the first two messages unanswered (the sender waits, then sends again), so that
        // ready charges are there for the billing system to claim before the failover.
        let peer = try HL7Peer(script: ["NOACK", "NOACK"])
        // Both hosts, as libpq takes them: the daemons write to whichever accepts writes.
        let standbyHost = try #require(standby.url.split(separator: "@").last?.split(separator: "/").first)
        let url = primary.url.replacingOccurrences(of: "/postgres", with: ",\(standbyHost)/postgres")
        var simulators: [DaemonProcess] = []
        defer { for simulator in simulators { _ = simulator.stop(SIGKILL) } }
        var daemons: [(site: String, process: DaemonProcess, port: Int)] = []
        defer { for daemon in daemons { _ = daemon.process.stop(SIGKILL) } }
        for (site, serials) in [("north", ["4711", "4712"]), ("south", ["5811", "5812"])] {
            var consoles: [(name: String, port: Substring)] = []
            var folder: URL?
            for (index, serial) in serials.enumerated() {
                let (directory, simulator) = try DaemonProcess.simulator(
                    playing: MultiSiteEndToEndTests.scenario(serial: serial, shared: 0, treatments: 8),
                    named: "failover-\(serial)")
                simulators.append(simulator)
                folder = folder ?? directory
                #expect(simulator.waitFor("steps"))
                consoles.append(("gk\(index + 1)", try #require(simulator.listeningPort)))
            }
            let httpPort = try LoopbackPort.free()
            let config = try #require(folder).appendingPathComponent("\(site).yaml").path
            try MultiSiteEndToEndTests.configuration(
                store: MultiSiteEndToEndTests.sharedStore(
                    url: url, passwordFile: primary.passwordFile, caFile: primary.caFile, site: site),
                consoles: consoles, httpPort: httpPort, hl7Port: peer.port
            ).write(toFile: config, atomically: true, encoding: .utf8)
            let process = try DaemonProcess("gammalogd", ["--config", config])
            daemons.append((site, process, httpPort))
            #expect(process.waitFor("listening", timeout: 30), "\(site): \(process.text)")
        }
        func count(_ server: RestartablePostgres, _ sql: String) -> Int { Int((try? server.psql(sql)) ?? "") ?? -1 }
        var before = 0
        for _ in 0..<300 where before < 4 {
            before = count(primary, "SELECT count(*) FROM charges")
            usleep(50_000)
        }
        #expect((4..<32).contains(before), "the primary dies mid-day: \(before) charges")
        // A billing system claims through north's API before the failover, with a lease that outlives it.
        var lease: (token: String, ids: [String])?
        for _ in 0..<200 where lease == nil {
            let claim = try? HTTPProbe.request(
                port: daemons[0].port, "POST", "/api/v1/charges/claim", token: "billing-secret",
                json: #"{"consumer": "pull", "max": 2, "lease_seconds": 600}"#)
            if let body = claim?.object, let token = body["lease"] as? String,
                let ids = (body["charges"] as? [[String: Any]])?.compactMap({ $0["id"] as? String }), !ids.isEmpty
            {
                lease = (token, ids)
            } else {
                usleep(50_000)
            }
        }
        let leased = try #require(lease, "a ready charge to claim before the failover")
        let heldList = leased.ids.map { "'\($0)'" }.joined(separator: ", ")

        try primary.crash()
        // In between, no server accepts writes: every daemon says so.
        for daemon in daemons {
            var health: HTTPProbe.Response?
            for _ in 0..<50 {
                health = try? HTTPProbe.request(port: daemon.port, "GET", "/healthz")
                if health?.status == 503 { break }
                usleep(100_000)
            }
            #expect(
                health?.status == 503 && health?.text.contains("store") == true, "\(daemon.site): \(health?.text ?? "")"
            )
        }
        sleep(1)
        try standby.promote()
        let promoted = Date()
        // Every daemon writes to the new primary within 30 s of the promotion: its sites' charges grow there.
        let serials = ["north": "'4711', '4712'", "south": "'5811', '5812'"]
        func charges(_ site: String) -> Int {
            count(standby, "SELECT count(*) FROM charges WHERE serial IN (\(serials[site] ?? ""))")
        }
        let atPromotion = ["north": charges("north"), "south": charges("south")]
        var writing: [String: Double] = [:]
        while writing.count < 2 && Date().timeIntervalSince(promoted) < 60 {
            for site in ["north", "south"] where writing[site] == nil && charges(site) > atPromotion[site] ?? 0 {
                writing[site] = Date().timeIntervalSince(promoted)
            }
            usleep(100_000)
        }
        #expect(
            writing.count == 2 && writing.values.allSatisfy { $0 < 30 },
            "seconds to the first write: \(writing); \(daemons.map { $0.process.text.suffix(4000) })")

        // The lease holds on the new primary: its charges are still claimed, by it, and no HL7 sender took them;
        // the billing system acknowledges them through the other daemon.
        #expect(
            count(standby, "SELECT count(*) FROM charges WHERE status = 'claimed' AND id IN (\(heldList))")
                == leased.ids.count)
        let ids = leased.ids.map { "\"\($0)\"" }.joined(separator: ", ")
        let ack = try HTTPProbe.request(
            port: daemons[1].port, "POST", "/api/v1/charges/ack", token: "billing-secret",
            json: #"{"lease": "\#(leased.token)", "ids": [\#(ids)]}"#)
        #expect(ack.status == 200, "\(ack.text)")
        #expect(
            count(standby, "SELECT count(*) FROM charges WHERE status = 'exported' AND id IN (\(heldList))")
                == leased.ids.count)

        var total = 0
        for _ in 0..<900 where total < 32 {
            total = count(standby, "SELECT count(*) FROM charges")
            usleep(100_000)
        }
        #expect(total == 32, "every treatment charged once")
        let sessions = try standby.psql(
            "SELECT count(*), count(DISTINCT (serial, number)) FROM sessions WHERE kind = 'treatment' AND final")
        #expect(sessions == "32|32", "\(sessions)")
        // Every charge that can go out goes out, once: none is left ready; what the receiver accepted is what
        // the store marked exported. (A treatment whose events the console overwrote while no server took
        // writes is held incomplete_record, as any gap is: it waits for a person, it is not sent.)
        var unsent = -1
        for _ in 0..<600 where unsent != 0 {
            unsent = count(standby, "SELECT count(*) FROM charges WHERE status IN ('ready', 'claimed')")
            usleep(100_000)
        }
        var logs = ""
        for daemon in daemons {
            _ = await daemon.process.waitForOutput("\u{0}", timeout: 0.5)
            logs += daemon.process.text.split(separator: "\n").filter {
                $0.contains("hl7") || $0.contains("store") || $0.contains("warning")
            }.suffix(40).joined(separator: "\n")
        }
        #expect(unsent == 0, "\(logs)")
        let exported = count(standby, "SELECT count(*) FROM charges WHERE status = 'exported'")
        let held = count(standby, "SELECT count(*) FROM charges WHERE status = 'held'")
        #expect(exported + held == 32 && exported >= 16, "\(exported) exported, \(held) held")
        #expect(await peer.waitUntil(seconds: 10) { _ in peer.accepted().count >= exported - leased.ids.count })
        #expect(
            peer.accepted().count == exported - leased.ids.count,
            "each charge exported over HL7 accepted once by control id, the leased ones not at all")
        #expect(peer.accepted().allSatisfy { control in !leased.ids.contains { control.hasPrefix($0) } })
        print(
            "failover: first write on the new primary \(writing.map { "\($0.key) \(String(format: "%.1f", $0.value)) s" })"
        )
        // Every daemon, the one that stood by as HL7 sender through the failover too, stops when told.
        for daemon in daemons {
            let status = daemon.process.stop(SIGTERM)
            #expect(status == 0, "\(daemon.site) exits \(status) on SIGTERM: \(daemon.process.text.suffix(2000))")
        }
    }
}
