"""Every domain's tables, imported in one place: the one module where the metadata is complete.

Alembic's environment, the application (`dondoc.app`), the command line, the demo and the tests
import it, so that string foreign keys across domains resolve before the first query; `core`
itself imports no domain (tests/test_architecture.py). `session_scope` is the unit of work of a
command or a job with every table known.
"""

from dondoc.agencies import models as agencies_models
from dondoc.agencies.service import install_succession_cache
from dondoc.audit import models as audit_models
from dondoc.core.db import session_scope
from dondoc.core.models import Base
from dondoc.notify import models as notify_models
from dondoc.plans import models as plans_models
from dondoc.reporting import models as reporting_models
from dondoc.scheduling import models as scheduling_models
from dondoc.scoring import models as scoring_models
from dondoc.scoring import staleness
from dondoc.users import models as users_models

# The stored figures follow every write made through the ORM (scoring/staleness.py): installed here,
# where every unit of work's tables are known, so that no entry point can miss it.
staleness.install()
install_succession_cache()

__all__ = [
    "Base",
    "session_scope",
    "agencies_models",
    "audit_models",
    "notify_models",
    "plans_models",
    "reporting_models",
    "scheduling_models",
    "scoring_models",
    "users_models",
]
