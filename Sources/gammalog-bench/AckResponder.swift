import Foundation
import HL7

#if canImport(Glibc)
    import Glibc
#endif

/// A minimal HL7 receiver for the benchmark: accepts MLLP connections on
/// loopback and answers every message with AA at once, on its own thread.
final class AckResponder: @unchecked Sendable {
    let port: Int
    private let listener: Int32

    init() throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.listener = listener
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(listener, pointer, length) == 0 && listen(listener, 4) == 0
                    && getsockname(listener, pointer, &length) == 0
            }
        }
        guard bound else { throw CocoaError(.fileWriteUnknown) }
        port = Int(UInt16(bigEndian: address.sin_port))
        Thread { [self] in serve() }.start()
    }

    private func serve() {
        while true {
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else { return }
            var frames = MLLPFrameBuffer()
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while true {
                let n = recv(connection, &buffer, buffer.count, 0)
                if n <= 0 { break }
                for message in frames.append(buffer[0..<n]) {
                    let control = message.split(separator: "\r").first?.split(
                        separator: "|", omittingEmptySubsequences: false)
                    let id = control.map { $0.count > 9 ? String($0[9]) : "" } ?? ""
                    let ack = MLLPFrameBuffer.frame(
                        "MSH|^~\\&|PB|H|GAMMALOG|H|20261129||ACK|A\(id)|P|2.5.1\rMSA|AA|\(id)\r")
                    _ = ack.withUnsafeBytes { send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                }
            }
            close(connection)
        }
    }
}
