import Console
import ConsoleRecords
import ConsoleSimulator
import TestSupport
import Testing

/// What the reader got, in the simulator's terms, for comparing with its history.
struct ReadEvent: Hashable, CustomStringConvertible {
    var bootID: UInt32
    var seq: UInt32
    var kind: EventKind?
    var session: UInt32
    var shot: Int

    init(_ event: ConsoleEvent) {
        (bootID, seq, kind, session, shot) = (event.bootID, event.seq, event.kind, event.session, event.shot)
    }

    init(_ event: WrittenEvent) {
        (bootID, seq, kind, session, shot) = (event.bootID, event.seq, event.kind, event.session, event.shot)
    }

    var description: String { "\(seq)@\(bootID):\(kind?.rawValue ?? "?") s\(session) #\(shot)" }
}

extension Harness {
    /// Applies the scenario one step at a time, polling every `every` steps.
    /// Ends by polling until the journal is read to its head.
    func stepThrough(polling collector: JournalCollector, with driver: any ConsoleDriver, every: Int = 3) async {
        await collector.poll(driver)
        while !simulator.isFinished {
            simulator.step(every)
            await collector.poll(driver)
        }
        await collector.drain(driver, simulator: simulator, interval: .milliseconds(10), limit: 300)
    }

    /// Every event the simulated gateway wrote.
    var written: [ReadEvent] { simulator.withModel { $0.history }.map(ReadEvent.init) }
}

extension JournalCollector {
    /// The events read, as comparable values.
    var read: [ReadEvent] { events.map(ReadEvent.init) }

    /// Sequence numbers of one boot accounted for by an event or a gap, with repeats.
    func accountedSeqs(boot: UInt32) -> [UInt32] {
        var seqs = events.filter { $0.bootID == boot }.map(\.seq)
        for gap in gaps where gap.bootID == boot && gap.kind != .gatewayRestart {
            if let first = gap.firstSeq, let last = gap.lastSeq { seqs += Array(first...last) }
        }
        return seqs.sorted()
    }
}
