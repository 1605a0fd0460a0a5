"""The editor's guide builds cleanly, and its reference covers both extensions whole."""

from __future__ import annotations

import inspect
import re
import subprocess
import sys
from pathlib import Path

import pytest
from apparatus import config
from apparatus.messages import SUBTYPES
from bs4 import BeautifulSoup
from citable.messages import SUBTYPES as CITABLE_SUBTYPES
from register.messages import SUBTYPES as REGISTER_SUBTYPES

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "extensions" / "apparatus"
CITABLE = REPO / "extensions" / "citable"


@pytest.fixture(scope="module")
def docs_html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The docs built in HTML with -W -n, as ``nox -s docs`` builds them."""
    out = tmp_path_factory.mktemp("docs") / "html"
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "-n", "-b", "html", "docs", str(out)],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
    return out


@pytest.fixture(scope="module")
def reference_text(docs_html: Path) -> str:
    page = BeautifulSoup((docs_html / "reference.html").read_text(encoding="utf-8"), "html.parser")
    main = page.select_one("article[role=main]") or page.body
    return main.get_text()


def registered(pattern: str, source: str) -> list[str]:
    names = re.findall(pattern + r'\(\s*"([^"]+)"', source)
    assert names, f"no {pattern} call found"
    return names


def test_docs_build_without_warnings(docs_html):
    for page in ("index", "editors-guide", "reference", "performance"):
        assert (docs_html / f"{page}.html").exists(), page


@pytest.mark.parametrize("subtype", sorted(SUBTYPES))
def test_every_warning_subtype_documented(reference_text, subtype):
    assert f"apparatus.{subtype}" in reference_text


def test_every_config_value_documented(reference_text):
    for name in registered("add_config_value", inspect.getsource(config.setup_config)):
        assert name in reference_text, name


def test_every_directive_and_role_documented(reference_text):
    source = (PACKAGE / "__init__.py").read_text(encoding="utf-8")
    names = registered("add_directive", source) + registered("add_role", source)
    for name in names:
        assert f"{{{name}}}" in reference_text, name


@pytest.mark.parametrize("subtype", sorted(CITABLE_SUBTYPES))
def test_every_citable_warning_subtype_documented(reference_text, subtype):
    assert f"citable.{subtype}" in reference_text


def test_every_citable_config_value_documented(reference_text):
    source = (CITABLE / "__init__.py").read_text(encoding="utf-8")
    for name in registered("add_config_value", source):
        assert name in reference_text, name


def test_every_citable_directive_documented(reference_text):
    source = (CITABLE / "__init__.py").read_text(encoding="utf-8")
    for name in registered("add_directive", source):
        assert f"{{{name}}}" in reference_text, name


@pytest.mark.parametrize(
    "qualified",
    [
        f"{extension}.{subtype}"
        for extension, subtypes in (
            ("apparatus", SUBTYPES),
            ("citable", CITABLE_SUBTYPES),
            ("register", REGISTER_SUBTYPES),
        )
        for subtype in sorted(subtypes)
    ],
)
def test_every_warning_has_an_entry_in_the_guide(qualified):
    """The guide says, for each warning, what usually causes it and how to fix it (a definition list)."""
    guide = (REPO / "docs" / "editors-guide.md").read_text(encoding="utf-8")
    assert f"\n`{qualified}`\n: " in guide, qualified
