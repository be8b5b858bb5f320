import LinkAddress
import Modbus
import Testing

@Suite struct ModbusAddressTests {
    @Test func tcpAddressWithoutPortUsesPort502() throws {
        #expect(try ModbusAddress(parsing: "tcp://10.0.0.5") == .tcp(host: "10.0.0.5", port: 502))
    }

    @Test func tcpAddressKeepsHostAndPort() throws {
        #expect(try ModbusAddress(parsing: "tcp://127.0.0.1:1502") == .tcp(host: "127.0.0.1", port: 1502))
        #expect(try ModbusAddress(parsing: "tcp://[::1]:1502") == .tcp(host: "::1", port: 1502))
    }

    @Test func rtuAddressReadsEveryLineSetting() throws {
        let address = try ModbusAddress(parsing: "rtu:///dev/ttyUSB0?baud=9600&parity=O&data=7&stop=2")
        #expect(
            address
                == .rtu(device: "/dev/ttyUSB0", line: SerialLine(baud: 9600, parity: .odd, dataBits: 7, stopBits: 2)))
    }

    @Test func rtuAddressDefaultsToTheCCG1Line() throws {
        #expect(try ModbusAddress(parsing: "rtu:///dev/ttyS1") == .rtu(device: "/dev/ttyS1", line: SerialLine()))
        #expect(SerialLine() == SerialLine(baud: 19200, parity: .even, dataBits: 8, stopBits: 1))
    }

    @Test(arguments: [
        ("udp://1.2.3.4", "tcp:// or rtu://"),
        ("tcp://host:0", "port"),
        ("tcp://host:99999", "port"),
        ("tcp://:502", "host"),
        ("rtu://ttyUSB0", "device path"),
        ("rtu:///dev/ttyUSB0?baud=fast", "baud"),
        ("rtu:///dev/ttyUSB0?parity=X", "parity"),
        ("rtu:///dev/ttyUSB0?data=9", "data bits"),
        ("rtu:///dev/ttyUSB0?stop=3", "stop bits"),
        ("rtu:///dev/ttyUSB0?speed=1", "unknown serial setting"),
    ])
    func badAddressesAreRefusedWithTheReason(text: String, reason: String) {
        #expect {
            _ = try ModbusAddress(parsing: text)
        } throws: { error in
            guard let error = error as? ModbusError else { return false }
            return error.code == .invalidAddress && error.location == text && error.detail.contains(reason)
        }
    }

    @Test func addressPrintsBackAsItParses() throws {
        for text in ["tcp://127.0.0.1:1502", "rtu:///dev/ttyUSB0?baud=19200&parity=E&data=8&stop=1"] {
            #expect(try ModbusAddress(parsing: text).description == text)
        }
    }

    @Test func rtuSilenceIsThreeAndAHalfCharacters() {
        #expect(SerialLine(baud: 9600, parity: .even).interFrameSilence == .microseconds(4010))
        #expect(SerialLine(baud: 115_200).interFrameSilence == .microseconds(1750))
    }
}

@Suite struct BackoffTests {
    @Test func delayDoublesUpToTheCeilingAndResetsOnSuccess() {
        var backoff = Backoff(initial: .milliseconds(100), maximum: .milliseconds(500))
        #expect(backoff.currentDelay == .zero)
        var delays: [Duration] = []
        for _ in 0..<5 {
            backoff.recordFailure()
            delays.append(backoff.currentDelay)
        }
        #expect(
            delays == [
                .milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(500), .milliseconds(500),
            ])
        backoff.recordSuccess()
        #expect(backoff.currentDelay == .zero)
    }
}
