"""A short run of bench/fuzz.py: its generators, a fixed seed, no traceback allowed.

The full harness (100,000 inputs, worker processes, timeouts, shrinking) is run by hand:
`.venv/bin/python bench/fuzz.py`. Here each target gets a few dozen inputs in this process,
so a regression that any generated input trips shows up in `pytest -q` within seconds.
"""

from __future__ import annotations

import pytest

from bench import fuzz
from bench.fuzz import TARGETS, Case, check_case, fuzz_target, plan_shards

SEED = 20_240_601
# Inputs per target: a few hundred in all, well under 20 s on a laptop.
EXAMPLES = {
    "convert": 60,
    "pretty": 80,
    "validate": 80,
    "text": 80,
    "cli": 60,
    "subprocess": 3,
}


def _describe(failures: dict[str, object]) -> str:
    lines = []
    for key, failure in failures.items():
        lines += [key, failure.summary, failure.case.reproducer(limit=400), failure.details[-1500:]]
    return "\n".join(lines)


@pytest.mark.parametrize("target", TARGETS)
def test_generated_inputs_raise_no_traceback(target: str) -> None:
    stats = fuzz_target(target, EXAMPLES[target], SEED, timeout=30.0)
    assert stats.inputs > 0
    assert not stats.failures, _describe(stats.failures)


def test_a_crash_is_caught_and_named(monkeypatch: pytest.MonkeyPatch) -> None:
    # The harness itself: a non-Teikit exception becomes a failure named by type and frame.
    def crash(case: Case) -> None:
        raise KeyError("planted")

    monkeypatch.setattr(fuzz, "run_library", crash)
    failure = check_case(Case("text", b"<a/>")).failure
    assert failure is not None
    assert failure.kind == "traceback"
    assert failure.signature.startswith("KeyError at ")
    assert "planted" in failure.summary


def test_user_errors_are_not_failures() -> None:
    assert check_case(Case("text", b"<not-closed")).failure is None
    assert check_case(Case("cli", b"<a", args=("text", "-"))).failure is None


def test_shards_split_the_inputs_whatever_the_jobs() -> None:
    shards = plan_shards(100_000, TARGETS, seed=0)
    assert sum(s.examples for s in shards) == 100_000
    assert sum(s.examples for s in shards if s.target == "subprocess") == 300
    assert plan_shards(100_000, TARGETS, seed=0) == shards
