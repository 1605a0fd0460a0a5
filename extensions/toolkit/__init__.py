"""What the edition's extensions share: warnings, visitors, assets, the bibliography, editorial matter.

Each module serves all of them (apparatus, citable, register, and the TEI and
annotation extensions), so that a habit is written once: ``messages`` gives a
located, typed warning; ``visitors`` the visitors of nodes that a format leaves
as they are or leaves out; ``assets`` the static files with one rule for the
EPUB; ``bibliography`` the entries that sphinxcontrib-bibtex has read;
``editorial`` the class that marks the editor's own matter; ``outputs`` the links
to a file the website publishes beside the pages. The documents'
order, fresh ids and links to an anchor are in the module ``documents``.
"""
