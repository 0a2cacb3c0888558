"""Closed vocabularies of the complaint record. Labels for people live in the catalogues, not here."""

from __future__ import annotations

from enum import StrEnum


class Channel(StrEnum):
    TELEGRAM = "telegram"
    WEBCHAT = "webchat"
    PHONE = "phone"
    VISIT = "visit"
    LETTER = "letter"
    EMAIL = "email"

    @property
    def is_chat(self) -> bool:
        return self in (Channel.TELEGRAM, Channel.WEBCHAT)


STAFF_ENTRY_CHANNELS = (Channel.PHONE, Channel.VISIT, Channel.LETTER, Channel.EMAIL)


class ComplaintType(StrEnum):
    PRODUCT = "product"
    SERVICE = "service"
    PROMOTION = "promotion"
    FACILITIES = "facilities"
    OTHER = "other"


class Category(StrEnum):
    PRODUCT_QUALITY = "product_quality"
    SERVICE_ATTITUDE = "service_attitude"
    DELIVERY_LOGISTICS = "delivery_logistics"
    BILLING_PRICE = "billing_price"
    PROMOTION = "promotion"
    AFTER_SALES_REPAIR = "after_sales_repair"
    FACILITIES = "facilities"
    OTHER = "other"


class Severity(StrEnum):
    A = "A"
    B = "B"
    C = "C"
    D = "D"


class Demand(StrEnum):
    RETURN = "return"
    EXCHANGE = "exchange"
    REPAIR = "repair"
    COMPENSATION = "compensation"
    APOLOGY = "apology"
    OTHER = "other"


class Status(StrEnum):
    NEW = "new"
    IN_PROGRESS = "in_progress"
    RESOLVED = "resolved"
    REOPENED = "reopened"
    CLOSED = "closed"


OPEN_STATUSES = (Status.NEW, Status.IN_PROGRESS, Status.REOPENED)


class CloseReason(StrEnum):
    SATISFIED = "satisfied"
    NO_RESPONSE = "no_response"
    STAFF = "staff"
    UNSATISFIED_FINAL = "unsatisfied_final"


class Validity(StrEnum):
    UNDECIDED = "undecided"
    VALID = "valid"  # 投诉成立
    INVALID = "invalid"  # 投诉不成立


class Role(StrEnum):
    HANDLER = "handler"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


class RootCause(StrEnum):
    MATERIAL = "material"
    METHOD = "method"
    DESIGN = "design"
    APPEARANCE = "appearance"
    PACKAGING = "packaging"
    ENVIRONMENT = "environment"
    SERVICE = "service"
    MISUSE = "misuse"
    NOT_OURS = "not_ours"


class EventKind(StrEnum):
    CREATED = "created"
    CUSTOMER_MESSAGE = "customer_message"
    STAFF_REPLY = "staff_reply"
    NOTE = "note"
    STATUS = "status"
    ASSIGNED = "assigned"
    TRANSFERRED = "transferred"
    CLASSIFIED = "classified"
    CLASSIFICATION = "classification"  # staff accepted or overrode the suggestion
    VALIDITY = "validity"
    CONTACT = "contact"  # communication log entry
    ROOT_CAUSE = "root_cause"
    ACTION = "action"  # corrective / preventive action added or updated
    APPROVAL_REQUESTED = "approval_requested"
    APPROVAL_DECIDED = "approval_decided"
    REMEDY = "remedy"
    REMINDER = "reminder"
    OVERDUE = "overdue"
    ESCALATED = "escalated"
    SURVEY_SENT = "survey_sent"
    SURVEY_ANSWER = "survey_answer"
    VIEWED = "viewed"
    DELIVERY_FAILED = "delivery_failed"
    PURGED = "purged"


class DeadlineKind(StrEnum):
    FIRST_CONTACT = "first_contact"
    SOLUTION = "solution"
    RESOLUTION = "resolution"
    REVISIT = "revisit"


class DeadlineState(StrEnum):
    PENDING = "pending"  # not yet reminded
    REMINDED = "reminded"  # reminder sent, still open
    MET = "met"
    OVERDUE = "overdue"  # missed and escalated
    CANCELLED = "cancelled"


class OutboxState(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"  # permanent: shown on the ticket, retried only by hand


class Language(StrEnum):
    ZH = "zh"
    EN = "en"
