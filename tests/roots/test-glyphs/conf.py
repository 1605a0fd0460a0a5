project = "Glyphs"
extensions = ["myst_parser"]
exclude_patterns = ["_build"]
latex_engine = "xelatex"
latex_documents = [("index", "glyphs.tex", "Glyphs", "Tester", "howto")]
# The edition's fonts, so that the test sees what its PDF would lose.
latex_elements = {"fontpkg": "\\setmainfont{FreeSerif}\n\\setsansfont{FreeSans}\n\\setmonofont{FreeMono}\n"}
