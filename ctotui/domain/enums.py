"""The closed vocabularies of the domain. Stored as their values; shown by their labels."""

from __future__ import annotations

from enum import StrEnum


class Labelled(StrEnum):
    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


class ClientStatus(Labelled):
    PROSPECT = "prospect"
    ACTIVE = "active"
    PAUSED = "paused"
    CLOSED = "closed"


class Health(Labelled):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"


class Role(Labelled):
    OUTSOURCED_CTO = "outsourced_cto"
    LATERAL_SUPPORT = "lateral_support"
    ACTING_DIRECTOR = "acting_director"
    DISPUTE_RESOLUTION = "dispute_resolution"
    MA_ADVISOR = "ma_advisor"
    FRACTIONAL_CTO = "fractional_cto"
    ADVISORY = "advisory"

    @property
    def label(self) -> str:
        return {
            "outsourced_cto": "outsourced CTO",
            "lateral_support": "lateral support to CIO/CSO",
            "acting_director": "acting Director of IT",
            "dispute_resolution": "dispute resolution",
            "ma_advisor": "M&A advisor",
            "fractional_cto": "fractional CTO",
            "advisory": "advisory",
        }[self.value]


class EngagementKind(Labelled):
    RETAINER = "retainer"
    PROJECT = "project"
    FRACTIONAL = "fractional"
    ADVISORY = "advisory"


class EngagementStatus(Labelled):
    PLANNED = "planned"
    ACTIVE = "active"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class Area(Labelled):
    SECURITY = "security"
    ERP = "erp"
    CRM = "crm"
    UNIFIED_COMMS = "unified_comms"
    INFRASTRUCTURE = "infrastructure"
    CLOUD = "cloud"
    DATA = "data"
    STAFFING = "staffing"
    BUDGET = "budget"
    WEB = "web"
    MA = "m_and_a"
    GOVERNANCE = "governance"
    VENDOR = "vendor"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            "erp": "ERP",
            "crm": "CRM",
            "unified_comms": "UC/telephony",
            "m_and_a": "M&A",
        }.get(self.value, self.value)


class Priority(Labelled):
    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @property
    def rank(self) -> int:
        """0 is the most urgent; for sorting."""
        return ["critical", "high", "medium", "low"].index(self.value)


class Level(Labelled):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class RecStatus(Labelled):
    DRAFT = "draft"
    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    DEFERRED = "deferred"
    REJECTED = "rejected"
    IN_PROGRESS = "in_progress"
    IMPLEMENTED = "implemented"
    VERIFIED = "verified"


class EventKind(Labelled):
    BUDGET = "budget"
    PROVISIONING = "provisioning"
    RENEWAL = "renewal"
    STAFFING = "staffing"
    MEETING = "meeting"
    AUDIT = "audit"
    OTHER = "other"


class BudgetCategory(Labelled):
    HARDWARE = "hardware"
    LICENCES = "licences"
    STAFF = "staff"
    TELECOM = "telecom"
    SERVICES = "services"
    CLOUD = "cloud"
    OTHER = "other"


class Spend(Labelled):
    CAPEX = "capex"
    OPEX = "opex"


class NdaLevel(Labelled):
    STANDARD = "standard"
    MUTUAL = "mutual"
    STRICT = "strict"
