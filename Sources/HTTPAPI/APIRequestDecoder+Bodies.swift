import Foundation

extension APIRequestDecoder {
    /// Every request body the API reads.
    static let bodyTypes: [any ValidatedBody.Type] = [
        ClaimRequest.self, LeaseRequest.self, ReleaseRequest.self, VoidRequest.self, ReviewRequest.self,
        CoverageRequest.self, AuthorizationRequest.self, RevokeRequest.self,
    ]

    /// How many of the API's body types accept `data`, decoded and validated
    /// exactly as a request's body is (the fuzz target of the HTTP bodies).
    public static func bodiesAccepting(_ data: Data) -> Int {
        bodyTypes.filter { type in (try? decodeBody(type, from: data)) != nil }.count
    }
}
