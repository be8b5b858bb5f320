/// The API as OpenAPI 3.1: every route, parameter, body, response, error
/// and role, as the daemon answers them. Served at `/api/v1/openapi.json`;
/// the tests run schemathesis against the live daemon with it. Edit it with
/// the routes: it is the contract integrators read first.
public enum OpenAPIDocument {
    /// The document, JSON.
    public static let json = #"""
        {
         "components": {
          "responses": {
           "BadRequest": {
            "content": {
             "application/json": {
              "schema": {
               "$ref": "#/components/schemas/Error"
              }
             }
            },
            "description": "a parameter or the body is refused; the message names it"
           },
           "Conflict": {
            "content": {
             "application/json": {
              "schema": {
               "$ref": "#/components/schemas/Error"
              }
             }
            },
            "description": "refused in the record's state"
           },
           "Forbidden": {
            "content": {
             "application/json": {
              "schema": {
               "$ref": "#/components/schemas/Error"
              }
             }
            },
            "description": "the token's role may not do this"
           },
           "NotFound": {
            "content": {
             "application/json": {
              "schema": {
               "$ref": "#/components/schemas/Error"
              }
             }
            },
            "description": "no such record"
           },
           "TooLarge": {
            "content": {
             "application/json": {
              "schema": {
               "$ref": "#/components/schemas/Error"
              }
             }
            },
            "description": "the body is too large"
           },
           "TooManyRequests": {
            "content": {
             "application/json": {
              "schema": {
               "$ref": "#/components/schemas/Error"
              }
             }
            },
            "description": "credentials from this address were refused too often; retry after the Retry-After seconds",
            "headers": {
             "Retry-After": {
              "description": "seconds to wait",
              "schema": {
               "type": "integer"
              }
             }
            }
           },
           "Unauthorized": {
            "content": {
             "application/json": {
              "schema": {
               "$ref": "#/components/schemas/Error"
              }
             }
            },
            "description": "no token, or an unknown one"
           },
           "Unavailable": {
            "content": {
             "application/json": {
              "schema": {
               "$ref": "#/components/schemas/Error"
              }
             }
            },
            "description": "the store is unavailable"
           }
          },
          "schemas": {
           "AccessEntry": {
            "properties": {
             "actor": {
              "type": "string"
             },
             "at": {
              "format": "date-time",
              "type": "string"
             },
             "id": {
              "type": "integer"
             },
             "outcome": {
              "type": "string"
             },
             "patients": {
              "items": {
               "type": "string"
              },
              "type": "array"
             },
             "peer": {
              "type": [
               "string",
               "null"
              ]
             },
             "resource": {
              "type": [
               "string",
               "null"
              ]
             },
             "route": {
              "type": "string"
             }
            },
            "required": [
             "id",
             "at",
             "actor",
             "peer",
             "route",
             "resource",
             "patients",
             "outcome"
            ],
            "type": "object"
           },
           "Acked": {
            "properties": {
             "acked": {
              "items": {
               "type": "string"
              },
              "type": "array"
             }
            },
            "required": [
             "acked"
            ],
            "type": "object"
           },
           "AuditPage": {
            "properties": {
             "entries": {
              "items": {
               "$ref": "#/components/schemas/AccessEntry"
              },
              "type": "array"
             },
             "next": {
              "type": [
               "string",
               "null"
              ]
             }
            },
            "required": [
             "entries",
             "next"
            ],
            "type": "object"
           },
           "Authorization": {
            "properties": {
             "id": {
              "type": "string"
             }
            },
            "required": [
             "id"
            ],
            "type": "object"
           },
           "AuthorizationRequest": {
            "properties": {
             "codes": {
              "items": {
               "pattern": "^[A-Za-z0-9]{5}$",
               "type": "string"
              },
              "type": [
               "array",
               "null"
              ]
             },
             "number": {
              "maxLength": 64,
              "minLength": 1,
              "type": "string"
             },
             "payer": {
              "description": "a configured payer's id",
              "maxLength": 64,
              "minLength": 1,
              "type": "string"
             },
             "units": {
              "maximum": 10000,
              "minimum": 1,
              "type": [
               "integer",
               "null"
              ]
             },
             "valid_from": {
              "format": "date",
              "type": "string"
             },
             "valid_to": {
              "format": "date",
              "type": "string"
             }
            },
            "required": [
             "payer",
             "number",
             "valid_from",
             "valid_to"
            ],
            "type": "object"
           },
           "Charge": {
            "properties": {
             "attempts": {
              "type": "integer"
             },
             "chargemaster_code": {
              "type": [
               "string",
               "null"
              ]
             },
             "code": {
              "type": "string"
             },
             "code_system": {
              "type": "string"
             },
             "console": {
              "$ref": "#/components/schemas/Console"
             },
             "coverage": {
              "$ref": "#/components/schemas/ChargeCoverage"
             },
             "created_at": {
              "format": "date-time",
              "type": "string"
             },
             "credit_of": {
              "type": [
               "string",
               "null"
              ]
             },
             "credited_by": {
              "type": [
               "string",
               "null"
              ]
             },
             "exported_at": {
              "format": "date-time",
              "type": [
               "string",
               "null"
              ]
             },
             "hl7_rejections": {
              "type": "integer"
             },
             "hold_reasons": {
              "items": {
               "type": "string"
              },
              "type": "array"
             },
             "id": {
              "type": "string"
             },
             "kind": {
              "enum": [
               "charge",
               "credit"
              ],
              "type": "string"
             },
             "last_reason": {
              "type": [
               "string",
               "null"
              ]
             },
             "lease": {
              "oneOf": [
               {
                "type": "null"
               },
               {
                "properties": {
                 "consumer": {
                  "type": "string"
                 },
                 "expires_at": {
                  "format": "date-time",
                  "type": "string"
                 }
                },
                "required": [
                 "consumer",
                 "expires_at"
                ],
                "type": "object"
               }
              ]
             },
             "modifiers": {
              "items": {
               "type": "string"
              },
              "type": "array"
             },
             "notes": {
              "items": {
               "type": "string"
              },
              "type": "array"
             },
             "patient": {
              "$ref": "#/components/schemas/Patient"
             },
             "place_of_service": {
              "type": [
               "string",
               "null"
              ]
             },
             "ready_at": {
              "format": "date-time",
              "type": [
               "string",
               "null"
              ]
             },
             "record": {
              "type": "object"
             },
             "revenue_code": {
              "type": [
               "string",
               "null"
              ]
             },
             "revision": {
              "type": "integer"
             },
             "service_date": {
              "format": "date",
              "type": "string"
             },
             "session": {
              "type": "object"
             },
             "status": {
              "enum": [
               "pending_review",
               "held",
               "ready",
               "claimed",
               "exported",
               "void"
              ],
              "type": "string"
             },
             "suggested_modifiers": {
              "items": {
               "type": "string"
              },
              "type": "array"
             },
             "units": {
              "type": "integer"
             },
             "updated_at": {
              "format": "date-time",
              "type": "string"
             }
            },
            "required": [
             "attempts",
             "code",
             "code_system",
             "console",
             "created_at",
             "hold_reasons",
             "id",
             "kind",
             "modifiers",
             "revision",
             "service_date",
             "status",
             "units",
             "updated_at"
            ],
            "type": "object"
           },
           "ChargeCoverage": {
            "properties": {
             "all": {
              "items": {
               "$ref": "#/components/schemas/CoverageEntry"
              },
              "type": "array"
             },
             "authorization": {},
             "company_id": {
              "type": [
               "string",
               "null"
              ]
             },
             "member_id": {
              "type": [
               "string",
               "null"
              ]
             },
             "payer": {
              "type": [
               "string",
               "null"
              ]
             },
             "payer_name": {
              "type": [
               "string",
               "null"
              ]
             },
             "plan_id": {
              "type": [
               "string",
               "null"
              ]
             },
             "priority": {
              "type": [
               "integer",
               "null"
              ]
             }
            },
            "type": [
             "object",
             "null"
            ]
           },
           "ChargeDocument": {
            "allOf": [
             {
              "$ref": "#/components/schemas/Charge"
             },
             {
              "properties": {
               "history": {
                "items": {
                 "$ref": "#/components/schemas/ChargeHistoryEntry"
                },
                "type": "array"
               }
              },
              "required": [
               "history"
              ],
              "type": "object"
             }
            ]
           },
           "ChargeHistoryEntry": {
            "properties": {
             "action": {
              "type": "string"
             },
             "actor": {
              "description": "the authenticated caller, gammalogd, hl7 or cli:<os user>",
              "type": "string"
             },
             "at": {
              "format": "date-time",
              "type": "string"
             },
             "by": {
              "type": "string"
             },
             "code_after": {
              "description": "the code after a release that changed it",
              "type": "string"
             },
             "code_before": {
              "description": "the code before a release that changed it",
              "type": "string"
             },
             "consumer": {
              "description": "the consumer name a billing client wrote (claims, acks, nacks)",
              "type": "string"
             },
             "from": {
              "type": [
               "string",
               "null"
              ]
             },
             "reason": {
              "type": [
               "string",
               "null"
              ]
             },
             "to": {
              "type": "string"
             }
            },
            "required": [
             "action",
             "actor",
             "at",
             "by",
             "from",
             "reason",
             "to"
            ],
            "type": "object"
           },
           "ChargeList": {
            "properties": {
             "charges": {
              "items": {
               "$ref": "#/components/schemas/Charge"
              },
              "type": "array"
             },
             "next": {
              "description": "a cursor that continues after the last charge, when more match",
              "type": [
               "string",
               "null"
              ]
             }
            },
            "required": [
             "charges"
            ],
            "type": "object"
           },
           "Claim": {
            "properties": {
             "charges": {
              "items": {
               "$ref": "#/components/schemas/Charge"
              },
              "type": "array"
             },
             "expires_at": {
              "format": "date-time",
              "type": "string"
             },
             "lease": {
              "type": "string"
             }
            },
            "required": [
             "charges",
             "expires_at",
             "lease"
            ],
            "type": "object"
           },
           "ClaimRequest": {
            "properties": {
             "consumer": {
              "maxLength": 100,
              "minLength": 1,
              "type": "string"
             },
             "lease_seconds": {
              "default": 300,
              "maximum": 86400,
              "minimum": 1,
              "type": [
               "integer",
               "null"
              ]
             },
             "max": {
              "default": 100,
              "maximum": 1000,
              "minimum": 1,
              "type": [
               "integer",
               "null"
              ]
             }
            },
            "required": [
             "consumer"
            ],
            "type": "object"
           },
           "Console": {
            "properties": {
             "model": {
              "type": "string"
             },
             "name": {
              "type": "string"
             },
             "serial": {
              "type": "string"
             }
            },
            "required": [
             "model",
             "name",
             "serial"
            ],
            "type": "object"
           },
           "Course": {
            "properties": {
             "complete": {
              "type": "boolean"
             },
             "fractions": {
              "items": {
               "type": "object"
              },
              "type": "array"
             },
             "fractions_planned": {
              "type": "integer"
             },
             "fractions_recorded": {
              "type": "integer"
             },
             "id": {
              "type": "string"
             },
             "patient": {
              "type": "string"
             },
             "plan": {
              "type": "string"
             }
            },
            "required": [
             "id",
             "fractions",
             "fractions_planned",
             "fractions_recorded",
             "complete"
            ],
            "type": "object"
           },
           "CoverageDocument": {
            "properties": {
             "authorizations": {
              "items": {
               "type": "object"
              },
              "type": "array"
             },
             "coverages": {
              "items": {
               "$ref": "#/components/schemas/CoverageEntry"
              },
              "type": "array"
             }
            },
            "required": [
             "authorizations",
             "coverages"
            ],
            "type": "object"
           },
           "CoverageEntry": {
            "properties": {
             "company_id": {
              "type": [
               "string",
               "null"
              ]
             },
             "company_name": {
              "type": [
               "string",
               "null"
              ]
             },
             "effective": {
              "type": [
               "string",
               "null"
              ]
             },
             "expires": {
              "type": [
               "string",
               "null"
              ]
             },
             "member_id": {
              "type": [
               "string",
               "null"
              ]
             },
             "payer": {
              "type": [
               "string",
               "null"
              ]
             },
             "plan_id": {
              "type": [
               "string",
               "null"
              ]
             },
             "plan_type": {
              "type": [
               "string",
               "null"
              ]
             },
             "policy_number": {
              "type": [
               "string",
               "null"
              ]
             },
             "priority": {
              "type": "integer"
             },
             "source": {
              "type": "string"
             }
            },
            "required": [
             "priority",
             "source"
            ],
            "type": "object"
           },
           "CoverageInput": {
            "properties": {
             "company_id": {
              "maxLength": 100,
              "type": [
               "string",
               "null"
              ]
             },
             "company_name": {
              "maxLength": 100,
              "type": [
               "string",
               "null"
              ]
             },
             "effective": {
              "format": "date",
              "type": [
               "string",
               "null"
              ]
             },
             "expires": {
              "format": "date",
              "type": [
               "string",
               "null"
              ]
             },
             "member_id": {
              "maxLength": 100,
              "type": [
               "string",
               "null"
              ]
             },
             "payer": {
              "description": "a configured payer's id",
              "maxLength": 64,
              "minLength": 1,
              "type": "string"
             },
             "plan_id": {
              "maxLength": 100,
              "type": [
               "string",
               "null"
              ]
             },
             "plan_type": {
              "type": [
               "string",
               "null"
              ]
             },
             "policy_number": {
              "maxLength": 100,
              "type": [
               "string",
               "null"
              ]
             },
             "priority": {
              "maximum": 9,
              "minimum": 1,
              "type": "integer"
             },
             "source": {
              "enum": [
               "adt",
               "api",
               null
              ]
             }
            },
            "required": [
             "priority",
             "payer"
            ],
            "type": "object"
           },
           "CoverageRequest": {
            "properties": {
             "coverages": {
              "items": {
               "$ref": "#/components/schemas/CoverageInput"
              },
              "maxItems": 10,
              "type": "array"
             }
            },
            "required": [
             "coverages"
            ],
            "type": "object"
           },
           "Error": {
            "properties": {
             "error": {
              "type": "string"
             }
            },
            "required": [
             "error"
            ],
            "type": "object"
           },
           "Flag": {
            "properties": {
             "code": {
              "type": "string"
             },
             "message": {
              "type": "string"
             },
             "severity": {
              "type": "string"
             },
             "values": {
              "type": "object"
             }
            },
            "required": [
             "code",
             "message",
             "severity"
            ],
            "type": "object"
           },
           "LeaseRequest": {
            "properties": {
             "ids": {
              "items": {
               "type": "string"
              },
              "maxItems": 1000,
              "minItems": 1,
              "type": "array"
             },
             "lease": {
              "maxLength": 200,
              "type": "string"
             },
             "reason": {
              "maxLength": 1000,
              "type": [
               "string",
               "null"
              ]
             }
            },
            "required": [
             "lease",
             "ids"
            ],
            "type": "object"
           },
           "Nacked": {
            "properties": {
             "nacked": {
              "items": {
               "type": "string"
              },
              "type": "array"
             }
            },
            "required": [
             "nacked"
            ],
            "type": "object"
           },
           "Patient": {
            "properties": {
             "family": {
              "type": [
               "string",
               "null"
              ]
             },
             "given": {
              "type": [
               "string",
               "null"
              ]
             },
             "id": {
              "type": [
               "string",
               "null"
              ]
             }
            },
            "required": [],
            "type": "object"
           },
           "Reconciliation": {
            "properties": {
             "date": {
              "format": "date",
              "type": "string"
             },
             "missing": {
              "type": "integer"
             },
             "sessions": {
              "items": {
               "type": "object"
              },
              "type": "array"
             }
            },
            "required": [
             "date",
             "missing",
             "sessions"
            ],
            "type": "object"
           },
           "ReleaseRequest": {
            "properties": {
             "code": {
              "pattern": "^[A-Za-z0-9]{5}$",
              "type": [
               "string",
               "null"
              ]
             },
             "modifiers": {
              "items": {
               "pattern": "^[A-Za-z0-9]{2}$",
               "type": "string"
              },
              "maxItems": 10,
              "type": [
               "array",
               "null"
              ]
             },
             "reason": {
              "description": "required: not only white space",
              "maxLength": 1000,
              "pattern": "\\S",
              "type": "string"
             }
            },
            "required": [
             "reason"
            ],
            "type": "object"
           },
           "Review": {
            "properties": {
             "kind": {
              "type": "string"
             }
            },
            "required": [
             "kind"
            ],
            "type": "object"
           },
           "ReviewRequest": {
            "properties": {
             "note": {
              "maxLength": 4000,
              "type": [
               "string",
               "null"
              ]
             }
            },
            "type": "object"
           },
           "RevokeRequest": {
            "properties": {
             "reason": {
              "maxLength": 1000,
              "pattern": "\\S",
              "type": "string"
             }
            },
            "required": [
             "reason"
            ],
            "type": "object"
           },
           "Session": {
            "allOf": [
             {
              "$ref": "#/components/schemas/SessionSummary"
             },
             {
              "properties": {
               "addenda": {
                "items": {
                 "type": "object"
                },
                "type": "array"
               },
               "events": {
                "items": {
                 "type": "object"
                },
                "type": "array"
               },
               "faults": {
                "items": {
                 "type": "object"
                },
                "type": "array"
               },
               "gaps": {
                "items": {
                 "type": "object"
                },
                "type": "array"
               },
               "interruptions": {
                "items": {
                 "type": "object"
                },
                "type": "array"
               },
               "review": {
                "type": [
                 "object",
                 "null"
                ]
               },
               "shots": {
                "items": {
                 "type": "object"
                },
                "type": "array"
               }
              },
              "required": [
               "shots",
               "events",
               "interruptions",
               "faults",
               "gaps",
               "addenda"
              ],
              "type": "object"
             }
            ]
           },
           "SessionList": {
            "properties": {
             "sessions": {
              "items": {
               "$ref": "#/components/schemas/SessionSummary"
              },
              "type": "array"
             }
            },
            "required": [
             "sessions"
            ],
            "type": "object"
           },
           "SessionSummary": {
            "properties": {
             "charge_id": {
              "type": [
               "string",
               "null"
              ]
             },
             "closed_at": {
              "format": "date-time",
              "type": [
               "string",
               "null"
              ]
             },
             "console": {
              "$ref": "#/components/schemas/Console"
             },
             "delivered_ms": {
              "type": [
               "integer",
               "null"
              ]
             },
             "flags": {
              "items": {
               "$ref": "#/components/schemas/Flag"
              },
              "type": "array"
             },
             "id": {
              "type": "string"
             },
             "kind": {
              "type": "string"
             },
             "number": {
              "type": "integer"
             },
             "opened_at": {
              "format": "date-time",
              "type": "string"
             },
             "outcome": {
              "type": [
               "string",
               "null"
              ]
             },
             "patient": {
              "$ref": "#/components/schemas/Patient"
             },
             "planned_ms": {
              "type": [
               "integer",
               "null"
              ]
             },
             "record_complete": {
              "type": "boolean"
             }
            },
            "required": [
             "id",
             "kind",
             "console",
             "number",
             "opened_at",
             "flags"
            ],
            "type": "object"
           },
           "Trend": {
            "properties": {
             "calibrations": {
              "items": {
               "type": "object"
              },
              "type": "array"
             },
             "console": {
              "type": [
               "string",
               "null"
              ]
             },
             "dose_rate": {
              "items": {
               "type": "object"
              },
              "type": "array"
             },
             "from": {
              "type": "string"
             },
             "half_life_days": {
              "type": "number"
             },
             "months": {
              "items": {
               "type": "object"
              },
              "type": "array"
             },
             "qa": {
              "items": {
               "type": "object"
              },
              "type": "array"
             },
             "to": {
              "type": "string"
             },
             "worst_shots": {
              "items": {
               "type": "object"
              },
              "type": "array"
             }
            },
            "required": [
             "calibrations",
             "console",
             "dose_rate",
             "from",
             "half_life_days",
             "months",
             "qa",
             "to",
             "worst_shots"
            ],
            "type": "object"
           },
           "VoidRequest": {
            "properties": {
             "reason": {
              "maxLength": 1000,
              "pattern": "\\S",
              "type": "string"
             }
            },
            "required": [
             "reason"
            ],
            "type": "object"
           },
           "Voided": {
            "properties": {
             "charge": {
              "$ref": "#/components/schemas/Charge"
             },
             "credit": {
              "oneOf": [
               {
                "$ref": "#/components/schemas/Charge"
               },
               {
                "type": "null"
               }
              ]
             }
            },
            "required": [
             "charge",
             "credit"
            ],
            "type": "object"
           }
          },
          "securitySchemes": {
           "bearer": {
            "scheme": "bearer",
            "type": "http"
           }
          }
         },
         "info": {
          "description": "The charge queue (billing-interfaces.md), sessions and sign-off, courses, trends, reconciliation and coverage (payers.md). Every error is {\"error\": message}.",
          "title": "GammaLog API",
          "version": "1.0.0"
         },
         "openapi": "3.1.0",
         "paths": {
          "/api/v1/audit": {
           "get": {
            "description": "Roles: admin. Every read of patient data, sign-in, sign-out and refused credential (billing-interfaces.md 1.1), oldest first.",
            "parameters": [
             {
              "description": "RFC 3339: entries at or after",
              "in": "query",
              "name": "since",
              "required": false,
              "schema": {
               "format": "date-time",
               "type": "string"
              }
             },
             {
              "description": "only this caller's",
              "in": "query",
              "name": "actor",
              "required": false,
              "schema": {
               "maxLength": 200,
               "minLength": 1,
               "type": "string"
              }
             },
             {
              "description": "only those carrying this patient's data",
              "in": "query",
              "name": "patient",
              "required": false,
              "schema": {
               "maxLength": 64,
               "minLength": 1,
               "type": "string"
              }
             },
             {
              "description": "continue after a page's last entry (its next)",
              "in": "query",
              "name": "cursor",
              "required": false,
              "schema": {
               "maxLength": 200,
               "pattern": "^a1\\.[1-9][0-9]{0,17}$",
               "type": "string"
              }
             },
             {
              "description": "page size",
              "in": "query",
              "name": "limit",
              "required": false,
              "schema": {
               "default": 100,
               "maximum": 1000,
               "minimum": 1,
               "type": "integer"
              }
             }
            ],
            "responses": {
             "200": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/AuditPage"
                }
               }
              },
              "description": "OK"
             },
             "400": {
              "$ref": "#/components/responses/BadRequest"
             },
             "401": {
              "$ref": "#/components/responses/Unauthorized"
             },
             "403": {
              "$ref": "#/components/responses/Forbidden"
             },
             "429": {
              "$ref": "#/components/responses/TooManyRequests"
             },
             "503": {
              "$ref": "#/components/responses/Unavailable"
             }
            },
            "security": [
             {
              "bearer": []
             }
            ],
            "summary": "The access log"
           }
          },
          "/api/v1/authorizations/{id}/revoke": {
           "post": {
            "description": "Roles: billing (admin may do everything).",
            "parameters": [
             {
              "description": "the authorization id",
              "in": "path",
              "name": "id",
              "required": true,
              "schema": {
               "pattern": "^[!-.0-~]{1,64}$",
               "type": "string"
              }
             }
            ],
            "requestBody": {
             "content": {
              "application/json": {
               "schema": {
                "$ref": "#/components/schemas/RevokeRequest"
               }
              }
             },
             "required": true
            },
            "responses": {
             "204": {
              "description": "revoked"
             },
             "400": {
              "$ref": "#/components/responses/BadRequest"
             },
             "401": {
              "$ref": "#/components/responses/Unauthorized"
             },
             "403": {
              "$ref": "#/components/responses/Forbidden"
             },
             "404": {
              "$ref": "#/components/responses/NotFound"
             },
             "409": {
              "$ref": "#/components/responses/Conflict"
             },
             "413": {
              "$ref": "#/components/responses/TooLarge"
             },
             "429": {
              "$ref": "#/components/responses/TooManyRequests"
             },
             "503": {
              "$ref": "#/components/responses/Unavailable"
             }
            },
            "security": [
             {
              "bearer": []
             }
            ],
            "summary": "Revoke an authorization"
           }
          },
          "/api/v1/charges": {
           "get": {
            "description": "Roles: billing (admin may do everything).",
            "parameters": [
             {
              "description": "only this status",
              "in": "query",
              "name": "status",
              "required": false,
              "schema": {
               "enum": [
                "pending_review",
                "held",
                "ready",
                "claimed",
                "exported",
                "void"
               ],
               "type": "string"
              }
             },
             {
              "description": "RFC 3339: changed since",
              "in": "query",
              "name": "since",
              "required": false,
              "schema": {
               "format": "date-time",
               "type": "string"
              }
             },
             {
              "description": "page size",
              "in": "query",
              "name": "limit",
              "required": false,
              "schema": {
               "default": 100,
               "maximum": 1000,
               "minimum": 1,
               "type": "integer"
              }
             },
             {
              "description": "continue after the last charge of a page (its next), asked with the same status",
              "in": "query",
              "name": "cursor",
              "required": false,
              "schema": {
               "maxLength": 200,
               "pattern": "^c1\\.[0-9]{1,16}\\.[A-Za-z0-9-]{1,64}$",
               "type": "string"
              }
             }
            ],
            "responses": {
             "200": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/ChargeList"
                }
               }
              },
              "description": "OK"
             },
             "400": {
              "$ref": "#/components/responses/BadRequest"
             },
             "401": {
              "$ref": "#/components/responses/Unauthorized"
             },
             "403": {
              "$ref": "#/components/responses/Forbidden"
             },
             "429": {
              "$ref": "#/components/responses/TooManyRequests"
             },
             "503": {
              "$ref": "#/components/responses/Unavailable"
             }
            },
            "security": [
             {
              "bearer": []
             }
            ],
            "summary": "Charges, oldest first"
           }
          },
          "/api/v1/charges/ack": {
           "post": {
            "description": "Roles: billing (admin may do everything).",
            "parameters": [],
            "requestBody": {
             "content": {
              "application/json": {
               "schema": {
                "$ref": "#/components/schemas/LeaseRequest"
               }
              }
             },
             "required": true
            },
            "responses": {
             "200": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Acked"
                }
               }
              },
              "description": "OK"
             },
             "400": {
              "$ref": "#/components/responses/BadRequest"
             },
             "401": {
              "$ref": "#/components/responses/Unauthorized"
             },
             "403": {
              "$ref": "#/components/responses/Forbidden"
             },
             "404": {
              "$ref": "#/components/responses/NotFound"
             },
             "409": {
              "$ref": "#/components/responses/Conflict"
             },
             "413": {
              "$ref": "#/components/responses/TooLarge"
             },
             "429": {
              "$ref": "#/components/responses/TooManyRequests"
             },
             "503": {
              "$ref": "#/components/responses/Unavailable"
             }
            },
            "security": [
             {
              "bearer": []
             }
            ],
            "summary": "Acknowledge claimed charges: exported"
           }
          },
          "/api/v1/charges/claim": {
           "post": {
            "description": "Roles: billing (admin may do everything).",
            "parameters": [],
            "requestBody": {
             "content": {
              "application/json": {
               "schema": {
                "$ref": "#/components/schemas/ClaimRequest"
               }
              }
             },
             "required": true
            },
            "responses": {
             "200": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Claim"
                }
               }
              },
              "description": "OK"
             },
             "400": {
              "$ref": "#/components/responses/BadRequest"
             },
             "401": {
              "$ref": "#/components/responses/Unauthorized"
             },
             "403": {
              "$ref": "#/components/responses/Forbidden"
             },
             "413": {
              "$ref": "#/components/responses/TooLarge"
             },
             "429": {
              "$ref": "#/components/responses/TooManyRequests"
             },
             "503": {
              "$ref": "#/components/responses/Unavailable"
             }
            },
            "security": [
             {
              "bearer": []
             }
            ],
            "summary": "Claim up to max ready charges under a lease"
           }
          },
          "/api/v1/charges/nack": {
           "post": {
            "description": "Roles: billing (admin may do everything).",
            "parameters": [],
            "requestBody": {
             "content": {
              "application/json": {
               "schema": {
                "$ref": "#/components/schemas/LeaseRequest"
               }
              }
             },
             "required": true
            },
            "responses": {
             "200": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Nacked"
                }
               }
              },
              "description": "OK"
             },
             "400": {
              "$ref": "#/components/responses/BadRequest"
             },
             "401": {
              "$ref": "#/components/responses/Unauthorized"
             },
             "403": {
              "$ref": "#/components/responses/Forbidden"
             },
             "404": {
              "$ref": "#/components/responses/NotFound"
             },
             "409": {
              "$ref": "#/components/responses/Conflict"
             },
             "413": {
              "$ref": "#/components/responses/TooLarge"
             },
             "429": {
              "$ref": "#/components/responses/TooManyRequests"
             },
             "503": {
              "$ref": "#/components/responses/Unavailable"
             }
            },
            "security": [
             {
              "bearer": []
             }
            ],
            "summary": "Give claimed charges back: ready again"
           }
          },
          "/api/v1/charges/{id}": {
           "get": {
            "description": "Roles: billing (admin may do everything).",
            "parameters": [
             {
              "description": "charge id",
              "in": "path",
              "name": "id",
              "required": true,
              "schema": {
               "pattern": "^[A-Za-z0-9-]{1,64}$",
               "type": "string"
              }
             }
            ],
            "responses": {
             "200": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/ChargeDocument"
                }
               }
              },
              "description": "OK"
             },
             "400": {
              "$ref": "#/components/responses/BadRequest"
             },
             "401": {
              "$ref": "#/components/responses/Unauthorized"
             },
             "403": {
              "$ref": "#/components/responses/Forbidden"
             },
             "404": {
              "$ref": "#/components/responses/NotFound"
             },
             "429": {
              "$ref": "#/components/responses/TooManyRequests"
             },
             "503": {
              "$ref": "#/components/responses/Unavailable"
             }
            },
            "security": [
             {
              "bearer": []
             }
            ],
            "summary": "One charge with its history"
           }
          },
          "/api/v1/charges/{id}/release": {
           "post": {
            "description": "Roles: physicist, billing (admin may do everything).",
            "parameters": [
             {
              "description": "charge id",
              "in": "path",
              "name": "id",
              "required": true,
              "schema": {
               "pattern": "^[A-Za-z0-9-]{1,64}$",
               "type": "string"
              }
             }
            ],
            "requestBody": {
             "content": {
              "application/json": {
               "schema": {
                "$ref": "#/components/schemas/ReleaseRequest"
               }
              }
             },
             "required": true
            },
            "responses": {
             "200": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Charge"
                }
               }
              },
              "description": "OK"
             },
             "400": {
              "$ref": "#/components/responses/BadRequest"
             },
             "401": {
              "$ref": "#/components/responses/Unauthorized"
             },
             "403": {
              "$ref": "#/components/responses/Forbidden"
             },
             "404": {
              "$ref": "#/components/responses/NotFound"
             },
             "409": {
              "$ref": "#/components/responses/Conflict"
             },
             "413": {
              "$ref": "#/components/responses/TooLarge"
             },
             "429": {
              "$ref": "#/components/responses/TooManyRequests"
             },
             "503": {
              "$ref": "#/components/responses/Unavailable"
             }
            },
            "security": [
             {
              "bearer": []
             }
            ],
            "summary": "Release a held or pending charge"
           }
          },
          "/api/v1/charges/{id}/void": {
           "post": {
            "description": "Roles: physicist, billing (admin may do everything).",
            "parameters": [
             {
              "description": "charge id",
              "in": "path",
              "name": "id",
              "required": true,
              "schema": {
               "pattern": "^[A-Za-z0-9-]{1,64}$",
               "type": "string"
              }
             }
            ],
            "requestBody": {
             "content": {
              "application/json": {
               "schema": {
                "$ref": "#/components/schemas/VoidRequest"
               }
              }
             },
             "required": true
            },
            "responses": {
             "200": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Voided"
                }
               }
              },
              "description": "OK"
             },
             "400": {
              "$ref": "#/components/responses/BadRequest"
             },
             "401": {
              "$ref": "#/components/responses/Unauthorized"
             },
             "403": {
              "$ref": "#/components/responses/Forbidden"
             },
             "404": {
              "$ref": "#/components/responses/NotFound"
             },
             "409": {
              "$ref": "#/components/responses/Conflict"
             },
             "413": {
              "$ref": "#/components/responses/TooLarge"
             },
             "429": {
              "$ref": "#/components/responses/TooManyRequests"
             },
             "503": {
              "$ref": "#/components/responses/Unavailable"
             }
            },
            "security": [
             {
              "bearer": []
             }
            ],
            "summary": "Void a charge; after export, queue its credit"
           }
          },
          "/api/v1/courses/{id}": {
           "get": {
            "description": "Roles: physicist (admin may do everything).",
            "parameters": [
             {
              "description": "session id",
              "in": "path",
              "name": "id",
              "required": true,
              "schema": {
               "pattern": "^[A-Za-z0-9-]{1,64}$",
               "type": "string"
              }
             }
            ],
            "responses": {
             "200": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Course"
                }
               }
              },
              "description": "OK"
             },
             "400": {
              "$ref": "#/components/responses/BadRequest"
             },
             "401": {
              "$ref": "#/components/responses/Unauthorized"
             },
             "403": {
              "$ref": "#/components/responses/Forbidden"
             },
             "404": {
              "$ref": "#/components/responses/NotFound"
             },
             "429": {
              "$ref": "#/components/responses/TooManyRequests"
             },
             "503": {
              "$ref": "#/components/responses/Unavailable"
             }
            },
            "security": [
             {
              "bearer": []
             }
            ],
            "summary": "The course of a treatment session"
           }
          },
          "/api/v1/openapi.json": {
           "get": {
            "responses": {
             "200": {
              "content": {
               "application/json": {
                "schema": {
                 "type": "object"
                }
               }
              },
              "description": "OpenAPI 3.1"
             }
            },
            "security": [],
            "summary": "This document"
           }
          },
          "/api/v1/patients/{id}/authorizations": {
           "post": {
            "description": "Roles: billing (admin may do everything).",
            "parameters": [
             {
              "description": "the patient id (PID-3)",
              "in": "path",
              "name": "id",
              "required": true,
              "schema": {
               "pattern": "^[!-.0-~]{1,64}$",
               "type": "string"
              }
             }
            ],
            "requestBody": {
             "content": {
              "application/json": {
               "schema": {
                "$ref": "#/components/schemas/AuthorizationRequest"
               }
              }
             },
             "required": true
            },
            "responses": {
             "201": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Authorization"
                }
               }
              },
              "description": "created"
             },
             "400": {
              "$ref": "#/components/responses/BadRequest"
             },
             "401": {
              "$ref": "#/components/responses/Unauthorized"
             },
             "403": {
              "$ref": "#/components/responses/Forbidden"
             },
             "409": {
              "$ref": "#/components/responses/Conflict"
             },
             "413": {
              "$ref": "#/components/responses/TooLarge"
             },
             "429": {
              "$ref": "#/components/responses/TooManyRequests"
             },
             "503": {
              "$ref": "#/components/responses/Unavailable"
             }
            },
            "security": [
             {
              "bearer": []
             }
            ],
            "summary": "Add a prior authorization"
           }
          },
          "/api/v1/patients/{id}/coverage": {
           "get": {
            "description": "Roles: billing, physicist (admin may do everything).",
            "parameters": [
             {
              "description": "the patient id (PID-3)",
              "in": "path",
              "name": "id",
              "required": true,
              "schema": {
               "pattern": "^[!-.0-~]{1,64}$",
               "type": "string"
              }
             }
            ],
            "responses": {
             "200": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/CoverageDocument"
                }
               }
              },
              "description": "OK"
             },
             "400": {
              "$ref": "#/components/responses/BadRequest"
             },
             "401": {
              "$ref": "#/components/responses/Unauthorized"
             },
             "403": {
              "$ref": "#/components/responses/Forbidden"
             },
             "429": {
              "$ref": "#/components/responses/TooManyRequests"
             },
             "503": {
              "$ref": "#/components/responses/Unavailable"
             }
            },
            "security": [
             {
              "bearer": []
             }
            ],
            "summary": "A patient's coverage and authorizations"
           },
           "put": {
            "description": "Roles: billing (admin may do everything).",
            "parameters": [
             {
              "description": "the patient id (PID-3)",
              "in": "path",
              "name": "id",
              "required": true,
              "schema": {
               "pattern": "^[!-.0-~]{1,64}$",
               "type": "string"
              }
             }
            ],
            "requestBody": {
             "content": {
              "application/json": {
               "schema": {
                "$ref": "#/components/schemas/CoverageRequest"
               }
              }
             },
             "required": true
            },
            "responses": {
             "200": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/CoverageDocument"
                }
               }
              },
              "description": "OK"
             },
             "400": {
              "$ref": "#/components/responses/BadRequest"
             },
             "401": {
              "$ref": "#/components/responses/Unauthorized"
             },
             "403": {
              "$ref": "#/components/responses/Forbidden"
             },
             "409": {
              "$ref": "#/components/responses/Conflict"
             },
             "413": {
              "$ref": "#/components/responses/TooLarge"
             },
             "429": {
              "$ref": "#/components/responses/TooManyRequests"
             },
             "503": {
              "$ref": "#/components/responses/Unavailable"
             }
            },
            "security": [
             {
              "bearer": []
             }
            ],
            "summary": "Replace a patient's coverage"
           }
          },
          "/api/v1/reconciliation": {
           "get": {
            "description": "Roles: billing, physicist (admin may do everything).",
            "parameters": [
             {
              "description": "YYYY-MM-DD",
              "in": "query",
              "name": "date",
              "required": true,
              "schema": {
               "format": "date",
               "type": "string"
              }
             }
            ],
            "responses": {
             "200": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Reconciliation"
                }
               }
              },
              "description": "OK"
             },
             "400": {
              "$ref": "#/components/responses/BadRequest"
             },
             "401": {
              "$ref": "#/components/responses/Unauthorized"
             },
             "403": {
              "$ref": "#/components/responses/Forbidden"
             },
             "429": {
              "$ref": "#/components/responses/TooManyRequests"
             },
             "503": {
              "$ref": "#/components/responses/Unavailable"
             }
            },
            "security": [
             {
              "bearer": []
             }
            ],
            "summary": "A service date's sessions against their charges"
           }
          },
          "/api/v1/sessions": {
           "get": {
            "description": "Roles: physicist (admin may do everything).",
            "parameters": [
             {
              "description": "RFC 3339: changed since",
              "in": "query",
              "name": "since",
              "required": false,
              "schema": {
               "format": "date-time",
               "type": "string"
              }
             },
             {
              "description": "console name",
              "in": "query",
              "name": "console",
              "required": false,
              "schema": {
               "type": "string"
              }
             },
             {
              "description": "only flagged sessions",
              "in": "query",
              "name": "flagged",
              "required": false,
              "schema": {
               "enum": [
                "true",
                "false"
               ],
               "type": "string"
              }
             },
             {
              "description": "page size",
              "in": "query",
              "name": "limit",
              "required": false,
              "schema": {
               "default": 100,
               "maximum": 1000,
               "minimum": 1,
               "type": "integer"
              }
             }
            ],
            "responses": {
             "200": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/SessionList"
                }
               }
              },
              "description": "OK"
             },
             "400": {
              "$ref": "#/components/responses/BadRequest"
             },
             "401": {
              "$ref": "#/components/responses/Unauthorized"
             },
             "403": {
              "$ref": "#/components/responses/Forbidden"
             },
             "429": {
              "$ref": "#/components/responses/TooManyRequests"
             },
             "503": {
              "$ref": "#/components/responses/Unavailable"
             }
            },
            "security": [
             {
              "bearer": []
             }
            ],
            "summary": "Sessions, newest first"
           }
          },
          "/api/v1/sessions/{id}": {
           "get": {
            "description": "Roles: physicist (admin may do everything).",
            "parameters": [
             {
              "description": "session id",
              "in": "path",
              "name": "id",
              "required": true,
              "schema": {
               "pattern": "^[A-Za-z0-9-]{1,64}$",
               "type": "string"
              }
             }
            ],
            "responses": {
             "200": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Session"
                }
               }
              },
              "description": "OK"
             },
             "400": {
              "$ref": "#/components/responses/BadRequest"
             },
             "401": {
              "$ref": "#/components/responses/Unauthorized"
             },
             "403": {
              "$ref": "#/components/responses/Forbidden"
             },
             "404": {
              "$ref": "#/components/responses/NotFound"
             },
             "429": {
              "$ref": "#/components/responses/TooManyRequests"
             },
             "503": {
              "$ref": "#/components/responses/Unavailable"
             }
            },
            "security": [
             {
              "bearer": []
             }
            ],
            "summary": "One session with its shots, events and flags"
           }
          },
          "/api/v1/sessions/{id}/review": {
           "post": {
            "description": "Roles: physicist (admin may do everything).",
            "parameters": [
             {
              "description": "session id",
              "in": "path",
              "name": "id",
              "required": true,
              "schema": {
               "pattern": "^[A-Za-z0-9-]{1,64}$",
               "type": "string"
              }
             }
            ],
            "requestBody": {
             "content": {
              "application/json": {
               "schema": {
                "$ref": "#/components/schemas/ReviewRequest"
               }
              }
             },
             "required": true
            },
            "responses": {
             "200": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Review"
                }
               }
              },
              "description": "OK"
             },
             "400": {
              "$ref": "#/components/responses/BadRequest"
             },
             "401": {
              "$ref": "#/components/responses/Unauthorized"
             },
             "403": {
              "$ref": "#/components/responses/Forbidden"
             },
             "404": {
              "$ref": "#/components/responses/NotFound"
             },
             "409": {
              "$ref": "#/components/responses/Conflict"
             },
             "413": {
              "$ref": "#/components/responses/TooLarge"
             },
             "429": {
              "$ref": "#/components/responses/TooManyRequests"
             },
             "503": {
              "$ref": "#/components/responses/Unavailable"
             }
            },
            "security": [
             {
              "bearer": []
             }
            ],
            "summary": "Sign off a session (a second signature is an addendum)"
           }
          },
          "/api/v1/trends": {
           "get": {
            "description": "Roles: physicist (admin may do everything).",
            "parameters": [
             {
              "description": "console name; empty: every console",
              "in": "query",
              "name": "console",
              "required": false,
              "schema": {
               "type": "string"
              }
             },
             {
              "description": "first day (YYYY-MM-DD); empty or absent: a year before to; at most 20 years before it, and before it",
              "in": "query",
              "name": "from",
              "required": false,
              "schema": {
               "anyOf": [
                {
                 "format": "date"
                },
                {
                 "const": ""
                }
               ],
               "type": "string"
              }
             },
             {
              "description": "last day; empty or absent: today",
              "in": "query",
              "name": "to",
              "required": false,
              "schema": {
               "anyOf": [
                {
                 "format": "date"
                },
                {
                 "const": ""
                }
               ],
               "type": "string"
              }
             }
            ],
            "responses": {
             "200": {
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Trend"
                }
               }
              },
              "description": "OK"
             },
             "400": {
              "$ref": "#/components/responses/BadRequest"
             },
             "401": {
              "$ref": "#/components/responses/Unauthorized"
             },
             "403": {
              "$ref": "#/components/responses/Forbidden"
             },
             "429": {
              "$ref": "#/components/responses/TooManyRequests"
             },
             "503": {
              "$ref": "#/components/responses/Unavailable"
             }
            },
            "security": [
             {
              "bearer": []
             }
            ],
            "summary": "Trends of a console or all"
           }
          },
          "/healthz": {
           "get": {
            "responses": {
             "200": {
              "content": {
               "text/plain": {
                "schema": {
                 "type": "string"
                }
               }
              },
              "description": "healthy"
             },
             "503": {
              "content": {
               "text/plain": {
                "schema": {
                 "type": "string"
                }
               }
              },
              "description": "unhealthy, with the reasons"
             }
            },
            "security": [],
            "summary": "Health: the store is writable and every console was read within its bound"
           }
          },
          "/metrics": {
           "get": {
            "responses": {
             "200": {
              "content": {
               "text/plain": {
                "schema": {
                 "type": "string"
                }
               }
              },
              "description": "the metrics"
             }
            },
            "security": [],
            "summary": "Prometheus metrics (text format 0.0.4): polls, charges, HTTP, HL7, the ADT feed; bind the daemon to a private address"
           }
          }
         },
         "servers": [
          {
           "url": "/"
          }
         ]
        }
        """#
}
