"""Build, serve, test and lint the edition: ``nox`` alone builds HTML and PDF."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import nox

nox.options.default_venv_backend = "uv|virtualenv"
nox.options.sessions = ["html", "pdf"]
nox.options.reuse_existing_virtualenvs = True

ROOT = Path(__file__).parent
SOURCE = "edition"
BUILD = ROOT / "build"
PYTHON = "3.11"
#: What installs the Debian packages the sessions need (TeX, Chromium, Java, npm, epubcheck).
INSTALL = "bash tools/install-debian.sh"


#: The bytecode cache of the sessions where writing bytecode is switched off (PYTHONDONTWRITEBYTECODE,
#: as on the project's machines): without it each build compiled the project's own modules from source.
PYCACHE = BUILD / "pycache"
#: The file that marks an environment whose installed modules are all compiled to bytecode.
COMPILED = "bytecode-compiled"
#: Compiles what is installed (site-packages), not minding files that do not compile (tests of
#: some packages): Python compiles those on import as before.
COMPILE_INSTALLED = (
    "import compileall, sysconfig; paths = sysconfig.get_paths(); "
    "[compileall.compile_dir(paths[key], quiet=2, workers=0) for key in sorted({'purelib', 'platlib'})]"
)


def install(session: nox.Session, group: str) -> None:
    """Install the locked requirements of one dependency group, with bytecode for every module.

    uv installs without compiling, and where writing bytecode is switched off Python
    then compiles Sphinx, docutils, MyST and the rest from source in every process:
    more than a second of each build and of each reload of ``nox -s serve``.
    ``UV_COMPILE_BYTECODE`` has uv compile what it installs; an environment made
    before, where uv finds nothing to install, is compiled once (marked by a file in it).

    Where ``PYTHONDONTWRITEBYTECODE`` is set, the session writes bytecode under
    build/ instead (``PYTHONPYCACHEPREFIX``), so that the project's own modules are
    compiled once too, and the source tree stays as clean as the setting keeps it.
    Python then reads all bytecode from there: the first build fills the cache.
    """
    session.install("-r", f"requirements/{group}.txt", env={"UV_COMPILE_BYTECODE": "1"})
    marker = Path(session.virtualenv.location) / COMPILED
    # run_install gives None where it did not run (nox --no-install on a reused environment)
    if not marker.exists():
        compiled = session.run_install("python", "-c", COMPILE_INSTALLED, silent=True)
        if compiled is not None:
            marker.touch()
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        session.env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
        session.env["PYTHONDONTWRITEBYTECODE"] = None


def sphinx_build(session: nox.Session, builder: str, doctrees: str, *options: str) -> None:
    """Build the edition with *builder* into build/<builder>, warnings being errors."""
    install(session, "docs")
    session.run(
        "sphinx-build", "-W", "--keep-going", "-n", *options, "-b", builder,
        "-d", str(BUILD / doctrees), SOURCE, str(BUILD / builder), *session.posargs,
    )  # fmt: skip


@nox.session(python=PYTHON)
def html(session: nox.Session) -> None:
    """Build the HTML edition into build/html, with its TEI and annotations beside the pages (-W).

    Serially: on two cores ``-j auto`` took more processor time and no less wall time (Sphinx
    resolves every page in the main process whatever -j says); ``nox -s html -- -j auto`` asks for it.
    """
    sphinx_build(session, "html", "doctrees")


@nox.session(python=PYTHON)
def pdf(session: nox.Session) -> None:
    """Build the PDF edition through LaTeX (xelatex, latexmk) into build/latex."""
    missing = [tool for tool in ("latexmk", "xelatex", "make") if shutil.which(tool) is None]
    if missing:
        session.error(f"TeX is missing ({', '.join(missing)}); install it with: {INSTALL}")
    install(session, "docs")
    session.run(
        "sphinx-build",
        "-M",
        "latexpdf",
        SOURCE,
        str(BUILD),
        "-W",
        "--keep-going",
        "-n",
        *session.posargs,
    )
    # xelatex exits 0 when it drops a glyph; its log and the .tex tell what the PDF lost
    log = BUILD / "latex" / "secret-speech-edition.log"
    session.run("python", "tools/pdf_glyphs.py", str(log), "--sources", SOURCE, "references.bib")
    session.log(f"PDF: {BUILD / 'latex' / 'secret-speech-edition.pdf'}")


@nox.session(python=PYTHON)
def register(session: nox.Session) -> None:
    """Record the current passages as published (after a deliberate change to the speech)."""
    install(session, "docs")
    session.run(
        "sphinx-build",
        "-E",
        "-b",
        "dummy",
        "-D",
        "citable_update_registry=1",
        SOURCE,
        str(BUILD / "register"),
        *session.posargs,
    )
    session.log("edition/passage-registry.toml updated: review it with git diff, then commit it")


@nox.session(python=PYTHON)
def citation(session: nox.Session) -> None:
    """Write CITATION.cff from the metadata in pyproject.toml, checked by the schema conf.py uses."""
    install(session, "docs")
    session.run("python", "tools/citation_cff.py")


@nox.session(python=PYTHON)
def epub(session: nox.Session) -> None:
    """Build the EPUB edition into build/epub (warnings are errors)."""
    sphinx_build(session, "epub", "doctrees-epub")


@nox.session(python=PYTHON)
def tei(session: nox.Session) -> None:
    """Write the TEI and the annotations into build/tei, then validate the TEI with jing against tei_all."""
    sphinx_build(session, "tei", "doctrees-tei")
    document = BUILD / "tei" / "secret-speech-edition.xml"
    schema = ROOT.parent / "shared" / "schemas" / "tei_all.rng"
    if shutil.which("jing") is None or not schema.exists():
        session.warn(f"not validated: jing or {schema.name} is missing (install jing with: {INSTALL})")
    else:
        session.run("jing", str(schema), str(document), external=True)
    session.log(f"TEI: {document}; annotations: {document.with_name('annotations.jsonld')}")


@nox.session(python=PYTHON)
def serve(session: nox.Session) -> None:
    """Serve the HTML edition on 127.0.0.1 with live reload while you edit."""
    install(session, "serve")
    session.run(
        "sphinx-autobuild",
        "--host",
        "127.0.0.1",
        "--port",
        "8000",
        "--watch",
        "extensions",
        "--watch",
        "references.bib",
        # conf.py reads pyproject.toml: its values change, and Sphinx rebuilds what depends on them
        "--watch",
        "pyproject.toml",
        # a passage whose words differ from the registry's shows at once, with a notice before it
        # (and the citable.text_changed warning in the console); builds with -W still fail on it
        "-D",
        "citable_preview_changes=1",
        SOURCE,
        str(BUILD / "serve"),
        *session.posargs,
    )


def install_browser_tools(session: nox.Session) -> None:
    """Install axe-core and the Nu checker (tests/browser/package-lock.json) for the browser checks."""
    if shutil.which("npm") is None:
        session.error(f"npm is missing (the browser checks need it); install it with: {INSTALL}")
    session.run(
        "npm", "ci", "--prefix", "tests/browser", "--no-audit", "--no-fund", "--ignore-scripts", external=True
    )


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """Run the test suite (it builds test projects and the real edition, and reads it in Chromium)."""
    install(session, "test")
    install_browser_tools(session)
    session.run("pytest", *session.posargs)


@nox.session(python=PYTHON)
def screenshots(session: nox.Session) -> None:
    """Photograph the speech page with each candidate theme at 1280 and 390 px (build/screenshots/themes)."""
    install(session, "themes")
    session.run("python", "tools/theme_screenshots.py", *session.posargs)


@nox.session(python=PYTHON)
def docs(session: nox.Session) -> None:
    """Build the editor's guide and extension reference into build/docs."""
    install(session, "docs")
    session.run("sphinx-build", "-W", "-n", "-b", "html", "docs", str(BUILD / "docs"), *session.posargs)


@nox.session(python=PYTHON)
def benchmark(session: nox.Session) -> None:
    """All the figures of docs/performance.md: editor's loop, build time, scaling, PDF, alignment."""
    install(session, "serve")
    session.run("python", "benchmarks/editor_loop.py")
    session.run("python", "benchmarks/build_time.py")
    session.run("python", "benchmarks/scaling.py", *session.posargs)
    session.run("python", "benchmarks/alignment.py")


@nox.session(python=PYTHON)
def editor_loop(session: nox.Session) -> None:
    """Time builds, one-word edits and live reload beside the twins; figures into docs/performance.md."""
    install(session, "serve")
    session.run("python", "benchmarks/editor_loop.py", *session.posargs)


@nox.session(python=PYTHON)
def agreement(session: nox.Session) -> None:
    """Print the agreement of the two readings of the apparatus (edition/annotation; the note on the text)."""
    install(session, "docs")
    session.run("python", "tools/agreement.py", *session.posargs)


@nox.session(python=PYTHON)
def alignment(session: nox.Session) -> None:
    """Time quotation alignment on repetitive passages of 1,000 to 10,000 words (docs/performance.md)."""
    install(session, "docs")
    session.run("python", "benchmarks/alignment.py", *session.posargs)


@nox.session(python=PYTHON)
def citation_engines(session: nox.Session) -> None:
    """Compare citeproc-py, mended citeproc-py and pandoc with citeproc-js (docs/citation-engines.md)."""
    install(session, "test")
    install_browser_tools(session)
    session.run("python", "benchmarks/citation_engines.py", *session.posargs)


@nox.session(python=PYTHON)
def scaling(session: nox.Session) -> None:
    """Time and measure builds of synthetic editions of 100, 1,000 and 5,000 passages, HTML and PDF."""
    install(session, "docs")
    session.run("python", "benchmarks/scaling.py", *session.posargs)


@nox.session(python=PYTHON)
def page_weight(session: nox.Session) -> None:
    """Weigh the speech page as Chromium loads it: HTML, CSS, JavaScript, fonts (see docs/performance.md)."""
    install(session, "test")
    session.run("python", "benchmarks/page_weight.py", *session.posargs)


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """Check the code with ruff."""
    install(session, "lint")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", "extensions", "tests", "benchmarks", "tools", "noxfile.py")


if __name__ == "__main__":
    sys.exit("run this file with nox")
