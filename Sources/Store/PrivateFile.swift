import Foundation

/// Files the product writes that hold patient data (backups, exports, reports): created readable and writable
/// by their owner only, whatever the umask, and never over an existing file.
public enum PrivateFile {
    /// Creates an empty file at `path`, mode 0600; fails when it exists.
    public static func create(_ path: String) throws(StoreError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw StoreError(.writeFailed, at: path, String(cString: strerror(errno)))
        }
        // The mode given to open() passes through the umask, which can only take bits away; set it outright.
        fchmod(descriptor, 0o600)
        close(descriptor)
    }

    /// Writes `text` to a new file at `path`, mode 0600; a file already there is replaced only when `replacing`.
    public static func write(_ text: String, to path: String, replacing: Bool = false) throws(StoreError) {
        if replacing { try? FileManager.default.removeItem(atPath: path) }
        try create(path)
        do {
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            try handle.write(contentsOf: Data(text.utf8))
            try handle.close()
        } catch {
            throw StoreError(.writeFailed, at: path, "\(error)")
        }
    }

    /// Makes a file another program wrote (a PDF) owner-only.
    public static func restrict(_ path: String) { chmod(path, 0o600) }
}
