/// What `gammalog verify` decides, with no I/O: a store reads its rows in order and hands them here, and the
/// walk says what does not hold. The journal's links (keyed or, before the key, plain SHA-256; never a plain
/// one after a keyed one), each console's sealed head against the journal's end and the anchor file, the
/// sessions' and charges' seals, and each charge's history chain and its sealed end.
public struct ChainWalk: Sendable {
    /// One journal row as read.
    public struct Link: Sendable {
        /// Row id.
        public var id: Int64
        /// The console the row belongs to, as the store names it.
        public var console: String
        /// The chain it follows (a console's, the whole store's, a moved site's).
        public var chain: String
        /// The chains it continues (the one it follows, and any other its next link may follow).
        public var continues: [String]
        /// The console name its hash covers.
        public var hashedConsole: String
        /// Its kind.
        public var kind: String
        /// When it was received, seconds since 1970.
        public var receivedAt: Double
        /// Its canonical body.
        public var body: String
        /// The previous hash it claims.
        public var previousHash: String
        /// Its hash.
        public var hash: String
        /// The id of the key it is keyed with; "" for a plain SHA-256 link.
        public var keyID: String

        /// A row from its columns.
        public init(
            id: Int64, console: String, chain: String, continues: [String], hashedConsole: String, kind: String,
            receivedAt: Double, body: String, previousHash: String, hash: String, keyID: String
        ) {
            self.id = id
            self.console = console
            self.chain = chain
            self.continues = continues
            self.hashedConsole = hashedConsole
            self.kind = kind
            self.receivedAt = receivedAt
            self.body = body
            self.previousHash = previousHash
            self.hash = hash
            self.keyID = keyID
        }
    }

    /// The sessions the journal holds events or summaries of and the store no row for (either store's SQL).
    public static let missingSessionsSQL = """
        SELECT DISTINCT j.console, j.session_number FROM journal j
        WHERE j.kind IN ('event', 'session') AND j.session_number > 0
            AND NOT EXISTS (SELECT 1 FROM sessions s WHERE s.console = j.console AND s.number = j.session_number)
        ORDER BY j.console, j.session_number
        """

    let key: ChainKey?
    let anchor: [String: ChainHead]
    var previous: [String: String] = [:]
    var keyedChains: Set<String> = []
    var last: [String: (head: ChainHead, keyed: Bool)] = [:]
    var readersSeen: Set<String> = []
    var chargeStatus: [String: (status: String, historySeal: String, sealed: Bool)] = [:]
    var history: (charge: String, count: Int, last: String, to: String, keyed: Bool)?
    var historyCharges: Set<String> = []
    /// Links that hold.
    public private(set) var checked = 0
    /// The first link that does not hold; the journal walk stops there.
    public private(set) var firstBroken: BrokenLink?
    /// Everything else found.
    public private(set) var problems: [IntegrityProblem] = []
    /// When the first keyed link was received: rows written since then must be sealed.
    public private(set) var keyedSince: Double?

    /// A walk checking with `key` (nil: only plain links can be checked) against `anchor`'s heads.
    public init(key: ChainKey?, anchor: [String: ChainHead] = [:]) {
        self.key = key
        self.anchor = anchor
    }

    /// Whether the journal walk goes on.
    public var walking: Bool { firstBroken == nil }

    /// Checks the next journal row.
    public mutating func visit(_ link: Link) {
        guard walking else { return }
        let claimed = previous[link.chain] ?? HashChain.genesis
        func broken(_ reason: String) {
            firstBroken = BrokenLink(id: link.id, reason: reason)
            problems.append(IntegrityProblem(.journalLink, "#\(link.id) (\(link.console))", reason))
        }
        guard link.previousHash == claimed else {
            return broken("its previous hash does not match the link before it on \(link.console)")
        }
        let computed: String
        if link.keyID.isEmpty {
            guard !keyedChains.contains(link.chain) else {
                return broken("a plain SHA-256 link after keyed ones: it was not written by GammaLog")
            }
            computed = HashChain.link(
                previous: claimed, console: link.hashedConsole, kind: link.kind, receivedAt: link.receivedAt,
                body: link.body)
        } else {
            guard let key else {
                return broken("it is keyed (key \(link.keyID)) and no chain key was given to check it")
            }
            guard key.id == link.keyID else {
                return broken("it is keyed with key \(link.keyID), not with this chain key (\(key.id))")
            }
            computed = key.link(
                previous: claimed, console: link.hashedConsole, kind: link.kind, receivedAt: link.receivedAt,
                body: link.body)
            keyedChains.insert(link.chain)
            if keyedSince == nil { keyedSince = link.receivedAt }
        }
        guard computed == link.hash else { return broken("its content does not match its hash") }
        for chain in link.continues { previous[chain] = link.hash }
        last[link.console] = (ChainHead(console: link.console, id: link.id, hash: link.hash), !link.keyID.isEmpty)
        if let anchored = anchor[link.console], anchored.id == link.id, anchored.hash != link.hash {
            problems.append(
                IntegrityProblem(.anchor, link.console, "link #\(link.id) is not the one the anchor file holds"))
        }
        checked += 1
    }

    /// Checks a console's reader state: the head sealed beside it against the journal's end.
    public mutating func reader(console: String, head: ChainHead?, seal: String?) {
        readersSeen.insert(console)
        guard walking else { return }
        let end = last[console]
        guard let head, let seal, !seal.isEmpty else {
            if let end, end.keyed {
                problems.append(
                    IntegrityProblem(
                        .journalTail, console, "its reader state holds no sealed head, its journal is keyed"))
            }
            return
        }
        guard let key else {
            problems.append(IntegrityProblem(.journalTail, console, "its head is sealed and no chain key was given"))
            return
        }
        guard seal == head.seal(with: key) else {
            problems.append(
                IntegrityProblem(
                    .journalTail, console, "its sealed head (link #\(head.id)) was changed outside GammaLog"))
            return
        }
        guard let end else {
            problems.append(
                IntegrityProblem(
                    .journalTail, console, "its journal holds no links, its sealed head is link #\(head.id): deleted"))
            return
        }
        if end.head.id < head.id {
            problems.append(
                IntegrityProblem(
                    .journalTail, console,
                    "its journal ends at link #\(end.head.id), its sealed head is link #\(head.id): the tail was cut"))
        } else if end.head.id > head.id {
            problems.append(
                IntegrityProblem(
                    .journalTail, console,
                    "links after its sealed head (#\(head.id)) up to #\(end.head.id): an older reader state was put back"
                ))
        } else if end.head.hash != head.hash {
            problems.append(IntegrityProblem(.journalTail, console, "its last link is not its sealed head"))
        }
    }

    /// Checks a session's row against its seal. `updatedAt` says whether it was written since the key.
    public mutating func session(id: String, body: String, seal: String, updatedAt: Double) {
        if seal.isEmpty {
            if let keyedSince, updatedAt >= keyedSince {
                problems.append(IntegrityProblem(.session, id, "its row carries no seal, though written since the key"))
            }
            return
        }
        guard let key else {
            problems.append(IntegrityProblem(.session, id, "its row is sealed and no chain key was given"))
            return
        }
        if key.sessionSeal(id: id, body: body) != seal {
            problems.append(IntegrityProblem(.session, id, "its row does not match its seal: changed outside GammaLog"))
        }
    }

    /// A session the journal has records of and the store no row for.
    public mutating func missingSession(console: String, number: Int64) {
        problems.append(
            IntegrityProblem(
                .session, "\(console) #\(number)", "the journal holds its records and its row is gone: deleted"))
    }

    /// Checks a charge's row against its seal (call for every charge before its history).
    public mutating func charge(id: String, status: String, body: String, seal: String, historySeal: String) {
        var sealed = !seal.isEmpty
        if sealed {
            if let key {
                if key.chargeSeal(id: id, body: body) != seal {
                    problems.append(
                        IntegrityProblem(.charge, id, "its row does not match its seal: changed outside GammaLog"))
                }
            } else {
                problems.append(IntegrityProblem(.charge, id, "its row is sealed and no chain key was given"))
                sealed = false
            }
        }
        chargeStatus[id] = (status, historySeal, sealed)
    }

    /// Checks the next history entry; entries come grouped by charge, in order.
    public mutating func history(_ link: HistoryLink) {
        if history?.charge != link.chargeID {
            endHistory()
            historyCharges.insert(link.chargeID)
            history = (link.chargeID, 0, "", link.to, false)
        }
        guard var state = history else { return }
        state.count += 1
        state.to = link.to
        if link.mac.isEmpty {
            if state.keyed {
                problems.append(
                    IntegrityProblem(
                        .chargeHistory, link.chargeID, "an unsealed entry after sealed ones: not GammaLog's"))
            } else if let keyedSince, link.at >= keyedSince {
                problems.append(
                    IntegrityProblem(.chargeHistory, link.chargeID, "an unsealed entry written since the key"))
            }
        } else if let key {
            if link.expectedMAC(after: state.last, key: key) != link.mac {
                problems.append(
                    IntegrityProblem(
                        .chargeHistory, link.chargeID,
                        "entry \(state.count) (\(link.action)) does not match its seal: edited, removed or reordered"))
            }
            state.keyed = true
        } else {
            problems.append(IntegrityProblem(.chargeHistory, link.chargeID, "sealed and no chain key was given"))
        }
        state.last = link.mac
        history = state
    }

    mutating func endHistory() {
        guard let state = history else { return }
        history = nil
        guard let charge = chargeStatus[state.charge] else {
            problems.append(IntegrityProblem(.charge, state.charge, "its history is here and its row is gone: deleted"))
            return
        }
        if charge.status != state.to {
            problems.append(
                IntegrityProblem(
                    .charge, state.charge, "its status is \(charge.status), its history ends at \(state.to)"))
        }
        guard state.keyed || !charge.historySeal.isEmpty, let key else { return }
        if HistoryLink.headSeal(charge: state.charge, count: state.count, last: state.last, key: key)
            != charge.historySeal
        {
            problems.append(
                IntegrityProblem(
                    .chargeHistory, state.charge,
                    "its sealed end is not its last entry (\(state.count) entries): entries were removed or added"))
        }
    }

    /// What the walk found, once every row was seen.
    public mutating func finish() -> ChainVerification {
        endHistory()
        for (id, charge) in chargeStatus.sorted(by: { $0.key < $1.key }) where !historyCharges.contains(id) {
            if charge.sealed || !charge.historySeal.isEmpty {
                problems.append(IntegrityProblem(.chargeHistory, id, "its history is gone: deleted"))
            }
        }
        chargeStatus = [:]
        if walking {
            for (console, end) in last.sorted(by: { $0.key < $1.key }) where end.keyed && !readersSeen.contains(console)
            {
                problems.append(
                    IntegrityProblem(.journalTail, console, "its journal is keyed and its reader state is gone"))
            }
            for (console, anchored) in anchor.sorted(by: { $0.key < $1.key }) {
                let end = last[console]?.head.id
                if end.map({ $0 < anchored.id }) ?? true {
                    let ends = end.map { "ends at link #\($0)" } ?? "holds no links"
                    problems.append(
                        IntegrityProblem(
                            .anchor, console,
                            "its journal \(ends), behind the anchor file's link #\(anchored.id): cut or rolled back"))
                }
            }
        }
        return ChainVerification(checked: checked, firstBroken: firstBroken, problems: problems)
    }
}
