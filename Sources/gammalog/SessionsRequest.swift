import Civil

#if canImport(Glibc)
    import Glibc
#endif

/// `gammalog sessions` arguments the fast path answers: `--state`, `--since`,
/// `--console`, `--flagged`, `--limit`. Anything else (`--config`, `--help`,
/// a bad value) returns nil, and the full tool answers, errors included.
struct SessionsRequest {
    var path: String
    var since: Double?
    var console: String?
    var flagged = false
    var limit = 100

    init?(_ arguments: [String]) {
        var state: String?
        var index = 0
        func value(_ argument: String, _ name: String) -> String? {
            if argument.hasPrefix(name + "=") { return String(argument.dropFirst(name.count + 1)) }
            guard argument == name, index + 1 < arguments.count else { return nil }
            index += 1
            return arguments[index]
        }
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--flagged" {
                flagged = true
            } else if argument.hasPrefix("--state"), let text = value(argument, "--state") {
                state = text
            } else if argument.hasPrefix("--console"), let text = value(argument, "--console") {
                console = text
            } else if argument.hasPrefix("--since"), let text = value(argument, "--since") {
                guard let seconds = CivilTime.parseTimeOrDate(text) else { return nil }
                since = seconds
            } else if argument.hasPrefix("--limit"), let text = value(argument, "--limit"), let number = Int(text) {
                limit = min(max(number, 1), 1000)
            } else {
                return nil
            }
            index += 1
        }
        let folder = state ?? (getenv("STATE_DIRECTORY").map { String(cString: $0) }) ?? "state"
        path = folder + "/gammalog.sqlite"
        guard access(path, R_OK) == 0 else { return nil }
    }
}
