"""Publishing: the Pages workflow, Binder's configuration and every launch link name files in git.

sphinx-book-theme builds a page's launch link from ``repository.path_to_book`` and the page's
own name; the chapters are executed notebooks (``book/runs/*.ipynb``, built, ignored by git), so
such links would lead nowhere. This test fails if one of them is switched on again, and checks the
Binder links of the README against the files git tracks.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]


def _tracked() -> set[str]:
    try:
        out = subprocess.run(
            ["git", "ls-files"], cwd=REPO, capture_output=True, text=True, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout")
    return set(out.splitlines())


def _yaml(name: str) -> dict:
    return yaml.safe_load((REPO / name).read_text(encoding="utf-8"))


def test_the_pages_workflow_builds_the_book_and_deploys_it():
    workflow = _yaml(".github/workflows/book.yml")
    on = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert "push" in on and "workflow_dispatch" in on
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    build = workflow["jobs"]["build"]["steps"]
    uses = [step.get("uses", "").split("@")[0] for step in build]
    assert uses[:2] == ["actions/checkout", "actions/setup-python"]
    assert build[1]["with"]["python-version"] == "3.11"
    runs = " ".join(step.get("run", "") for step in build)
    assert "apt-get install" in runs and "chromium" in runs and "make book" in runs
    upload = next(s for s in build if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "_build/html"
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages")


def test_binder_gets_python_3_11_and_the_pinned_requirements():
    tracked = _tracked()
    assert {"runtime.txt", "requirements.txt", "requirements.lock", "postBuild"} <= tracked
    assert (REPO / "runtime.txt").read_text().strip() == "python-3.11"


def test_html_baseurl_is_where_the_workflow_publishes():
    config = _yaml("_config.yml")
    base = config["sphinx"]["config"]["html_baseurl"]
    org, repo = urlparse(config["repository"]["url"]).path.strip("/").split("/")
    assert base == f"https://{org}.github.io/{repo}/"


def test_the_theme_makes_no_launch_link_to_a_built_notebook():
    config = _yaml("_config.yml")
    launch = config.get("launch_buttons") or {}
    hubs = [
        k for k in ("binderhub_url", "jupyterhub_url", "colab_url", "deepnote_url") if launch.get(k)
    ]
    if not hubs:
        return
    # were they switched on, every notebook chapter would need its file in git
    tracked = _tracked()
    book = (config.get("repository", {}).get("path_to_book") or "").strip("/")
    toc = (REPO / "_toc.yml").read_text(encoding="utf-8")
    for page in re.findall(r"file:\s*(\S+)", toc):
        if (REPO / f"{page}.ipynb").exists() or page.startswith("book/runs/"):
            target = f"{book + '/' if book else ''}{page}.ipynb"
            assert target in tracked, f"{hubs}: launch link to {target}, which git does not track"


def test_every_binder_link_of_the_readme_opens_a_tracked_file_or_folder():
    tracked = _tracked()
    folders = {str(Path(name).parent) for name in tracked} | {
        str(p) for name in tracked for p in Path(name).parents
    }
    text = (REPO / "README.md").read_text(encoding="utf-8")
    links = re.findall(r"https://mybinder\.org/v2/gh/[^\s)\]]+", text)
    assert links, "the README has no Binder link"
    repository = urlparse(_yaml("_config.yml")["repository"]["url"]).path.strip("/")
    for link in links:
        url = urlparse(link)
        assert url.path.startswith(f"/v2/gh/{repository}/"), link
        (urlpath,) = parse_qs(url.query)["urlpath"]
        target = re.sub(r"^(lab/tree|tree|notebooks)/", "", urlpath).strip("/")
        assert target in tracked or target in folders, f"{link}: {target} is not in git"


def _page(lang: str | None, number: str = "Figure 2. ") -> dict:
    body = (
        '<figure class="lw-figure" id="fig-x"><img alt="x" /><figcaption><p>'
        f'<span class="caption-number">{number}</span><span class="caption-text">Bars.</span>'
        "</p></figcaption></figure>"
    )
    return {"meta": {"lang": lang} if lang else {}, "body": body}


def test_a_dutch_page_numbers_its_figures_in_dutch_and_declares_its_language():
    from localwelfare.publishing import sphinxext

    dutch, french, english = _page("nl"), _page("fr"), _page(None)
    for context in (dutch, french, english):
        sphinxext._declare_language(None, "page", "page.html", context, None)
    assert dutch["body"].startswith('<div lang="nl">')
    assert '<span class="caption-number">Figuur 2. </span>' in dutch["body"]
    assert "Figure" not in dutch["body"]
    assert '<span class="caption-number">Figure 2. </span>' in french["body"]  # French says so
    assert english["body"] == _page(None)["body"]  # the book's language: left as it is


def test_the_report_and_the_brochure_number_figures_as_the_chapters_do():
    """Glued figures on the summaries read "Figure 1." like a chapter's (localwelfare.plots)."""
    for config in ("_config.yml", "brochure/_config.yml"):
        assert _yaml(config)["sphinx"]["config"]["numfig_format"] == {"figure": "Figure %s."}


def test_every_page_counts_its_figures_from_one():
    """Sphinx counts figures on from page to page in an unnumbered book; each page starts at one,
    in the order Sphinx found them, and tables keep their numbers."""
    from types import SimpleNamespace

    from localwelfare.publishing import sphinxext

    numbers = {
        "book/summary-en": {"figure": {"fig-a": (1,), "fig-b": (2,)}},
        "book/summary-nl": {"figure": {"fig-d": (5,), "fig-c": (4,)}, "table": {"t": (3,)}},
    }
    sphinxext._number_figures_per_page(None, SimpleNamespace(toc_fignumbers=numbers))
    assert numbers["book/summary-en"]["figure"] == {"fig-a": (1,), "fig-b": (2,)}
    assert numbers["book/summary-nl"]["figure"] == {"fig-c": (1,), "fig-d": (2,)}
    assert numbers["book/summary-nl"]["table"] == {"t": (3,)}
