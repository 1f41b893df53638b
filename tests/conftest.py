"""Shared test fixtures: the ../shared folder, --update-golden, and jing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings
from jing import SHARED as SHARED_DIR
from jing import JingHarness, require_jing

# CI runs the same generated examples every time (a failure there is reproducible and never
# a matter of luck); a developer's run explores new ones. bench/fuzz-style searches go wider.
settings.register_profile("ci", derandomize=True, database=None, deadline=None)
if os.environ.get("CI"):
    settings.load_profile("ci")


def pytest_addoption(parser: pytest.Parser) -> None:
    # Golden files change only on request; read `git diff tests/data` afterwards.
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite expected files in tests/data from the current output",
    )


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    """True when the run was started with --update-golden."""
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def SHARED() -> Path:
    """The team's ../shared folder (seed, corpus, schemas); skips the test when it is missing."""
    if not SHARED_DIR.is_dir():
        pytest.skip(f"{SHARED_DIR} is missing: the shared corpus sits beside the repository")
    return SHARED_DIR


@pytest.fixture(scope="session")
def jing(tmp_path_factory: pytest.TempPathFactory) -> JingHarness:
    """jing against tei_all, checked once per session; skips when jing is not installed.

    Example:
        def test_seed_valid(jing):
            jing.assert_valid({"seed": convert_text(seed_text).xml})
    """
    require_jing()
    return JingHarness(workdir=tmp_path_factory.mktemp("jing"))
