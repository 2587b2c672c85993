"""Use cases of the plans domain that cross into other domains, in one place (as Netflix
Dispatch keeps them in `flows.py`): the service of each domain keeps its own rules, the flow
strings them together, and the edges (API, pages, command line, demo) call the flow.

- `activate_plan`: a draft made live opens its reporting cycle (the periods its duties name).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from dondoc.plans.models import Plan
from dondoc.plans.service import activate
from dondoc.reporting.service_periods import generate_periods


def activate_plan(session: Session, plan_id: int, *, actor: str) -> Plan:
    """Make a draft live (plans) and open its reporting cycle (reporting)."""
    plan = activate(session, plan_id, actor=actor)
    generate_periods(session, plan, actor=actor)
    return plan
