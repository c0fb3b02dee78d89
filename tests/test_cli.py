"""The command line's exit status and verbosity: 0 success, 1 findings, 2 bad input or usage,
3 internal error (one line, the traceback only with -v); -v / -q set the log level."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from localwelfare import cli
from localwelfare.commands import pipeline as pipeline_commands
from localwelfare.publishing import publications

REPO = Path(__file__).resolve().parents[1]


def test_success_is_0(capsys):
    assert cli.main(["runs", "--project", str(REPO)]) == 0
    assert "wp1-inch" in capsys.readouterr().out


def test_findings_are_1(tmp_path, capsys):
    page = tmp_path / "page.txt"
    page.write_text("Write to someone@example.org\n", encoding="utf-8")
    assert cli.main(["privacy-check", str(page), "--project", str(tmp_path)]) == 1
    assert "email: someone@example.org" in capsys.readouterr().out
    page.write_text("Nothing personal.\n", encoding="utf-8")
    assert cli.main(["privacy-check", str(page), "--project", str(tmp_path)]) == 0


@pytest.mark.parametrize(
    "argv", [["no-such-command"], ["runs", "--no-such-option"], ["-v", "-q", "runs"], []]
)
def test_bad_usage_is_2(argv, capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(argv)
    assert exit_.value.code == 2
    assert "usage:" in capsys.readouterr().err


def test_bad_input_is_2(tmp_path, capsys):
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "notebooks" / "runs.yml").write_text("runs: null\n", encoding="utf-8")
    assert cli.main(["runs", "--project", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "runs.yml: key 'runs': expected a mapping" in err


def _crash(args):
    raise RuntimeError("something the code did not expect\nover two lines")


def test_an_internal_error_is_3_with_one_line(monkeypatch, capsys):
    monkeypatch.setattr(pipeline_commands, "_runs", _crash)
    assert cli.main(["runs", "--project", str(REPO)]) == 3
    err = capsys.readouterr().err
    assert err == (
        "error: internal error: RuntimeError: something the code did not expect over two lines "
        "(run with -v for the traceback)\n"
    )


@pytest.mark.parametrize("argv", [["-v", "runs"], ["runs", "-v"]])
def test_an_internal_error_shows_its_traceback_with_v(monkeypatch, capsys, argv):
    monkeypatch.setattr(pipeline_commands, "_runs", _crash)
    assert cli.main([*argv, "--project", str(REPO)]) == 3
    err = capsys.readouterr().err
    assert "Traceback (most recent call last)" in err and "in _crash" in err
    assert err.rstrip().endswith("(run with -v for the traceback)")


@pytest.mark.parametrize(
    ("flags", "level"),
    [([], logging.INFO), (["-v"], logging.DEBUG), (["-q"], logging.WARNING)],
)
def test_v_and_q_set_the_log_level(flags, level, capsys):
    assert cli.main([*flags, "validate", str(REPO / "data")]) == 0
    assert logging.getLogger("localwelfare").getEffectiveLevel() == level
    shown = "is valid" in capsys.readouterr().err
    assert shown is (level <= logging.INFO)


def test_publish_is_a_subcommand(monkeypatch, tmp_path):
    made = []

    def fake(what, project):
        made.append((what, project))
        return [tmp_path / f"{what}.out"]

    monkeypatch.setattr(publications, "publish", fake)
    for what in publications.PUBLICATIONS:
        assert cli.main(["publish", what, "--project", str(tmp_path)]) == 0
    assert made == [(w, str(tmp_path)) for w in publications.PUBLICATIONS]
    with pytest.raises(SystemExit) as exit_:
        cli.main(["publish", "poster"])
    assert exit_.value.code == 2


def test_publish_without_a_built_book_is_bad_input(tmp_path, capsys):
    assert cli.main(["publish", "pdf", "--project", str(tmp_path)]) == 2
    assert capsys.readouterr().err.startswith("error: ")


@pytest.mark.parametrize("quiet", [False, True], ids=["progress", "quiet"])
def test_run_shows_a_progress_bar_per_cell_unless_quiet(project, capfd, quiet):
    argv = ["-q"] * quiet + ["run", "one", "--project", str(project)]
    assert cli.main([*argv, "--output", str(project / "one.ipynb")]) == 0
    err = capfd.readouterr().err
    source = json.loads((project / "notebooks" / "sums.ipynb").read_text())
    cells = len(source["cells"]) + 1  # and the parameters papermill injects
    assert ("run one: 100%" in err and f"{cells}/{cells} [" in err) is not quiet, err
    assert ("executed run 'one'" in err) is not quiet


def test_the_makefile_publishes_through_the_command_line():
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert "localwelfare.publish" not in makefile
    for what in publications.PUBLICATIONS:
        assert f"$(BIN)/python -m localwelfare publish {what}\n" in makefile, what
