"""Bad-input fixtures, one defect each, paired with the exact diagnostics expected.

Each entry of tests/fixtures/bad (a file, or a folder for defects across dossiers) has a
``<name>.expected`` beside it: the exact output of ``python -m generator check --as-of 2024-06-01``
run from tests/fixtures. The dossier files must be byte-for-byte unchanged afterwards.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from generator.cli.main import main

from .conftest import FIXTURES

BAD = FIXTURES / "bad"
CASES = sorted(p for p in BAD.iterdir() if not p.name.endswith(".expected"))


def _digest(path: Path) -> dict[Path, str]:
    files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
    return {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def run_check(args: list[str], capsys, cwd: Path = FIXTURES) -> tuple[int, str]:
    old = os.getcwd()
    os.chdir(cwd)
    try:
        code = main(["check", *args])
    finally:
        os.chdir(old)
    return code, capsys.readouterr().out


@pytest.mark.parametrize("case", CASES, ids=[p.stem for p in CASES])
def test_bad_input_gives_exact_diagnostics(case: Path, capsys) -> None:
    expected = (BAD / f"{case.stem}.expected").read_text(encoding="utf-8")
    before = _digest(case)
    code, out = run_check(["--as-of", "2024-06-01", f"bad/{case.name}"], capsys)
    assert out == expected
    only_warnings = case.stem.startswith("warn-")
    assert code == (0 if only_warnings else 1)
    assert _digest(case) == before, "checking must never modify a dossier"


def test_every_bad_fixture_has_exactly_one_kind_of_problem() -> None:
    for case in CASES:
        lines = (BAD / f"{case.stem}.expected").read_text(encoding="utf-8").splitlines()
        assert len(lines) >= 2, case  # at least one diagnostic and the summary
        codes = {line.split(": ", 2)[1] for line in lines[:-1]}
        assert len(codes) == 1, (case, codes)


def test_good_inputs_pass_clean(capsys) -> None:
    code, out = run_check(["--as-of", "2024-06-01", "good"], capsys)
    assert code == 0
    assert out == "检查了 4 份会议档案：0 个错误，0 个警告\n"


@pytest.mark.parametrize(
    "case, expected",
    [
        ("date-slash.md", 'bad/date-slash.md:4:1: error: date: "2024/5/6" is not a date; write YYYY-MM-DD (e.g. 2024-05-06)'),
        ("unknown-key.md", 'bad/unknown-key.md:11:1: error: tittle: unknown key "tittle"; did you mean "title"?'),
        (
            "fullwidth-colon.md",
            'bad/fullwidth-colon.md:11:6: error: full-width colon "：" after the key; YAML needs an ASCII colon and a space: write chair: 李四',
        ),
        (
            "gbk.md",
            'bad/gbk.md:2:8: error: the file is encoded as GBK/GB18030 ("ANSI" on Chinese Windows), not UTF-8; save it again as UTF-8',
        ),
        (
            "rule8-recall-unsettled.md",
            "bad/rule8-recall-unsettled.md:16:5: error: documents[0].returned: recall not settled: 30 copies issued, 28 returned; a closed meeting's copies must all be back",
        ),
    ],
)
def test_english_messages(case: str, expected: str, capsys) -> None:
    code, out = run_check(["--as-of", "2024-06-01", "--lang", "en", f"bad/{case}"], capsys)
    assert code == 1
    assert out.splitlines() == [expected, "checked 1 dossiers: 1 errors, 0 warnings"]
