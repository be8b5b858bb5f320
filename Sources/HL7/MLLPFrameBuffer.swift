/// MLLP framing: `0x0B message 0x1C 0x0D`.
public struct MLLPFrameBuffer: Sendable {
    /// Start block.
    public static let start: UInt8 = 0x0B
    /// End block.
    public static let end: [UInt8] = [0x1C, 0x0D]
    /// A frame larger than this is refused as garbage.
    public static let maximumFrame = 1 << 20

    private var buffer: [UInt8] = []

    /// An empty buffer.
    public init() {}

    /// `message` framed.
    public static func frame(_ message: String) -> [UInt8] { [start] + Array(message.utf8) + end }

    /// Adds received bytes and returns the complete messages they finish.
    /// Bytes outside a frame are dropped; an overlong frame is dropped too.
    public mutating func append(_ bytes: some Sequence<UInt8>) -> [String] {
        buffer.append(contentsOf: bytes)
        var messages: [String] = []
        while true {
            guard let start = buffer.firstIndex(of: Self.start) else {
                buffer.removeAll()
                break
            }
            if start > 0 { buffer.removeFirst(start) }
            guard let end = endIndex() else {
                if buffer.count > Self.maximumFrame { buffer.removeAll() }
                break
            }
            messages.append(String(decoding: buffer[1..<end], as: UTF8.self))
            buffer.removeFirst(end + 2)
        }
        return messages
    }

    private func endIndex() -> Int? {
        var index = 1
        while index + 1 < buffer.count {
            if buffer[index] == 0x1C && buffer[index + 1] == 0x0D { return index }
            index += 1
        }
        return nil
    }
}
