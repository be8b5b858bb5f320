import Console
import Settings

extension DaemonConfiguration {
    /// The device profile of every console, by console name. A profile that
    /// is missing or does not parse is a configuration error at the
    /// console's `profile` key, so the daemon stops before touching anything;
    /// every console's is named.
    public func loadProfiles() throws(ConfigurationErrors) -> [String: DeviceProfile] {
        let searchPath = devices.map { [$0] } ?? DeviceProfile.defaultSearchPath()
        var profiles: [String: DeviceProfile] = [:]
        var errors: [ConfigurationError] = []
        for console in consoles {
            do {
                profiles[console.name] = try DeviceProfile.load(named: console.profile, searching: searchPath)
            } catch {
                errors.append(
                    ConfigurationError(
                        file: file.isEmpty ? "(embedded default)" : file, key: console.profileKey,
                        line: console.profileLine, "\(error)"))
            }
        }
        guard errors.isEmpty else { throw ConfigurationErrors(errors) }
        return profiles
    }
}
