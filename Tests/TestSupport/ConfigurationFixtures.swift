/// Configuration texts more than one test target reads.
public enum ConfigurationFixtures {
    /// A configuration with nine errors on nine lines, every one of which a reader must name at once.
    public static let manyErrors = """
        facility:
          time_zone: "Mars/Olympus"
          colour: "blue"
        http:
          tokens:
            - name: "billing"
              role: "janitor"
              sha256: "zz"
        consoles:
          - name: gk1
            address: "tcp://127.0.0.1:1502"
            unit: 300
          - name: gk2
            address: "udp://x"
          - name: gk1
            address: "tcp://127.0.0.1:1503"
        billing:
          revenue_code: "33"
        payers:
          list:
            - id: "x"
              match: {names: ["X"]}
              prior_authorization: "perhaps"
        """
}
