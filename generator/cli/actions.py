"""``python -m generator actions``: the follow-up ledger (督办台账) in the terminal.

    python -m generator actions [--as-of D] [--unit U] [--status S] [--overdue] [--due-soon] [--all]
                                [--format table|csv|json] [--audience 内部]

Same rows and order as the site's ledger (``domain.ledger``: overdue first, longest overdue first, then
due soon), from the same Archive, so the audience is honoured: a dossier above it is never listed. By
default it lists what the site's ledger page lists (every open action and the settled ones of the last
year); ``--all`` lists every one. The table fits the terminal: at 80 columns it keeps the state, the due
date, the unit and the task (truncated rather than wrapped into two-character pieces); wider terminals
get the owner, the meeting and the latest feedback too.
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
from ..domain.ledger import STATE_LABELS, LedgerRow, is_recent, ledger

# Every spelling a clerk may give to --status, mapped to the ledger's state word.
STATE_ALIASES: dict[str, str] = {}
for _state, _zh in STATE_LABELS.items():
    STATE_ALIASES[_state] = _state
    STATE_ALIASES[_zh] = _state
STATE_ALIASES.update({"逾期": "overdue", "临期": "due-soon", "due_soon": "due-soon", "carried-forward": "carried",
                      "结转": "carried"})

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
    p.add_argument("--due-soon", dest="due_soon", action="store_true", help="只看临期事项（办理时限前 due_soon_days 天内）")
    p.add_argument("--all", dest="all", action="store_true", help="列出全部事项（默认与网站台账相同：未办结的和近一年办结的）")
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
    names = {u for r in rows for u in r.view.units}
    out: set[str] = set()
    for w in (w.strip() for w in wanted):
        out |= {w} if w in names else {n for n in names if w and w in n}
    return out


def select(rows: list[LedgerRow], units: list[str], states: set[str], overdue: bool, due_soon: bool = False,
           as_of=None) -> list[LedgerRow]:
    """The rows asked for; with ``as_of``, only those the site's ledger page shows (open, or settled in
    the last year)."""
    if as_of is not None:
        rows = [r for r in rows if is_recent(r, as_of)]
    if units:
        keep = unit_matches(rows, units)
        rows = [r for r in rows if keep & set(r.view.units)]  # led or supported (配合)
    if states:
        rows = [r for r in rows if r.state in states]
    if overdue or due_soon:
        rows = [r for r in rows if (overdue and r.view.overdue) or (due_soon and r.view.due_soon)]
    return rows


def _cut(text: str, cells: int) -> str:
    """``text`` in at most ``cells`` terminal cells (a Chinese character takes two), with … when cut."""
    from rich.cells import cell_len  # noqa: PLC0415

    if cell_len(text) <= cells:
        return text
    out = ""
    for ch in text:
        if cell_len(out + ch) > cells - 1:
            break
        out += ch
    return out + "…"


def _state_text(r: LedgerRow) -> str:
    if r.view.overdue:
        return f"逾期{r.days_overdue}天"
    if r.view.due_soon:
        return f"临期{r.days_left}天" if r.days_left else "今天到期"
    return STATE_LABELS[r.state]


def _widths(natural: list[int], floor: list[int], room: int) -> list[int]:
    """Cells for each flexible column: each gets up to its floor, then what is left goes to them in
    order (the task first), never more than a column's longest text."""
    w = [min(n, f) for n, f in zip(natural, floor)]
    left = room - sum(w)
    for i, n in enumerate(natural):
        extra = max(0, min(n - w[i], left))
        w[i] += extra
        left -= extra
    return w


def to_table(rows: list[LedgerRow], arc: archive_mod.Archive, console=None) -> None:
    """The rows as a table that fits the terminal. Chinese text is cut to its column with … rather than
    folded: a narrow column folded would break a task into pieces of two characters. At 80 columns it
    shows the state, the due date, the unit and the task; from 110 the owner and the meeting, from 150
    the latest feedback; the width left goes to the task first."""
    from rich import box  # noqa: PLC0415  (only the table needs rich)
    from rich.cells import cell_len  # noqa: PLC0415
    from rich.console import Console  # noqa: PLC0415
    from rich.table import Table  # noqa: PLC0415

    console = console or Console(highlight=False)
    width = console.width
    overdue = sum(1 for r in rows if r.view.overdue)
    soon = sum(1 for r in rows if r.view.due_soon)
    table = Table(
        title=_cut(f"督办台账（基准日期 {arc.as_of.isoformat()}，读者范围 {arc.audience.zh}）", width),
        caption=_cut(f"共 {len(rows)} 项，逾期 {overdue} 项，临期 {soon} 项", width),
        box=box.SIMPLE_HEAD, show_lines=False, header_style="bold", pad_edge=False, padding=(0, 1),
    )
    wide, wider = width >= 110, width >= 150
    cells_of = []
    for r in rows:
        a, d = r.view.action, r.view.dossier
        cells = [_state_text(r), a.due.isoformat(), a.unit + (f"（+{len(a.co_units)}）" if a.co_units else ""),
                 f"{a.id} {a.task}"]
        if wide:
            cells += [a.owner or "", f"{d.fm.title}（{d.fm.date.isoformat()}）"]  # type: ignore[union-attr]
        if wider:
            cells.append(f"{r.latest.date.isoformat()} {r.latest.note}" if r.latest else "")
        cells_of.append(cells)
    heads = ["状态", "办理时限", "责任单位", "督办事项"] + (["责任人", "会议"] if wide else []) + (["最新反馈"] if wider else [])
    natural = [max([cell_len(h)] + [cell_len(c[i]) for c in cells_of]) for i, h in enumerate(heads)]
    fixed = [max(natural[0], 8), 10, min(natural[2], 18 if width >= 100 else 12)]
    if wide:
        fixed.append(min(natural[4], 10))
    room = width - sum(fixed) - (3 * len(heads) - 1)  # between columns a space each side and the rule; the edges
    flex = [3] + ([5] if wide else []) + ([6] if wider else [])  # task, meeting, feedback
    floors = [26 if wide else 16] + ([34] if wide else []) + ([20] if wider else [])  # a meeting's name and date: 34
    got = _widths([natural[i] for i in flex], floors, room)
    size = dict(zip([0, 1, 2] + ([4] if wide else []), fixed)) | dict(zip(flex, got))
    for i, h in enumerate(heads):
        table.add_column(h, no_wrap=True, width=size[i], overflow="ellipsis")
    for r, cells in zip(rows, cells_of):
        style = "bold red" if r.view.overdue else ("yellow" if r.view.due_soon else
                                                     ("dim" if r.state in ("done", "cancelled", "carried") else None))
        table.add_row(*[_cut(c, size[i]) for i, c in enumerate(cells)], style=style)
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
    everything = ledger(arc)
    for wanted in args.unit:
        if not unit_matches(everything, [wanted]):
            print(f"注意：没有名称是或包含“{wanted.strip()}”的责任单位或配合单位", file=sys.stderr)
    rows = select(everything, args.unit, states, args.overdue, args.due_soon, None if args.all else arc.as_of)
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
