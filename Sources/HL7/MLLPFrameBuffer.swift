/// MLLP framing: `0x0B message 0x1C 0x0D`.
public struct MLLPFrameBuffer: Sendable {
    /// Start block.
    public static let start: UInt8 = 0x0B
    /// End block.
    public static let end: [UInt8] = [0x1C, 0x0D]
    /// A frame larger than this is refused as garbage.
    public static let maximumFrame = 1 << 20

    private var buffer: [UInt8] = []
    /// Whether bytes outside a frame, or a frame over ``maximumFrame``, were dropped: a peer that is
    /// not speaking MLLP, whose connection a listener closes.
    public private(set) var droppedGarbage = false

    /// An empty buffer.
    public init() {}

    /// `message` framed.
    public static func frame(_ message: String) -> [UInt8] { [start] + Array(message.utf8) + end }

    /// Adds received bytes and returns the complete messages they finish.
    /// Bytes outside a frame are dropped; an overlong frame, or one interrupted by a new start block, is
    /// dropped too; each sets ``droppedGarbage``.
    public mutating func append(_ bytes: some Sequence<UInt8>) -> [String] {
        buffer.append(contentsOf: bytes)
        var messages: [String] = []
        while true {
            guard let start = buffer.firstIndex(of: Self.start) else {
                droppedGarbage = droppedGarbage || buffer.contains { !Self.whitespace.contains($0) }
                buffer.removeAll()
                break
            }
            if start > 0 {
                droppedGarbage = droppedGarbage || buffer[..<start].contains { !Self.whitespace.contains($0) }
                buffer.removeFirst(start)
            }
            let end = endIndex()
            // A start block before the end: the frame it interrupts was never finished (a sender that
            // restarted); it is dropped and the new frame read, so no message carries a start byte.
            if let restart = buffer[1...].firstIndex(of: Self.start), restart < (end ?? buffer.count) {
                droppedGarbage = true
                buffer.removeFirst(restart)
                continue
            }
            guard let end else {
                if buffer.count > Self.maximumFrame {
                    droppedGarbage = true
                    buffer.removeAll()
                }
                break
            }
            if end - 1 > Self.maximumFrame {
                droppedGarbage = true
            } else {
                messages.append(String(decoding: buffer[1..<end], as: UTF8.self))
            }
            buffer.removeFirst(end + 2)
        }
        return messages
    }

    /// Bytes a sender may leave between frames.
    static let whitespace: Set<UInt8> = [0x0A, 0x0D, 0x20]

    private func endIndex() -> Int? {
        var index = 1
        while index + 1 < buffer.count {
            if buffer[index] == 0x1C && buffer[index + 1] == 0x0D { return index }
            index += 1
        }
        return nil
    }
}
