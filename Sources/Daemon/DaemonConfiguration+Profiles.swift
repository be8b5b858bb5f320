import Console
import Settings

extension DaemonConfiguration {
    /// The device profile of every console, by console name. A profile that
    /// is missing or does not parse is a configuration error at the
    /// console's `profile` key, so the daemon stops before touching anything.
    public func loadProfiles() throws(ConfigurationError) -> [String: DeviceProfile] {
        let searchPath = devices.map { [$0] } ?? DeviceProfile.defaultSearchPath()
        var profiles: [String: DeviceProfile] = [:]
        for (index, console) in consoles.enumerated() {
            do {
                profiles[console.name] = try DeviceProfile.load(named: console.profile, searching: searchPath)
            } catch {
                throw ConfigurationError(
                    file: file.isEmpty ? "(embedded default)" : file, key: "consoles[\(index)].profile",
                    line: console.profileLine, "\(error)")
            }
        }
        return profiles
    }
}
