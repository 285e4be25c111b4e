"""``python -m generator actions``: the follow-up ledger (督办台账) in the terminal.

    python -m generator actions [--as-of D] [--unit U] [--status S] [--overdue]
                                [--format table|csv|json] [--audience 内部]

Same rows and order as the site's ledger (``listing.ledger``: overdue first, longest overdue first),
from the same Archive, so the audience is honoured: a dossier above it is never listed.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from ..domain import archive as archive_mod
from ..check import run as checking
from ..core.settings import ConfigProblem, load_settings, parse_as_of, parse_audience
from ..exports.records import action_data
from ..exports.tables import actions_table
from ..domain.ledger import STATE_LABELS, LedgerRow, ledger

# Every spelling a clerk may give to --status, mapped to the ledger's state word.
STATE_ALIASES: dict[str, str] = {}
for _state, _zh in STATE_LABELS.items():
    STATE_ALIASES[_state] = _state
    STATE_ALIASES[_zh] = _state
STATE_ALIASES.update({"逾期": "overdue", "carried-forward": "carried", "结转": "carried"})

class UsageProblem(Exception):
    pass


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("actions", help="在终端查看督办台账 / the follow-up ledger in the terminal")
    p.add_argument("--as-of", dest="as_of", help="基准日期 YYYY-MM-DD（默认：配置或今天）")
    p.add_argument("--unit", action="append", default=[], help="责任单位（可重复；全称或其中几个字，如 水利）")
    p.add_argument(
        "--status", action="append", default=[],
        help="只看某种状态（可重复）：逾期 overdue、未启动 open、推进中 in-progress、已办结 done、已取消 cancelled、已结转 carried",
    )
    p.add_argument("--overdue", action="store_true", help="只看逾期事项")
    p.add_argument("--format", choices=["table", "csv", "json"], default="table")
    p.add_argument("--audience", help="读者范围（默认：mkdocs.yml 中的设置）：公开、内部、秘密、机密、绝密")
    p.add_argument("--config", type=Path, default=Path("mkdocs.yml"), help="站点配置（默认 ./mkdocs.yml）")


def states_of(raw: list[str]) -> set[str]:
    out = set()
    for item in raw:
        for word in item.replace("，", ",").split(","):
            word = word.strip()
            if not word:
                continue
            state = STATE_ALIASES.get(word) or STATE_ALIASES.get(word.lower())
            if state is None:
                choices = "、".join(f"{zh}（{en}）" for en, zh in STATE_LABELS.items())
                raise UsageProblem(f"未知的状态“{word}”；可选：{choices}")
            out.add(state)
    return out


def unit_matches(rows: list[LedgerRow], wanted: list[str]) -> set[str]:
    """The units named: a full name when it is one, otherwise every unit whose name contains it."""
    names = {r.view.action.unit for r in rows}
    out: set[str] = set()
    for w in (w.strip() for w in wanted):
        out |= {w} if w in names else {n for n in names if w and w in n}
    return out


def select(rows: list[LedgerRow], units: list[str], states: set[str], overdue: bool) -> list[LedgerRow]:
    if units:
        keep = unit_matches(rows, units)
        rows = [r for r in rows if r.view.action.unit in keep]
    if states:
        rows = [r for r in rows if r.state in states]
    if overdue:
        rows = [r for r in rows if r.view.overdue]
    return rows


def to_table(rows: list[LedgerRow], arc: archive_mod.Archive, console=None) -> None:
    from rich import box  # noqa: PLC0415  (only the table needs rich)
    from rich.console import Console  # noqa: PLC0415
    from rich.table import Table  # noqa: PLC0415

    console = console or Console(highlight=False)
    overdue = sum(1 for r in rows if r.view.overdue)
    table = Table(
        title=f"督办台账（基准日期 {arc.as_of.isoformat()}，读者范围 {arc.audience.zh}）",
        caption=f"共 {len(rows)} 项，逾期 {overdue} 项",
        box=box.SIMPLE_HEAD, show_lines=False, header_style="bold",
    )
    table.add_column("状态", no_wrap=True)
    table.add_column("逾期天数", justify="right", no_wrap=True)
    table.add_column("办理时限", no_wrap=True)
    table.add_column("责任单位", overflow="fold")
    table.add_column("编号", no_wrap=True)
    table.add_column("督办事项", ratio=3, overflow="fold")
    table.add_column("责任人", no_wrap=True)
    table.add_column("会议", ratio=2, overflow="fold")
    table.add_column("最新反馈", ratio=2, overflow="fold")
    for r in rows:
        a, d = r.view.action, r.view.dossier
        style = "bold red" if r.view.overdue else ("dim" if r.state in ("done", "cancelled", "carried") else None)
        table.add_row(
            STATE_LABELS[r.state],
            f"{r.days_overdue} 天" if r.view.overdue else "",
            a.due.isoformat(),
            a.unit,
            a.id,
            a.task,
            a.owner or "",
            f"{d.fm.title}（{d.fm.date.isoformat()}）",  # type: ignore[union-attr]
            f"{r.latest.date.isoformat()} {r.latest.note}" if r.latest else "",
            style=style,
        )
    console.print(table)


def cmd_actions(args: argparse.Namespace) -> int:
    try:
        settings = load_settings(args.config)
        if args.as_of:
            settings.as_of = parse_as_of(args.as_of)
        if args.audience:
            settings.audience = parse_audience(args.audience)
        states = states_of(args.status)
    except (ConfigProblem, UsageProblem) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    result = checking.check(settings)
    if result.errors:
        bad = sum(1 for d in result.dossiers if d.has_errors)
        print(f"注意：{bad} 份档案有错误，未列入台账（运行 python -m generator check 查看）", file=sys.stderr)
    arc = archive_mod.Archive(result.dossiers, settings)
    rows = select(ledger(arc), args.unit, states, args.overdue)
    try:
        if args.format == "json":
            data = {"as_of": arc.as_of.isoformat(), "audience": arc.audience.value,
                    "actions": [action_data(r, arc) for r in rows]}
            print(json.dumps(data, ensure_ascii=False, indent=1))
        elif args.format == "csv":
            sys.stdout.write(actions_table(rows, arc, lineterminator="\n"))
        else:
            to_table(rows, arc)
        sys.stdout.flush()
    except BrokenPipeError:  # `… | head`: the reader has had enough
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115  (stop the interpreter's final flush failing)
    return 0
