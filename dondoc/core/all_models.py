"""Every table module, imported in one place so that Alembic sees the whole metadata."""

from dondoc.agencies import models as agencies_models
from dondoc.audit import models as audit_models
from dondoc.core.models import Base
from dondoc.notify import models as notify_models
from dondoc.plans import models as plans_models
from dondoc.reporting import models as reporting_models
from dondoc.users import models as users_models

__all__ = [
    "Base",
    "agencies_models",
    "audit_models",
    "notify_models",
    "plans_models",
    "reporting_models",
    "users_models",
]
