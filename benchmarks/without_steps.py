"""Run sphinx-build with some of the edition's build-wide steps switched off, to count what each costs.

``python benchmarks/without_steps.py STEP[,STEP…] SPHINX-ARGUMENTS…``: each STEP is
a key of :data:`STEPS`; the source folder among the arguments (the one holding a
``conf.py``) has the extensions its ``conf.py`` loads in ``../extensions``. A step is switched
off by giving its event handler an empty body before Sphinx loads the extension,
so the build runs as usual but for that step (its output and its warnings are
missing). benchmarks/editor_loop.py counts the instructions of builds run this
way beside the full build: the difference is what the step costs.

The step :data:`START_UP` switches off the build itself: Sphinx reads
``conf.py``, imports and sets up the extensions and loads the environment, then
stops, so that a count of it is what a build costs before it reads a document.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

#: The steps that can be switched off: what they do, and the module and function of their handler.
STEPS: dict[str, tuple[str, str, str]] = {
    "tei": ("TEI written (build-finished)", "tei.builder", "publish_tei"),
    "annotations": ("Web Annotations written (build-finished)", "annotations.build", "write_annotations"),
    "bibliography": ("bibliography files checked", "apparatus.bibliography", "check_bibliography"),
    "ledger": ("annotation ledger checked", "ledger.check", "check_ledger"),
    "register": ("register file checked", "register.events", "check_register_file"),
    "cite panels": ("cite panels under the passages", "citable.citations", "add_cite_panels"),
}


#: The step that leaves only the start-up: everything ``Sphinx.build`` would do is switched off.
START_UP = "start-up"


def _nothing(*args: object, **kwargs: object) -> None:
    """The body a switched-off handler gets."""


def switch_off(names: list[str]) -> None:
    """Give the handlers of the steps *names* an empty body; Sphinx's connections to them hold."""
    for name in names:
        if name == START_UP:
            from sphinx.application import Sphinx

            Sphinx.build = _nothing  # type: ignore[method-assign]
            continue
        _, module_name, function_name = STEPS[name]
        function = getattr(importlib.import_module(module_name), function_name)
        function.__code__ = _nothing.__code__


def main() -> None:
    """Switch the steps off, then run Sphinx's command line with the remaining arguments."""
    steps, *arguments = sys.argv[1:]
    source = next(Path(argument) for argument in arguments if (Path(argument) / "conf.py").is_file())
    sys.path.insert(0, str((source.parent / "extensions").resolve()))
    switch_off([name for name in steps.split(",") if name])
    from sphinx.cmd.build import main as sphinx_main

    sys.exit(sphinx_main(arguments))


if __name__ == "__main__":
    main()
