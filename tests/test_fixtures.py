"""Bad-input fixtures, one defect each, paired with the exact diagnostics expected.

Each entry of tests/fixtures/bad (a file, or a folder for defects across dossiers) has a
``<name>.expected`` beside it: the exact output of ``python -m generator check --as-of 2024-06-01``
run from tests/fixtures. The dossier files must be byte-for-byte unchanged afterwards.
"""

from __future__ import annotations

import hashlib
import json
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


#: What each fixture is for: the code (``--format json``) of every diagnostic it must give, and no other.
#: A fixture that starts giving another code (or stops giving its own) has lost its point.
CODES = {
    "carried-cycle": "carried_cycle",
    "carried-from-format.md": "carried_from_format",
    "carried-from-later": "carried_from_later",
    "date-chinese.md": "date_format",
    "date-implausible.md": "date_implausible",
    "date-impossible.md": "date_invalid",
    "date-slash.md": "date_format",
    "duplicate-key.md": "yaml_duplicate_key",
    "encoding-stray-byte.md": "encoding_stray_byte",
    "encoding-unknown.md": "encoding_unknown",
    "encoding-utf16-bom.md": "encoding_utf16",
    "encoding-utf16be.md": "encoding_utf16",
    "encoding-utf16le.md": "encoding_utf16",
    "enum-unknown.md": "enum_value",
    "folder-dossier-crowded": "folder_dossier_crowded",
    "front-matter-comments-only.md": "front_matter_empty",
    "front-matter-empty.md": "front_matter_empty",
    "fullwidth-colon.md": "fullwidth_colon",
    "fullwidth-comma.md": "fullwidth_comma",
    "fullwidth-quotes.md": "fullwidth_quotes",
    "fullwidth-space-after-colon.md": "fullwidth_space_after_colon",
    "fullwidth-space-indent.md": "fullwidth_space_indent",
    "gbk.md": "encoding_gbk",
    "invisible-bom.md": "invisible_char",
    "invisible-escaped.md": "invisible_char",
    "invisible-in-block-scalar.md": "invisible_char",
    "invisible-in-comment.md": "invisible_char",
    "invisible-nbsp.md": "invisible_char",
    "invisible-nel.md": "invisible_char",
    "invisible-nul.md": "invisible_char",
    "invisible-u2028.md": "invisible_char",
    "invisible-vt.md": "invisible_char",
    "invisible-zwsp.md": "invisible_char",
    "kind-unknown.md": "kind_unknown",
    "list-for-mapping.md": "not_mapping",
    "mapping-for-list.md": "not_list",
    "missing-title.md": "missing",
    "no-front-matter.md": "no_front_matter",
    "not-a-number-superscript.md": "not_whole_number",
    "not-a-number.md": "not_whole_number",
    "not-text-list.md": "not_text",
    "not-text-mapping.md": "not_text",
    "not-text-nested-tags.md": "not_text",
    "rule1-start-after-end.md": "start_after_end",
    "rule2-due-before-meeting.md": "due_before_meeting",
    "rule2-update-before-meeting.md": "update_before_meeting",
    "rule2-reminder-before-meeting.md": "reminder_before_meeting",
    "rule3-carried": {"carried_no_action", "carried_no_dossier", "carried_self"},
    "rule3-decision-unknown.md": "decision_unknown",
    "rule4-duplicate-action-id.md": "duplicate_id",
    "rule4-duplicate-document-id.md": "duplicate_id",
    "rule4-duplicate-dossier": "duplicate_dossier",
    "rule4-duplicate-dossier-folded": "duplicate_dossier_folded",
    "rule5-document-above-dossier.md": "document_above_dossier",
    "rule6-substitute-missing.md": "substitute_missing",
    "rule7-held-in-future.md": "held_in_future",
    "rule8-archive-unsettled.md": "archive_unsettled",
    "rule8-closed-without-minutes.md": "closed_without_minutes",
    "rule8-destroy-unsettled.md": "destroy_unsettled",
    "rule8-recall-no-date.md": "recall_no_date",
    "rule8-recall-unsettled.md": "recall_unsettled",
    "rule9-attachment-type": "attachment_type",
    "rule9-body-link-flat.md": "body_link_flat_dossier",
    "rule9-file-flat-dossier.md": "file_flat_dossier",
    "rule9-file-missing": "file_missing",
    "rule9-file-outside.md": "file_outside",
    "rule9-file-own-source": "file_own_source",
    "rule10-unit-unknown.md": "unit_unknown",
    "tab-indent.md": "tab_indent",
    "time-bad.md": "time_format",
    "unclosed-front-matter.md": "unclosed_front_matter",
    "unknown-key-chinese.md": "unknown_key",
    "unknown-key.md": "unknown_key",
    "warn-body-invisible.md": "body_invisible_char",
    "warn-closed-actions-open.md": "closed_action_open",
    "warn-closing-signoff.md": "closing_signoff",
    "warn-co-units.md": {"co_unit_is_lead", "co_unit_twice"},
    "warn-closed-on-not-done.md": "closed_on_not_done",
    "warn-devices-missing.md": "devices_missing",
    "warn-devices-not-returned.md": "devices_not_returned",
    "warn-document-procedure.md": {"copy_numbers_count", "destroy_no_witness", "procedure_before_meeting"},
    "warn-done-without-updates.md": "done_without_updates",
    "warn-held-without-minutes.md": "held_without_minutes",
    "warn-meeting-stale.md": "meeting_stale",
    "warn-planned-soon.md": {"soon_checklist_open", "soon_rsvp_pending"},
    "warn-preparation-overdue.md": "preparation_overdue",
    "warn-rehearsal-due.md": "rehearsal_due",
    "warn-sign-in-none.md": "sign_in_none",
    "warn-sign-in-unrecorded.md": "sign_in_unrecorded",
    "warn-signed-in-on-leave.md": "signed_in_on_leave",
    "warn-spot-check-names.md": {"spot_check_too_many", "spot_check_unknown_name"},
    "warn-unit-unknown.md": "unit_unknown",
    "warn-unsettled-after-meeting.md": "unsettled_after_meeting",
    "yaml-alias.md": "yaml_alias",
    "yaml-colon-in-value.md": "yaml_syntax",
    "yaml-merge.md": "yaml_merge",
    "yaml-syntax.md": "yaml_syntax",
    "yaml-tag-python.md": "yaml_tag",
    "yaml-tag-scalar.md": "yaml_tag",
    "yaml-too-deep-block.md": "yaml_too_deep",
    "yaml-too-deep-flow.md": "yaml_too_deep",
}


def test_every_fixture_gives_the_codes_it_is_for_and_no_other(capsys) -> None:
    assert set(CODES) == {p.name for p in CASES}, "add the new fixture to CODES"
    for case in CASES:
        code, out = run_check(["--as-of", "2024-06-01", "--format", "json", f"bad/{case.name}"], capsys)
        found = {d["code"] for d in json.loads(out)["diagnostics"]}
        want = CODES[case.name]
        assert found == ({want} if isinstance(want, str) else want), case.name


def test_every_bad_fixture_has_exactly_one_rule_or_one_format_problem(capsys) -> None:
    for case in CASES:
        _, out = run_check(["--as-of", "2024-06-01", "--format", "json", f"bad/{case.name}"], capsys)
        rules = {d["rule"] for d in json.loads(out)["diagnostics"]}
        assert len(rules) == 1, (case.name, rules)
        assert len((BAD / f"{case.stem}.expected").read_text(encoding="utf-8").splitlines()) >= 2, case


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
            "bad/rule8-recall-unsettled.md:16:5: error: documents[0].returned (no. 1, F1): recall not settled: 30 copies issued, 28 returned; a closed meeting's copies must all be back",
        ),
    ],
)
def test_english_messages(case: str, expected: str, capsys) -> None:
    code, out = run_check(["--as-of", "2024-06-01", "--lang", "en", f"bad/{case}"], capsys)
    assert code == 1
    assert out.splitlines() == [expected, "checked 1 dossiers: 1 errors, 0 warnings"]
