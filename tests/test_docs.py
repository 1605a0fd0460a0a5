"""The handbook builds cleanly, its reference covers the extensions whole, and says each warning once."""

from __future__ import annotations

import importlib
import inspect
import re
import subprocess
import sys
from pathlib import Path

import pytest
from apparatus import config
from bs4 import BeautifulSoup

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "extensions" / "apparatus"
CITABLE = REPO / "extensions" / "citable"
sys.path.insert(0, str(REPO / "docs" / "_ext"))
#: The docs' own extension, which writes the reference of warnings and knows where the tables are.
WARNINGS_REFERENCE = importlib.import_module("warnings_reference")
#: Every warning of every extension, as ``(type, subtype, the table's sentence)``.
WARNINGS = [
    (warning_type, subtype, situation)
    for warning_type, table in sorted(WARNINGS_REFERENCE.subtype_tables().items())
    for subtype, situation in table.items()
]


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
def reference_page(docs_html: Path) -> BeautifulSoup:
    return BeautifulSoup((docs_html / "reference.html").read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def reference_text(reference_page: BeautifulSoup) -> str:
    main = reference_page.select_one("article[role=main]") or reference_page.body
    return main.get_text()


def registered(pattern: str, source: str) -> list[str]:
    names = re.findall(pattern + r'\(\s*"([^"]+)"', source)
    assert names, f"no {pattern} call found"
    return names


def test_docs_build_without_warnings(docs_html):
    for page in ("index", "editors-guide", "reference", "maintainers", "performance"):
        assert (docs_html / f"{page}.html").exists(), page


def test_every_extension_with_warnings_has_its_table():
    """The generator reads every extension that warns: a new one must join the tables."""
    messages = {path.parent.name for path in (REPO / "extensions").glob("*/messages.py")} - {"toolkit"}
    missing = messages - {warning_type for warning_type, _, _ in WARNINGS}
    assert not missing, (
        f"{sorted(missing)} warn but are not among the tables the reference is written from: add them "
        "to toolkit.messages.EXTENSIONS, and their entries to docs/reference.md (warning-subtypes)"
    )


@pytest.mark.parametrize(
    ("warning_type", "subtype", "situation"), WARNINGS, ids=[f"{t}.{s}" for t, s, _ in WARNINGS]
)
def test_every_warning_has_its_generated_entry(reference_page, warning_type, subtype, situation):
    """One section per subtype, under its label, opening with the sentence of the extension's table."""
    section = reference_page.find(id=WARNINGS_REFERENCE.label(warning_type, subtype))
    assert section is not None, f"{warning_type}.{subtype} has no entry in the reference"
    assert section.find(["h2", "h3", "h4", "h5"]).get_text().rstrip("¶#") == f"{warning_type}.{subtype}"
    lead = " ".join(section.select_one("p.warning-situation").get_text().split())
    assert lead.replace("’", "'") == f"Raised when {situation}."  # Sphinx's smart quotes
    assert section.find("dd"), "the entry says nothing beyond the table's sentence"


def test_every_config_value_documented(reference_text):
    for name in registered("add_config_value", inspect.getsource(config.setup_config)):
        assert name in reference_text, name


def test_every_directive_and_role_documented(reference_text):
    source = (PACKAGE / "__init__.py").read_text(encoding="utf-8")
    names = registered("add_directive", source) + registered("add_role", source)
    for name in names:
        assert f"{{{name}}}" in reference_text, name


def test_every_citable_config_value_documented(reference_text):
    source = (CITABLE / "__init__.py").read_text(encoding="utf-8")
    for name in registered("add_config_value", source):
        assert name in reference_text, name


def test_every_citable_directive_documented(reference_text):
    source = (CITABLE / "__init__.py").read_text(encoding="utf-8")
    for name in registered("add_directive", source):
        assert f"{{{name}}}" in reference_text, name


def test_the_guide_points_to_the_reference_for_each_warning():
    """Each warning is described once, in the reference: the guide links to it and lists none itself."""
    guide = (REPO / "docs" / "editors-guide.md").read_text(encoding="utf-8")
    assert "{ref}`reference's list of warnings <ref-warnings>`" in guide
    entries = [f"{t}.{s}" for t, s, _ in WARNINGS if re.search(rf"^`{t}\.{s}`\n: ", guide, re.MULTILINE)]
    assert entries == [], "described in the guide as well as in the reference"


def test_a_reference_entry_out_of_step_with_the_tables_fails_the_docs_build(tmp_path):
    """The generator refuses a missing entry and an entry for a subtype no table has.

    Without that refusal, a reference that lost an entry's text would still build. A
    page of the docs' own kind, with the docs' extension, holds the apparatus's entries
    with one subtype misspelt.
    """
    table = WARNINGS_REFERENCE.subtype_tables()["apparatus"]
    entries = [f"`{subtype}`\n\nFix\n: Mend it.\n" for subtype in table]
    entries[1] = entries[1].replace(f"`{list(table)[1]}`", "`no_such_subtype`")
    (tmp_path / "conf.py").write_text(
        f"import sys\nsys.path.insert(0, {str(REPO / 'docs' / '_ext')!r})\n"
        'extensions = ["myst_parser", "warnings_reference"]\n'
        'myst_enable_extensions = ["colon_fence", "deflist"]\n',
        encoding="utf-8",
    )
    page = "# Warnings\n\n::::{warning-subtypes} apparatus\n" + "\n".join(entries) + "::::\n"
    (tmp_path / "index.md").write_text(page, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-b", "dummy", str(tmp_path), str(tmp_path / "out")],
        capture_output=True,
        text=True,
        check=False,
    )
    said = result.stderr
    assert "an entry for apparatus.no_such_subtype, which the table does not have" in said
    assert f"apparatus.{list(table)[1]} is in the table but has no entry here" in said
    # the other extensions' tables are on no page of this project
    assert "the warnings of 'citable' are in no warning-subtypes directive of the docs" in said
    assert "unknown_passage" not in said
