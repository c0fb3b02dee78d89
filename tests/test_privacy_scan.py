"""The privacy scan (``python -m localwelfare privacy-check``) finds identifiers planted in every
kind of published output, and stays quiet on outputs that only look like they hold some."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from localwelfare import cli
from localwelfare.privacy import scan

#: One identifier of each kind, planted below; each is valid by its own rule.
NAME = "Lieselot"  # in private/register.csv
PLACE = "Banne Buiksloot"  # in private/register.csv, two words
PARTICIPANT = "bbox-r017"  # in private/participants.csv
PARTICIPANT_NAME = "Griet Vandamme"  # the participant's name, in private/participants.csv
EMAIL = "griet.vandamme@example.be"
PHONE = "0470 12 34 56"
NRN = "85.07.30-033.28"
IBAN = "BE68 5390 0754 7034"
HOME_PATH = "/home/griet/interviews/transcript-07.docx"


def _write_register(project):
    private = project / "private"
    private.mkdir()
    (private / "register.csv").write_text(
        f"term,kind,replacement\n{NAME},name,[name]\n{PLACE},place,[place]\n", encoding="utf-8"
    )
    (private / "participants.csv").write_text(
        f"participant_id,name,region\n{PARTICIPANT},{PARTICIPANT_NAME},Flanders\n",
        encoding="utf-8",
    )


def _html(body: str) -> str:
    return f"<!DOCTYPE html>\n<html><head><title>WP2</title></head>\n<body>\n{body}\n</body></html>"


def _notebook(cells: list[dict], parameters: dict, input_path: str) -> dict:
    return {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
            "papermill": {
                "input_path": input_path,
                "output_path": "book/runs/wp2-inch.ipynb",
                "parameters": parameters,
                "start_time": "2026-11-22T17:41:08.393192+00:00",
                "duration": 6.498786,
            },
        },
        "cells": cells,
    }


def _cell(source: str, tags=(), outputs=None, kind="code") -> dict:
    cell = {"cell_type": kind, "metadata": {"tags": list(tags)}, "source": source}
    if kind == "code":
        cell |= {"outputs": outputs or [], "execution_count": 1}
    return cell


def _pdf(path, pages: list[list[str]], url: str | None = None) -> None:
    """A PDF with one line of text per item of each page, and a row of numbers in four separate
    columns, as a table puts them (text that pypdf reads back)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.backends.backend_pdf import PdfPages

    with plt.rc_context({"pdf.fonttype": 42}), PdfPages(path) as pdf:
        for number, lines in enumerate(pages, start=1):
            fig = plt.figure(figsize=(6, 3))
            for i, line in enumerate(lines):
                fig.text(0.05, 0.8 - 0.15 * i, line, url=url if number == 2 and i == 0 else None)
            for j, value in enumerate(["01", "13", "10", "77"]):  # network size, response, ...
                fig.text(0.05 + 0.2 * j, 0.1, value)
            pdf.savefig(fig)
            plt.close(fig)


@pytest.fixture
def planted(tmp_path):
    """A project whose outputs hold one identifier of each kind; returns (project, outputs)."""
    project = tmp_path / "project"
    project.mkdir()
    _write_register(project)
    html = project / "_build" / "html" / "book"
    html.mkdir(parents=True)
    (html / "wp2.html").write_text(
        _html(
            f"<p>A social worker in {PLACE.replace(' ', chr(10))} told us:</p>\n"
            f"<blockquote><p>{NAME} helped me with the forms.</p></blockquote>\n"
            f'<p><a href="file://{HOME_PATH}">the transcript</a></p>\n'
            f'<img src="fig.png" alt="quotes of {PARTICIPANT}">'
        ),
        encoding="utf-8",
    )
    runs = project / "book" / "runs"
    runs.mkdir(parents=True)
    notebook = _notebook(
        [
            _cell('source_file: str = ""', tags=["parameters"]),
            _cell('source_file = "private/interviews.qdpx"\n', tags=["injected-parameters"]),
            _cell(
                "print(quotes)",
                outputs=[
                    {"output_type": "stream", "name": "stdout", "text": [f"write to {EMAIL}\n"]},
                    {
                        "output_type": "display_data",
                        "metadata": {},
                        "data": {
                            "text/html": f"<table>\n<tr><td>call {PHONE}</td></tr>\n</table>",
                            "text/plain": "<table>",
                        },
                    },
                ],
            ),
            _cell(
                "raise ValueError",
                outputs=[
                    {
                        "output_type": "error",
                        "ename": "FileNotFoundError",
                        "evalue": "missing",
                        "traceback": [
                            f"\x1b[0;31mFileNotFoundError\x1b[0m: {project / 'private' / 'x.csv'}"
                        ],
                    }
                ],
            ),
            _cell(f"Interview with {PARTICIPANT_NAME}.", kind="markdown"),
        ],
        parameters={"source_file": "private/interviews.qdpx"},
        input_path=str(project / "notebooks" / "qualitative_synthesis.ipynb"),
    )
    (runs / "wp2-inch.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
    pdf_dir = project / "_build" / "pdf"
    pdf_dir.mkdir(parents=True)
    _pdf(
        pdf_dir / "report.pdf",
        [["Executive summary", f"Rijksregisternummer {NRN}"], [f"Account {IBAN}", "End"]],
        url=f"file://{HOME_PATH}",
    )
    (pdf_dir / "table.csv").write_text(f"case,contact\ninch-fl-01,{PHONE}\n", encoding="utf-8")
    return project


EXPECTED = {
    # a line break inside a name is white space in a browser: it is found all the same
    ("_build/html/book/wp2.html", "line 4", "register_place", PLACE),
    ("_build/html/book/wp2.html", "line 6", "register_name", NAME),
    ("_build/html/book/wp2.html", "line 7", "local_path", f"file://{HOME_PATH}"),
    ("_build/html/book/wp2.html", "line 8", "participant_id", PARTICIPANT),
    ("book/runs/wp2-inch.ipynb", "metadata.papermill.parameters.source_file", "private_parameter",
     "private/interviews.qdpx"),
    ("book/runs/wp2-inch.ipynb", "cell 2", "private_parameter", "private/interviews.qdpx"),
    ("book/runs/wp2-inch.ipynb", "cell 3 output 1", "email", EMAIL),
    ("book/runs/wp2-inch.ipynb", "cell 3 output 2 text/html line 2", "phone", PHONE),
    ("book/runs/wp2-inch.ipynb", "cell 5", "participant_name", PARTICIPANT_NAME),
    ("_build/pdf/report.pdf", "page 1", "national_register_number", NRN),
    ("_build/pdf/report.pdf", "page 2", "iban", IBAN),
    ("_build/pdf/report.pdf", "page 2 link", "local_path", f"file://{HOME_PATH}"),
    ("_build/pdf/table.csv", "line 2", "phone", PHONE),
}  # fmt: skip


def _relative(result, project):
    return {
        (Path(f.file).relative_to(project).as_posix(), f.location, f.kind, f.match)
        for f in result.findings
    }


def test_scan_finds_each_planted_identifier_with_its_kind_and_place(planted):
    register, note = scan.load_register(planted)
    assert "private/register.csv" in note and "private/participants.csv" in note
    result = scan.scan(project=planted, register=register)
    found = _relative(result, planted)
    assert EXPECTED <= found, EXPECTED - found
    # the project's own absolute paths, in papermill's metadata and in a traceback
    notebook = "book/runs/wp2-inch.ipynb"
    assert (notebook, "metadata.papermill.input_path", "local_path",
            str(planted / "notebooks" / "qualitative_synthesis.ipynb")) in found  # fmt: skip
    private_file = str(planted / "private" / "x.csv")
    assert (notebook, "cell 4 output 1", "private_path", private_file) in found
    assert result.scanned["htmls"] == 1 and result.scanned["notebooks"] == 1
    assert result.scanned["cells"] == 5 and result.scanned["pages"] == 2


def test_command_prints_each_finding_and_exits_1(planted):
    completed = subprocess.run(
        [sys.executable, "-m", "localwelfare", "privacy-check", "--project", str(planted),
         str(planted / "_build"), str(planted / "book" / "runs")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert completed.returncode == 1, completed.stderr
    lines = completed.stdout.splitlines()
    report = str(planted / "_build" / "pdf" / "report.pdf")
    assert f"{report}:page 1: national_register_number: {NRN}" in lines
    notebook = planted / "book" / "runs" / "wp2-inch.ipynb"
    assert f"{notebook}:cell 3 output 1: email: {EMAIL}" in lines
    assert "  iban: 1" in completed.stderr.splitlines()
    assert "private/register.csv" in completed.stderr


def _clean_project(tmp_path):
    """Outputs full of things that look like identifiers and are not."""
    project = tmp_path / "clean"
    (project / "_build" / "html").mkdir(parents=True)
    _write_register(project)
    (project / "_build" / "html" / "index.html").write_text(
        _html(
            "<p>Quotes keep their pseudonyms (family 03) and never a name. Identifying data stay "
            "in the git-ignored private/ folder.</p>\n"
            '<p><a href="https://doi.org/10.1097/01.PHH.0000333889.60517.46">'
            "doi:10.1097/01.PHH.0000333889.60517.46</a>, "
            '<a href="https://example.org/home/tmp/">https://example.org/home/tmp/</a></p>\n'
            "<table><tr><td>01</td><td>13</td><td>10</td><td>77</td></tr></table>\n"
            "<footer>version 0.4.0, commit 5010245bed943fd5336e29f8a3795067a15e7e60</footer>\n"
            '<script>var path = "/home/runner/work/x";</script>'
            '<svg viewBox="0 0 24 24"><path d="M0 4701234567L0 10"/></svg>'
        ),
        encoding="utf-8",
    )
    runs = project / "book" / "runs"
    runs.mkdir(parents=True)
    notebook = _notebook(
        [
            _cell('data_dir = "data/raw"\n', tags=["injected-parameters"]),
            _cell(
                "table",
                outputs=[
                    {
                        "output_type": "execute_result",
                        "metadata": {},
                        "data": {"text/plain": "   n  share\n0  12  0.0123456789\n1  345  3.5"},
                    }
                ],
            ),
        ],
        parameters={"data_dir": "data/raw"},
        input_path="notebooks/qualitative_synthesis.ipynb",
    )
    (runs / "wp2-inch.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
    _pdf(project / "_build" / "html" / "summary.pdf", [["Summary", "The n of each network"]])
    return project


def test_clean_outputs_pass_with_a_summary_of_what_was_read(tmp_path, capsys):
    project = _clean_project(tmp_path)
    status = cli.main(["privacy-check", "--project", str(project)])
    captured = capsys.readouterr()
    assert status == 0, captured.out
    assert captured.out == ""
    assert "no findings" in captured.err
    assert "1 notebooks (2 cells)" in captured.err and "1 PDFs (1 pages)" in captured.err


def test_without_a_register_the_scan_says_names_were_not_checked(tmp_path, capsys):
    project = _clean_project(tmp_path)
    for file in (project / "private").iterdir():
        file.unlink()
    assert cli.main(["privacy-check", "--project", str(project)]) == 0
    assert "names and ids were NOT checked" in capsys.readouterr().err


def test_synthetic_data_are_checked_against_the_synthetic_register(tmp_path):
    from localwelfare import synthetic

    if not hasattr(synthetic, "private_register"):
        pytest.skip("localwelfare.synthetic has no private_register")
    project = tmp_path / "synthetic"
    (project / "data").mkdir(parents=True)
    (project / "data" / "datapackage.json").write_text('{"synthetic": true, "resources": []}')
    term = synthetic.private_register(synthetic.DEFAULT_SEED)["term"].iloc[0]
    page = project / "page.html"
    page.write_text(_html(f"<p>{term} said so.</p>"), encoding="utf-8")
    register, note = scan.load_register(project)
    assert "private_register" in note
    found = scan.scan([page], project=project, register=register).findings
    assert [(f.location, f.match) for f in found] == [("line 4", term)]


def test_nothing_to_scan_is_an_error(tmp_path, capsys):
    assert cli.main(["privacy-check", "--project", str(tmp_path)]) == 2
    assert "nothing to scan" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("saved in /Users/els/Desktop/q.csv.", ["/Users/els/Desktop/q.csv"]),
        (r"C:\Users\els\q.csv", [r"C:\Users\els\q.csv"]),
        ("cd /tmp/build-3 && make", ["/tmp/build-3"]),
        ("https://github.com/org/repo/tree/main/home/x and ~/notes", []),
        ("the /tmp folder; and/or /home", []),
    ],
)
def test_local_paths_are_paths_of_a_file_system_not_parts_of_an_address(text, expected):
    assert [f.match for f in scan.text_findings(text)] == expected


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("ran at 2026-11-22T17:41:08.393192+00:00", []),  # seconds of a clock time
        ("doi:10.1097/01.PHH.0000333889.60517.46", []),  # a DOI's suffix
        ("Bel 02 123 45 67 om 17:41", ["phone"]),
        ("Tel: 08.393192 12", ["phone"]),
        ("n = 123456789012", []),  # a long number is no identifier by itself
    ],
)
def test_numbers_that_are_never_personal_are_no_phone_numbers(text, kinds):
    assert [f.kind for f in scan.text_findings(text)] == kinds
