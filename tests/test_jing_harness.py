"""The jing harness must tell valid from invalid, or every validity test means nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from jing import TEI_ALL, JingHarness, jing_validate

HEADER = (
    "<teiHeader><fileDesc>"
    "<titleStmt><title>A test</title></titleStmt>"
    "<publicationStmt><p>Unpublished</p></publicationStmt>"
    "<sourceDesc><p>Made up for the test</p></sourceDesc>"
    "</fileDesc></teiHeader>"
)


def tei(text: str) -> bytes:
    """A whole TEI document around `text`, the <text> element on line 3."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<TEI xmlns="http://www.tei-c.org/ns/1.0">{HEADER}\n'
        f"{text}\n"
        "</TEI>\n"
    ).encode()


VALID = tei("<text><body><p>Nº 166 KOVALEV</p></body></text>")
# <p> may not stand directly in <text>: it needs a <body>.
INVALID = tei("<text><p>Nº 166 KOVALEV</p></text>")
MALFORMED = tei("<text><body><p>never closed</body></text>")


def write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory, SHARED: Path) -> dict[str, Path]:
    """Files of every kind, in an order that puts some after a malformed one."""
    folder = tmp_path_factory.mktemp("batch")
    return {
        "good": write(folder, "good.xml", VALID),
        "bad": write(folder, "bad.xml", INVALID),
        "broken": write(folder, "broken.xml", MALFORMED),
        # jing gives up on the files after a fatal (not well-formed) one: these must be checked.
        "bad after broken": write(folder, "later-bad.xml", INVALID),
        # Spaces, colons and non-ASCII letters all occur in archivists' file names; one name
        # is a prefix of the other.
        "odd": write(folder, "Ковалёв: cable 1949.xml", INVALID),
        "odd longer": write(folder, "Ковалёв: cable 1949.xml.xml", VALID),
        "missing": folder / "nowhere.xml",
        "seed target": SHARED / "design" / "seed-target.xml",
    }


@pytest.fixture(scope="module")
def results(batch: dict[str, Path]) -> dict[str, list[str]]:
    # One call for all of them: the harness exists to validate many files per jing run.
    by_path = jing_validate(list(batch.values()))
    return {name: by_path[path] for name, path in batch.items()}


def test_valid_and_invalid_in_one_run(results: dict[str, list[str]]) -> None:
    assert results["good"] == []
    assert results["bad"], "a <p> directly in <text> must be reported"
    assert results["bad"][0].startswith("3:"), results["bad"]
    assert ': error: element "p" not allowed here' in results["bad"][0]


def test_messages_carry_line_and_column(results: dict[str, list[str]]) -> None:
    for message in results["bad"]:
        line, col, rest = message.split(":", 2)
        assert line.isdigit() and col.isdigit(), message
        assert rest.startswith(" error: "), message


def test_files_after_a_malformed_one_are_still_checked(results: dict[str, list[str]]) -> None:
    assert any(": fatal: " in m for m in results["broken"]), results["broken"]
    assert results["bad after broken"] == results["bad"]
    assert results["odd longer"] == []


def test_missing_file_is_an_error_not_a_pass(results: dict[str, list[str]]) -> None:
    assert results["missing"] == ["0:0: fatal: file not found"]


def test_odd_file_names_map_back(results: dict[str, list[str]]) -> None:
    assert results["odd"] == results["bad"]
    assert results["odd longer"] == []


def test_seed_target_is_valid(results: dict[str, list[str]]) -> None:
    assert results["seed target"] == []


def test_broken_schema_never_passes(tmp_path: Path) -> None:
    schema = write(tmp_path, "schema.rng", b"<grammar xmlns='http://relaxng.org/ns/structure/1.0'>")
    good = write(tmp_path, "good.xml", VALID)
    with pytest.raises(RuntimeError, match="jing"):
        jing_validate([good], schema)


def test_harness_validates_bytes_and_names_the_invalid(jing: JingHarness) -> None:
    jing.assert_valid({"good": VALID})
    with pytest.raises(pytest.fail.Exception, match=r"1 of 2 not valid TEI:\nbad: 3:") as failed:
        jing.assert_valid({"good": VALID, "bad": INVALID})
    assert "good" not in str(failed.value)


def test_schema_is_the_shared_tei_all(SHARED: Path) -> None:
    assert (SHARED / "schemas" / "tei_all.rng").resolve() == TEI_ALL
