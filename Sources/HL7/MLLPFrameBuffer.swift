/// MLLP framing: `0x0B message 0x1C 0x0D`.
public struct MLLPFrameBuffer: Sendable {
    /// Start block.
    public static let start: UInt8 = 0x0B
    /// End block.
    public static let end: [UInt8] = [0x1C, 0x0D]
    /// A frame larger than this is refused as garbage.
    public static let maximumFrame = 1 << 20

    /// Bytes received and not yet framed: from `head` on, a frame's start block and what followed it.
    private var buffer: [UInt8] = []
    /// Where the unframed bytes begin in `buffer`.
    private var head = 0
    /// How far past `head` the current frame is known to hold no end and no start block: each byte is looked
    /// at once, however the frame arrives (byte by byte, a 1 MiB frame took a million scans of it).
    private var scanned = 0
    /// Whether bytes outside a frame, or a frame over ``maximumFrame``, were dropped: a peer that is
    /// not speaking MLLP, whose connection a listener closes.
    public private(set) var droppedGarbage = false

    /// An empty buffer.
    public init() {}

    /// `message` framed.
    public static func frame(_ message: String) -> [UInt8] { [start] + Array(message.utf8) + end }

    /// Adds received bytes and returns the complete messages they finish.
    /// Bytes outside a frame are dropped; an overlong frame, or one interrupted by a new start block, is
    /// dropped too; each sets ``droppedGarbage``. Linear in the bytes received.
    public mutating func append(_ bytes: some Sequence<UInt8>) -> [String] {
        buffer.append(contentsOf: bytes)
        var messages: [String] = []
        framing: while head < buffer.count {
            if scanned == 0 {
                // Outside a frame: find the next start block; what comes before it is dropped.
                guard let start = buffer[head...].firstIndex(of: Self.start) else {
                    droppedGarbage = droppedGarbage || buffer[head...].contains { !Self.whitespace.contains($0) }
                    head = buffer.count
                    break
                }
                droppedGarbage = droppedGarbage || buffer[head..<start].contains { !Self.whitespace.contains($0) }
                head = start
                scanned = 1
            }
            var index = head + scanned
            while index < buffer.count {
                let byte = buffer[index]
                if byte == Self.start {
                    // A start block before the end: the frame it interrupts was never finished (a sender that
                    // restarted); it is dropped and the new frame read, so no message carries a start byte.
                    droppedGarbage = true
                    head = index
                    scanned = 1
                    continue framing
                }
                if byte == Self.end[0] {
                    guard index + 1 < buffer.count else { break }
                    if buffer[index + 1] == Self.end[1] {
                        if index - head - 1 > Self.maximumFrame {
                            droppedGarbage = true
                        } else {
                            messages.append(String(decoding: buffer[(head + 1)..<index], as: UTF8.self))
                        }
                        head = index + 2
                        scanned = 0
                        continue framing
                    }
                }
                index += 1
            }
            scanned = index - head
            if buffer.count - head > Self.maximumFrame {
                droppedGarbage = true
                head = buffer.count
                scanned = 0
            }
            break
        }
        // What is framed or dropped goes, once per call.
        buffer.removeFirst(head)
        head = 0
        return messages
    }

    /// Bytes a sender may leave between frames.
    static let whitespace: Set<UInt8> = [0x0A, 0x0D, 0x20]
}
