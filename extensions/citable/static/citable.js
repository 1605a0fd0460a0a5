// "Cite this passage": copy buttons, and absolute addresses when the site has no base URL set.
(function () {
  "use strict";

  function citationText(format) {
    // The citation itself, without the captions ("Note", "Bibliography", ...).
    var parts = [];
    format.querySelectorAll("p.cite-text, pre").forEach(function (element) {
      var copy = element.cloneNode(true);
      copy.querySelectorAll(".cite-caption").forEach(function (caption) { caption.remove(); });
      parts.push(copy.textContent.trim());
    });
    return parts.join("\n\n");
  }

  var RELATIVE = /(^|[\s{])((?:\.\.\/)*[\w.\/-]+\.html(?:#[\w-]+)?)/g;

  function absolutise(format) {
    // Built without html_baseurl, citations give addresses relative to the page;
    // complete them with the address the reader is actually using.
    format.querySelectorAll("p.cite-text, pre").forEach(function (element) {
      var walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
      while (walker.nextNode()) {
        var node = walker.currentNode;
        if (node.nodeValue.indexOf("://") === -1 && RELATIVE.test(node.nodeValue)) {
          node.nodeValue = node.nodeValue.replace(RELATIVE, function (match, before, address) {
            return before + new URL(address, document.baseURI).href;
          });
        }
        RELATIVE.lastIndex = 0;
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".cite-format").forEach(function (format) {
      absolutise(format);
      var button = format.querySelector("button.cite-copy");
      if (!button || !navigator.clipboard) {
        return;
      }
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(citationText(format)).then(function () {
          button.textContent = "Copied";
          window.setTimeout(function () { button.textContent = "Copy"; }, 1500);
        });
      });
    });
  });
})();
