import CModbus
import Foundation
import LinkAddress
import Modbus
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A Modbus TCP or RTU server over libmodbus's server API, on a thread of its
/// own. It answers requests itself: exception 0x01 for any function code but
/// the profile's, at once (libmodbus's `modbus_reply` sleeps before some
/// exceptions), and only whole reads inside a block.
final class ModbusServer: @unchecked Sendable {
    let address: ModbusAddress
    let unit: UInt8
    let maxClients: Int
    let mappingSize: Int
    private let serving: any RegisterServing
    let counters = Mutex(ServerCounters())
    private let stopping = Atomic<Bool>(false)
    private let finished = DispatchSemaphore(value: 0)
    private(set) var boundPort = 0

    // Confined to the server thread once it runs.
    private var context: OpaquePointer?
    private var mapping: UnsafeMutablePointer<modbus_mapping_t>?
    private var listenSocket: Int32 = -1
    private var clients: [Int32] = []
    private var generation = 0

    init(address: ModbusAddress, unit: UInt8, maxClients: Int, mappingSize: Int, serving: any RegisterServing) {
        self.address = address
        self.unit = unit
        self.maxClients = maxClients
        self.mappingSize = mappingSize
        self.serving = serving
    }

    /// Opens the socket or serial device and starts serving.
    func start() throws(SimulatorError) {
        mapping = modbus_mapping_new_start_address(0, 0, 0, 0, 0, UInt32(mappingSize), 0, UInt32(mappingSize))
        guard mapping != nil else { throw SimulatorError(.serverFailed, at: "\(address)", "no memory") }
        switch address {
        case .tcp(let host, let port):
            try listen(host: host, port: port)
        case .rtu(let device, let line):
            try open(device: device, line: line)
        }
        generation = serving.connectionGeneration
        let thread = Thread { [self] in
            if case .tcp = address { serveTCP() } else { serveRTU() }
            cleanUp()
            finished.signal()
        }
        thread.name = "simulator \(address)"
        thread.start()
    }

    /// Stops serving and waits until the thread has closed everything.
    func stop() {
        guard !stopping.exchange(true, ordering: .acquiringAndReleasing) else { return }
        finished.wait()
    }

    private func listen(host: String, port: Int) throws(SimulatorError) {
        guard let context = modbus_new_tcp_pi(host, String(port)) else {
            throw SimulatorError(.serverFailed, at: "\(address)", "cannot create a context")
        }
        self.context = context
        listenSocket = modbus_tcp_pi_listen(context, 8)
        guard listenSocket >= 0 else {
            let reason = String(cString: modbus_strerror(errno))
            modbus_free(context)
            self.context = nil
            throw SimulatorError(.serverFailed, at: "\(address)", "cannot listen: \(reason)")
        }
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        withUnsafeMutablePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { _ = getsockname(listenSocket, $0, &length) }
        }
        boundPort = withUnsafePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin_port)) }
        }
    }

    private func open(device: String, line: SerialLine) throws(SimulatorError) {
        let parity = CChar(UInt8(ascii: line.parity.rawValue.unicodeScalars.first ?? "N"))
        guard let context = modbus_new_rtu(device, Int32(line.baud), parity, Int32(line.dataBits), Int32(line.stopBits))
        else { throw SimulatorError(.serverFailed, at: device, "cannot create an RTU context") }
        modbus_set_slave(context, Int32(unit))
        modbus_set_indication_timeout(context, 0, 100_000)
        if modbus_connect(context) == -1 {
            let reason = String(cString: modbus_strerror(errno))
            modbus_free(context)
            throw SimulatorError(.serverFailed, at: device, "cannot open: \(reason)")
        }
        self.context = context
    }

    private var isStopping: Bool { stopping.load(ordering: .acquiring) }

    private func serveTCP() {
        var query = [UInt8](repeating: 0, count: Int(cmodbus_tcp_max_adu_length()))
        while !isStopping {
            if serving.connectionGeneration != generation {
                generation = serving.connectionGeneration
                clients.forEach { _ = Glibc.close($0) }
                clients = []
            }
            var fds = [pollfd(fd: listenSocket, events: Int16(POLLIN), revents: 0)]
            fds += clients.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            guard poll(&fds, nfds_t(fds.count), 50) > 0 else { continue }
            if fds[0].revents & Int16(POLLIN) != 0 { acceptClient() }
            for entry in fds.dropFirst() where entry.revents != 0 {
                guard let context else { return }
                modbus_set_socket(context, entry.fd)
                let length = modbus_receive(context, &query)
                if length > 0 {
                    handle(query, length: Int(length), tcp: true)
                } else if length < 0 {
                    _ = Glibc.close(entry.fd)
                    clients.removeAll { $0 == entry.fd }
                }
            }
        }
    }

    private func acceptClient() {
        let client = accept(listenSocket, nil, nil)
        guard client >= 0 else { return }
        if clients.count >= maxClients || client >= 1024 {
            _ = Glibc.close(client)
            counters.withLock { $0.connectionsRefused += 1 }
            return
        }
        clients.append(client)
        counters.withLock { $0.connectionsAccepted += 1 }
    }

    private func serveRTU() {
        var query = [UInt8](repeating: 0, count: Int(cmodbus_rtu_max_adu_length()))
        while !isStopping, let context {
            let length = modbus_receive(context, &query)
            if length > 0 {
                handle(query, length: Int(length), tcp: false)
            } else if length < 0 && errno != ETIMEDOUT {
                modbus_flush(context)
            }
        }
    }

    private func cleanUp() {
        clients.forEach { _ = Glibc.close($0) }
        clients = []
        if listenSocket >= 0 { _ = Glibc.close(listenSocket) }
        if let context {
            if case .rtu = address { modbus_close(context) }
            modbus_free(context)
        }
        context = nil
        if let mapping { modbus_mapping_free(mapping) }
        mapping = nil
    }

    /// Answers one request frame of `length` bytes.
    private func handle(_ query: [UInt8], length: Int, tcp: Bool) {
        guard let context, let mapping else { return }
        let header = Int(modbus_get_header_length(context))
        guard length > header else { return }
        let function = query[header]
        let requestUnit = query[header - 1]
        counters.withLock {
            $0.requestsByFunction[function, default: 0] += 1
            $0.bytesReceived += length
        }
        let answer: ConsoleModel.Answer
        if tcp && requestUnit != unit {
            answer = .exception(ModbusException.gatewayTargetFailedToRespond.rawValue)
        } else if length >= header + 5 {
            let start = Int(query[header + 1]) << 8 | Int(query[header + 2])
            let count = Int(query[header + 3]) << 8 | Int(query[header + 4])
            answer = serving.answer(function: function, address: start, count: count)
        } else {
            answer = .exception(ModbusException.illegalFunction.rawValue)
        }
        var sent: Int32 = 0
        switch answer {
        case .silence:
            counters.withLock { $0.unanswered += 1 }
            return
        case .exception(let code):
            sent = modbus_reply_exception(context, query, UInt32(code))
            counters.withLock { $0.exceptionsSent[code, default: 0] += 1 }
        case .registers(let values):
            let start = Int(query[header + 1]) << 8 | Int(query[header + 2])
            let table = function == 0x04 ? mapping.pointee.tab_input_registers : mapping.pointee.tab_registers
            guard let table, start + values.count <= mappingSize else { return }
            for (index, value) in values.enumerated() { table[start + index] = value }
            sent = modbus_reply(context, query, Int32(length), mapping)
        }
        if sent > 0 { counters.withLock { $0.bytesSent += Int(sent) } }
    }
}
