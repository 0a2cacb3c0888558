"""The OpenAPI 3 document of /api/v1, as data next to the handlers (a test checks both agree)."""

from __future__ import annotations

from typing import Any

from models.enums import STAFF_ENTRY_CHANNELS, Category, Channel, ComplaintType, Demand, Severity, Status

_str = {"type": "string"}
_nullable_str = {"type": ["string", "null"]}
_error = {"$ref": "#/components/schemas/Error"}


def _json(schema: dict[str, Any]) -> dict[str, Any]:
    return {"content": {"application/json": {"schema": schema}}}


def _responses(ok: int, schema: dict[str, Any], *errors: int) -> dict[str, Any]:
    out: dict[str, Any] = {str(ok): {"description": "OK", **_json(schema)}}
    out["401"] = {"description": "Missing or invalid bearer token", **_json(_error)}
    for code in errors:
        out[str(code)] = {"description": "Refused", **_json(_error)}
    return out


_number_param = {
    "name": "number",
    "in": "path",
    "required": True,
    "schema": {"type": "string", "maxLength": 24},
    "description": "Ticket number, e.g. KS-20261116-0001",
}


def _query(name: str, schema: dict[str, Any], description: str = "") -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "schema": schema, "description": description}


_summary = {
    "type": "object",
    "required": ["number", "status", "category", "severity", "channel", "created_at"],
    "properties": {
        "number": _str,
        "status": {"type": "string", "enum": [s.value for s in Status]},
        "category": {"type": "string", "enum": [c.value for c in Category]},
        "severity": {"type": "string", "enum": [s.value for s in Severity]},
        "channel": {"type": "string", "enum": [c.value for c in Channel]},
        "customer_name": _str,
        "phone_masked": _str,
        "excerpt": _str,
        "department": _nullable_str,
        "assignee": _nullable_str,
        "next_due_at": {"type": ["string", "null"], "format": "date-time"},
        "overdue": {"type": "boolean"},
        "created_at": {"type": "string", "format": "date-time"},
    },
}
_event = {
    "type": "object",
    "required": ["id", "kind", "actor", "body", "created_at"],
    "properties": {
        "id": {"type": "integer"},
        "kind": _str,
        "actor": _str,
        "by_customer": {"type": "boolean"},
        "internal": {"type": "boolean"},
        "body": _str,
        "created_at": {"type": "string", "format": "date-time"},
        "delivery": {"type": ["string", "null"], "enum": ["pending", "sending", "sent", "failed", None]},
    },
}
_detail = {
    "type": "object",
    "required": [*_summary["required"], "description", "thread"],
    "properties": {
        **{k: v for k, v in _summary["properties"].items() if k != "excerpt"},
        "validity": _str,
        "address": _str,
        "reference": _str,
        "purchase_date": {"type": ["string", "null"], "format": "date"},
        "complaint_type": _str,
        "description": _str,
        "demand": _str,
        "demand_detail": _str,
        "amount": _nullable_str,
        "root_cause": _nullable_str,
        "thread": {"type": "array", "items": {"$ref": "#/components/schemas/Event"}},
    },
}
_new_ticket = {
    "type": "object",
    "required": ["channel", "customer_name", "phone", "description"],
    "properties": {
        "channel": {"type": "string", "enum": [c.value for c in STAFF_ENTRY_CHANNELS]},
        "customer_name": {"type": "string", "maxLength": 50},
        "phone": {"type": "string", "maxLength": 32, "example": "13812345678"},
        "address": {"type": "string", "maxLength": 255},
        "reference": {"type": "string", "maxLength": 100},
        "purchase_date": {"type": "string", "format": "date"},
        "complaint_type": {"type": "string", "enum": [c.value for c in ComplaintType]},
        "description": {"type": "string", "maxLength": 4000},
        "demand": {"type": "string", "enum": [d.value for d in Demand]},
        "demand_detail": {"type": "string", "maxLength": 255},
        "amount": {"type": "string", "example": "199.00"},
        "price": {"type": "string", "example": "399.00"},
    },
}
_text = {
    "type": "object",
    "required": ["text"],
    "properties": {"text": {"type": "string", "maxLength": 4000}},
}
_status_change = {
    "type": "object",
    "required": ["status"],
    "properties": {
        "status": {"type": "string", "enum": ["in_progress", "resolved", "closed", "reopened"]},
        "summary": {
            "type": "string",
            "maxLength": 2000,
            "description": "outcome (resolved) or reason (reopened)",
        },
    },
}

DOCUMENT: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {
        "title": "Kesu 客诉 API",
        "version": "1.0.0",
        "description": "Bearer tokens: `kesu api-token create USER`.",
    },
    "servers": [{"url": "/"}],
    "security": [{"bearerAuth": []}],
    "paths": {
        "/api/v1/openapi.json": {
            "get": {
                "operationId": "getOpenApi",
                "summary": "This document",
                "security": [],
                "responses": {"200": {"description": "OpenAPI document", **_json({"type": "object"})}},
            }
        },
        "/api/v1/tickets": {
            "get": {
                "operationId": "listTickets",
                "summary": "Queue: filters, search, keyset pages (sorted by next deadline; searches newest first)",
                "parameters": [
                    _query("status", {"type": "string", "enum": ["open", "all", *[s.value for s in Status]]}),
                    _query("category", {"type": "string", "enum": [c.value for c in Category]}),
                    _query("severity", {"type": "string", "enum": [s.value for s in Severity]}),
                    _query("department", {"type": "integer", "minimum": 1}),
                    _query("assignee", {"type": "string", "enum": ["mine", "none"]}),
                    _query("channel", {"type": "string", "enum": [c.value for c in Channel]}),
                    _query("overdue", {"type": "boolean"}),
                    _query("q", {"type": "string", "maxLength": 100}, "number, phone, name or words (退款)"),
                    _query(
                        "cursor", {"type": "string", "maxLength": 200}, "next_cursor of the previous page"
                    ),
                    _query("limit", {"type": "integer", "minimum": 1, "maximum": 100}),
                ],
                "responses": _responses(200, {"$ref": "#/components/schemas/TicketList"}, 400),
            },
            "post": {
                "operationId": "createTicket",
                "summary": "File a complaint taken by phone, visit, letter or email",
                "requestBody": {"required": True, **_json({"$ref": "#/components/schemas/NewTicket"})},
                "responses": _responses(201, {"$ref": "#/components/schemas/Ticket"}, 400, 422),
            },
        },
        "/api/v1/tickets/{number}": {
            "get": {
                "operationId": "getTicket",
                "summary": "One ticket with its thread",
                "parameters": [_number_param],
                "responses": _responses(200, {"$ref": "#/components/schemas/Ticket"}, 403, 404),
            }
        },
        "/api/v1/tickets/{number}/replies": {
            "post": {
                "operationId": "replyToCustomer",
                "summary": "Reply to the customer (queued to their chat)",
                "parameters": [_number_param],
                "requestBody": {"required": True, **_json({"$ref": "#/components/schemas/Text"})},
                "responses": _responses(201, {"$ref": "#/components/schemas/Event"}, 400, 403, 404, 409, 422),
            }
        },
        "/api/v1/tickets/{number}/notes": {
            "post": {
                "operationId": "addNote",
                "summary": "Add an internal note",
                "parameters": [_number_param],
                "requestBody": {"required": True, **_json({"$ref": "#/components/schemas/Text"})},
                "responses": _responses(201, {"$ref": "#/components/schemas/Event"}, 400, 403, 404, 422),
            }
        },
        "/api/v1/tickets/{number}/status": {
            "post": {
                "operationId": "changeStatus",
                "summary": "Take over (in_progress), resolve, close or reopen",
                "parameters": [_number_param],
                "requestBody": {"required": True, **_json({"$ref": "#/components/schemas/StatusChange"})},
                "responses": _responses(
                    200, {"$ref": "#/components/schemas/Ticket"}, 400, 403, 404, 409, 422
                ),
            }
        },
    },
    "components": {
        "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}},
        "schemas": {
            "TicketSummary": _summary,
            "TicketList": {
                "type": "object",
                "required": ["items", "next_cursor"],
                "properties": {
                    "items": {"type": "array", "items": {"$ref": "#/components/schemas/TicketSummary"}},
                    "next_cursor": _nullable_str,
                },
            },
            "Ticket": _detail,
            "Event": _event,
            "NewTicket": _new_ticket,
            "Text": _text,
            "StatusChange": _status_change,
            "Error": {
                "type": "object",
                "required": ["error"],
                "properties": {"error": _str, "message": _str, "field": _str, "fields": {"type": "object"}},
            },
        },
    },
}
