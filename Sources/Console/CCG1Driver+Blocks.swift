import ConsoleRecords
import Modbus

extension CCG1Driver {
    func currentIdentity() async throws(ConsoleError) -> ConsoleIdentity {
        if let identity { return identity }
        return try await readIdentity()
    }

    func readIdentity() async throws(ConsoleError) -> ConsoleIdentity {
        let block = profile.identity
        let registers = try await readRegisters(at: block.start, count: block.count)
        let decoded = try profile.decodeIdentity(registers[...], at: "\(name) identity block")
        identity = decoded
        return decoded
    }

    func readStatus() async throws(ConsoleError) -> ConsoleStatus {
        let block = profile.status
        return profile.decodeStatus(try await readRegisters(at: block.start, count: block.count)[...])
    }

    /// The session block, or nil when no session has been opened yet.
    func readSession() async throws(ConsoleError) -> SessionSnapshot? {
        let block = profile.session
        let snapshot = profile.decodeSession(
            try await readRegisters(at: block.start, count: block.count)[...])
        return snapshot.number == 0 ? nil : snapshot
    }

    /// One request, retried while the gateway answers busy (exception 0x06).
    func readRegisters(at address: Int, count: Int) async throws(ConsoleError) -> [UInt16] {
        var busyAnswers = 0
        while true {
            requests += 1
            do {
                return try await client.read(profile.table, address: address, count: count)
            } catch {
                let location = "\(name) registers \(address)-\(address + count - 1)"
                if error.exception == .serverDeviceBusy {
                    busyAnswers += 1
                    if busyAnswers > 3 {
                        throw ConsoleError(.busy, at: location, "busy through \(busyAnswers) tries", transport: error)
                    }
                    try? await Task.sleep(for: profile.busyRetry)
                    continue
                }
                if error.code == .exception {
                    throw ConsoleError(.badData, at: location, "\(error)", transport: error)
                }
                throw ConsoleError(.unreachable, at: location, "\(error)", transport: error)
            }
        }
    }
}
