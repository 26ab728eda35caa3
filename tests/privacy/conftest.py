"""Two households, A and B, with data in every domain, and the shared catalog they use.

Each fixture commits (a savepoint of the test's transaction, rolled back at the end) so that a
request that fails and rolls back its own work keeps the households in place.
"""

from __future__ import annotations

import pytest
from sqlmodel import Session

from tests.privacy.world import Owned, Shared, populate, shared


@pytest.fixture
def world(session: Session) -> Shared:
    world = shared(session)
    session.commit()
    return world


@pytest.fixture
def alpha(session: Session, world: Shared) -> Owned:
    owned = populate(session, world, "ZQXALPHA")
    session.commit()
    return owned


@pytest.fixture
def bravo(session: Session, world: Shared) -> Owned:
    owned = populate(session, world, "ZQXBRAVO")
    session.commit()
    return owned
