"""Command line: ``python -m generator check|schema|new|actions|feedback|import``.

    python -m generator check [--as-of YYYY-MM-DD] [--format text|json|github] [--lang zh|en] [PATH ...]
    python -m generator schema
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from ..check import run as checking
from ..core.settings import ConfigProblem, load_settings, parse_as_of, require_dossiers
from ..core.diagnostics import format_github, format_text, to_json
from ..core.messages import Msg, render
from ..source.model import json_schema
from .paths import windows_path


# The commands that need no more than the checker: their parser skips the other commands' modules (import
# pulls in Word and pinyin, a third of a second that every check would pay).
_LIGHT = ("check", "schema")


def _parser(command: str | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m generator", description="会务档案工具 / meeting dossier tools")
    sub = parser.add_subparsers(dest="command", required=True)

    check = sub.add_parser("check", help="校验会议档案 / validate dossiers")
    check.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="档案文件或文件夹（默认：mkdocs.yml 中的 dossiers）")
    check.add_argument("--as-of", dest="as_of", help="基准日期 YYYY-MM-DD（默认：今天）")
    check.add_argument("--format", choices=["text", "json", "github"], default="text")
    check.add_argument("--lang", choices=["zh", "en"], default="zh")
    check.add_argument("--config", type=Path, default=Path("mkdocs.yml"), help="站点配置（默认 ./mkdocs.yml）")

    sub.add_parser("schema", help="输出头部字段的 JSON Schema / print the front matter JSON Schema")
    if command in _LIGHT:
        return parser

    from . import actions as ledger_cli, importer, new as scaffold  # noqa: PLC0415  (new, actions, import)

    scaffold.add_parser(sub)
    ledger_cli.add_parser(sub)
    importer.add_parser(sub)
    feedback = sub.add_parser("feedback", help="读回各单位填写的督办台账 Excel，写入档案 / read back a filled-in workbook")
    feedback.add_argument("workbook", type=Path, metavar="FILE.xlsx", help="各单位填写后交回的 actions.xlsx")
    feedback.add_argument("--dry-run", action="store_true", help="只列出将写入的内容，不修改档案")
    feedback.add_argument("--audience", help="读入到哪一密级为止（默认：mkdocs.yml 中的读者范围）：公开、内部、秘密、机密、绝密")
    feedback.add_argument("--config", type=Path, default=Path("mkdocs.yml"), help="站点配置（默认 ./mkdocs.yml）")
    return parser


def cmd_check(args: argparse.Namespace) -> int:
    try:
        settings = load_settings(args.config)
        if args.as_of:
            settings.as_of = parse_as_of(args.as_of)
        if not args.paths:
            require_dossiers(settings)
        checking.known_rules(settings)
    except ConfigProblem as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    result = checking.check(settings, [windows_path(p) for p in args.paths] or None)
    summary_args = {"dossiers": len(result.dossiers), "errors": result.errors, "warnings": result.warnings,
                    "infos": Msg("summary_infos", n=result.infos) if result.infos else ""}
    if args.format == "json":
        summary = dict(summary_args, infos=result.infos, as_of=settings.today().isoformat())
        print(to_json(result.diagnostics, args.lang, summary))
    else:
        lines = (format_github if args.format == "github" else format_text)(result.diagnostics, args.lang)
        for line in lines:
            print(line)
        print(render("summary", args.lang, summary_args))
    return 1 if result.errors else 0


def cmd_schema(args: argparse.Namespace) -> int:
    print(json.dumps(json_schema(), ensure_ascii=False, indent=2))
    return 0


def utf8_output() -> None:
    """Every command writes UTF-8, whatever the console's code page (GBK on Chinese Windows): editors, CI and
    files read it as such, and Windows' console shows it. A character no encoding can carry (a file name
    that is not UTF-8 comes in as lone surrogates) is written as an escape, never a traceback."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(encoding="utf-8", errors="backslashreplace")  # type: ignore[union-attr]
        except (AttributeError, ValueError):
            pass


def main(argv: list[str] | None = None) -> int:
    utf8_output()
    given = sys.argv[1:] if argv is None else argv
    args = _parser(given[0] if given else None).parse_args(argv)
    if args.command == "check":
        return cmd_check(args)
    if args.command == "new":
        from .new import cmd_new  # noqa: PLC0415

        return cmd_new(args)
    if args.command == "actions":
        from .actions import cmd_actions  # noqa: PLC0415

        return cmd_actions(args)
    if args.command == "import":
        from .importer import cmd_import  # noqa: PLC0415

        return cmd_import(args)
    if args.command == "feedback":
        from .feedback import cmd_feedback  # noqa: PLC0415

        return cmd_feedback(args)
    return cmd_schema(args)
