#!/usr/bin/env bash
# Install what building and testing the edition needs on Debian or Ubuntu, and only what is
# missing: README's quickstart and .ci/run both call this script, so they cannot drift apart.
#
#   TeX Live, latexmk, FreeSerif, poppler   the PDF and its checks
#   Chromium, Java                           the browser checks (axe-core, the Nu checker)
#   epubcheck                                the EPUB's checker (Java)
#   jing                                     the TEI's validator (RELAX NG, Java)
#   Node.js and npm                          axe-core and the Nu checker's packages; left alone
#                                            when npm is there (NodeSource's nodejs bundles npm
#                                            and conflicts with Debian's npm package)
#   nox and uv                               with pip; where the system Python refuses pip
#                                            (PEP 668, as on Debian 12) with pipx instead
set -euo pipefail

export DEBIAN_FRONTEND=noninteractive
SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"

packages=()
need() { packages+=("$@"); }
have() { command -v "$1" >/dev/null 2>&1; }

for tool in make latexmk xelatex pdftotext; do
  have "$tool" || { need make latexmk texlive-xetex texlive-fonts-recommended texlive-lang-cyrillic poppler-utils; break; }
done
fc-list 2>/dev/null | grep -qi FreeSerif || need fonts-freefont-otf texlive-lang-cyrillic
[ -x /usr/bin/chromium ] || need chromium
have java || need default-jre-headless
[ -f /usr/share/java/epubcheck.jar ] || need epubcheck
have jing || need jing
have npm || need nodejs npm

if [ "${#packages[@]}" -gt 0 ]; then
  # shellcheck disable=SC2207  # a sorted, de-duplicated list of package names
  packages=($(printf '%s\n' "${packages[@]}" | sort -u))
  echo "install-debian: installing ${packages[*]}"
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q --no-install-recommends "${packages[@]}"
fi

if have nox && nox --version >/dev/null 2>&1; then
  :
elif python3 -m pip install --quiet nox uv 2>/dev/null; then
  # a pyenv Python makes the new command visible only through a fresh shim
  if have pyenv; then pyenv rehash || true; fi
  echo "install-debian: nox and uv installed with pip"
else
  have pipx || { $SUDO apt-get update -q && $SUDO apt-get install -y -q --no-install-recommends pipx; }
  pipx install --force nox
  pipx inject nox uv
  echo "install-debian: nox installed with pipx into ~/.local/bin"
fi
if ! have nox; then
  echo "install-debian: add ~/.local/bin to your PATH (pipx ensurepath, or: export PATH=\"\$HOME/.local/bin:\$PATH\")"
fi
