import Foundation

/// The journal's heads as the daemon last committed them, kept in a file outside the store (on the daemon's
/// own disk), sealed with the ``ChainKey``. A store rolled back or cut at its tail, reader states and all, is
/// behind its anchor, and `gammalog verify` says so. The file is replaced whole (write, then rename) after
/// the commits that add links; a crash between commit and anchor leaves the anchor behind, never ahead.
public actor ChainAnchor {
    /// Where the file is.
    public nonisolated let path: String
    let key: ChainKey
    var heads: [String: ChainHead]

    /// The anchor at `path`, starting from what the file holds (nothing when it does not exist yet).
    public init(path: String, key: ChainKey) throws(StoreError) {
        self.path = path
        self.key = key
        heads = try Self.read(path: path, key: key) ?? [:]
    }

    /// Moves `head`'s console forward and rewrites the file. A head behind the one held is ignored.
    public func advance(_ head: ChainHead) throws(StoreError) {
        if let held = heads[head.console], held.id >= head.id { return }
        heads[head.console] = head
        try Self.write(heads, to: path, key: key)
    }

    /// The heads in the file at `path`, or nil when there is none; a file whose seal does not match is refused.
    public static func read(path: String, key: ChainKey) throws(StoreError) -> [String: ChainHead]? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: data)
        } catch {
            throw StoreError(.corrupt, at: path, "the chain anchor does not read: \(error)")
        }
        guard file.seal == seal(file.heads, key: key) else {
            throw StoreError(
                .corrupt, at: path, "the chain anchor's seal does not match: it was edited, or another key made it")
        }
        return Dictionary(file.heads.map { ($0.console, $0) }, uniquingKeysWith: { first, _ in first })
    }

    static func write(_ heads: [String: ChainHead], to path: String, key: ChainKey) throws(StoreError) {
        let sorted = heads.values.sorted { $0.console < $1.console }
        let text: String
        do {
            text = try HashChain.canonical(File(heads: sorted, seal: seal(sorted, key: key)))
        } catch {
            throw StoreError(.writeFailed, at: path, "\(error)")
        }
        let temporary = path + ".new"
        try PrivateFile.write(text + "\n", to: temporary, replacing: true)
        guard rename(temporary, path) == 0 else {
            throw StoreError(.writeFailed, at: path, String(cString: strerror(errno)))
        }
    }

    static func seal(_ heads: [ChainHead], key: ChainKey) -> String {
        key.seal("anchor", heads.flatMap { [$0.console, String($0.id), $0.hash] })
    }

    struct File: Codable {
        var heads: [ChainHead]
        var seal: String
    }
}
