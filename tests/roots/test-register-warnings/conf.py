extensions = ["myst_parser", "register"]
myst_enable_extensions = ["colon_fence"]
exclude_patterns = ["_build"]
project = "Register warnings"
register_documents = ["text"]
