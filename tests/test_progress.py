"""A large build's progress on a terminal (generator/mkdocs/progress.py), and nothing extra elsewhere."""

from __future__ import annotations

import io
import sys
from pathlib import Path

from generator.mkdocs import progress as progress_mod
from generator.mkdocs.progress import Progress

from .browser.conftest import build_samples
from .synth import AS_OF, write_archive


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_stage_rewrites_its_line_then_ends_it() -> None:
    out = Terminal()
    p = Progress(500, out)
    p.update("会议页面 40/500 …")
    p.update("会议页面 80/500 …")
    p.done("会议页面 500/500")
    text = out.getvalue()
    assert text.count("\r\033[K会务档案：会议页面") == 3 and text.endswith("秒）\n")
    assert "会务档案：会议页面 500/500（" in text


def test_nothing_when_not_a_terminal_or_small() -> None:
    plain = io.StringIO()
    p = Progress(5000, plain)
    p.update("x")
    p.done("y")
    assert plain.getvalue() == ""
    small = Terminal()
    Progress(10, small).done("y")
    assert small.getvalue() == ""


def test_a_build_on_a_terminal_shows_each_stage(tmp_path: Path, monkeypatch) -> None:
    write_archive(tmp_path / "src", 40, seed=3)
    monkeypatch.setattr(progress_mod, "THRESHOLD", 20)
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    build_samples(tmp_path / "b", source=tmp_path / "src" / "dossiers", as_of=AS_OF.isoformat())
    text = terminal.getvalue()
    for stage in ("已检查 40 份档案", "会议页面", "导出文件已生成", "全文检索索引", "保密检查"):
        assert f"会务档案：{stage}" in text, (stage, text)


def test_a_build_not_on_a_terminal_writes_no_progress(tmp_path: Path, monkeypatch, capfd) -> None:
    write_archive(tmp_path / "src", 40, seed=3)
    monkeypatch.setattr(progress_mod, "THRESHOLD", 20)
    build_samples(tmp_path / "b", source=tmp_path / "src" / "dossiers", as_of=AS_OF.isoformat())
    captured = capfd.readouterr()
    assert "会务档案：" not in captured.err and "\r" not in captured.err
