import LinkAddress

extension ModbusClient {
    /// How a client reaches its server and how patient it is.
    public struct Configuration: Sendable, Hashable {
        /// The server's address.
        public var address: ModbusAddress
        /// The unit id, 1–247. Always sent: libmodbus's TCP default 0xFF is
        /// refused by real gateways.
        public var unit: UInt8
        /// How long to wait for a reply.
        public var responseTimeout: Duration
        /// Back-off between reconnect attempts.
        public var reconnect: Backoff

        /// A configuration for `address`, unit 1, a 500 ms timeout.
        public init(
            address: ModbusAddress, unit: UInt8 = 1, responseTimeout: Duration = .milliseconds(500),
            reconnect: Backoff = Backoff()
        ) {
            self.address = address
            self.unit = unit
            self.responseTimeout = responseTimeout
            self.reconnect = reconnect
        }
    }
}
