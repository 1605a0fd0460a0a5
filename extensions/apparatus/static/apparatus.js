// Note previews: a note marker shows its note on hover and on keyboard focus.
// The notes stay in the page as they are; without JavaScript nothing changes.
(function () {
  "use strict";

  var SHOW_DELAY = 150; // ms before a hovered marker shows its note
  var HIDE_DELAY = 250; // ms for the pointer to move from the marker onto the preview
  var open = null; // {marker, preview}
  var timer = null;

  function noteFor(marker) {
    var href = marker.getAttribute("href") || "";
    if (href.charAt(0) !== "#") {
      return null;
    }
    var note = document.getElementById(decodeURIComponent(href.slice(1)));
    return note && note.matches("aside.footnote, [role='doc-footnote']") ? note : null;
  }

  function previewFor(marker, note) {
    // The note's content without its label; ids are dropped so that none is duplicated.
    var id = "preview-" + note.id;
    var preview = document.getElementById(id);
    if (preview) {
      return preview;
    }
    preview = document.createElement("div");
    preview.id = id;
    preview.className = "note-preview";
    preview.setAttribute("role", "tooltip");
    preview.hidden = true;
    Array.prototype.forEach.call(note.children, function (child) {
      if (child.classList.contains("label")) {
        return;
      }
      var copy = child.cloneNode(true);
      copy.removeAttribute("id");
      copy.querySelectorAll("[id]").forEach(function (element) { element.removeAttribute("id"); });
      copy.querySelectorAll("a, button").forEach(function (element) { element.setAttribute("tabindex", "-1"); });
      preview.appendChild(copy);
    });
    preview.addEventListener("mouseenter", function () { window.clearTimeout(timer); });
    preview.addEventListener("mouseleave", function () { hideSoon(); });
    document.body.appendChild(preview);
    marker.setAttribute("aria-describedby", id);
    return preview;
  }

  function place(marker, preview) {
    var box = marker.getBoundingClientRect();
    var width = Math.min(448, document.documentElement.clientWidth - 16);
    preview.style.maxWidth = width + "px";
    var left = Math.max(8, Math.min(box.left + window.scrollX - 16,
      window.scrollX + document.documentElement.clientWidth - width - 8));
    preview.style.left = left + "px";
    preview.style.top = box.bottom + window.scrollY + 6 + "px";
  }

  function show(marker) {
    var note = noteFor(marker);
    if (!note) {
      return;
    }
    if (open && open.marker !== marker) {
      hide();
    }
    var preview = previewFor(marker, note);
    preview.hidden = false;
    place(marker, preview);
    open = {marker: marker, preview: preview};
  }

  function hide() {
    window.clearTimeout(timer);
    if (open) {
      open.preview.hidden = true;
      open = null;
    }
  }

  function hideSoon() {
    window.clearTimeout(timer);
    timer = window.setTimeout(hide, HIDE_DELAY);
  }

  // Lemmata: the words of a passage that a note bears on. Each piece of a lemma names
  // the notes on it (data-notes, innermost last); a lemma is lit with its marker.
  function piecesOf(noteId) {
    return Array.prototype.filter.call(document.querySelectorAll(".passage .lemma[data-notes]"), function (piece) {
      return piece.getAttribute("data-notes").split(" ").indexOf(noteId) !== -1;
    });
  }

  function light(noteId, className, on) {
    piecesOf(noteId).forEach(function (piece) { piece.classList.toggle(className, on); });
  }

  function markTarget() {
    document.querySelectorAll(".lemma-target").forEach(function (piece) { piece.classList.remove("lemma-target"); });
    var hash = decodeURIComponent(window.location.hash.slice(1));
    var noteId = hash.indexOf("lemma-") === 0 ? "note-" + hash.slice(6) : hash;
    if (noteId.indexOf("note-") === 0) {
      light(noteId, "lemma-target", true);
    }
  }

  function linkLemmata() {
    document.querySelectorAll(".passage .lemma[data-notes]").forEach(function (piece) {
      var notes = piece.getAttribute("data-notes").split(" ");
      var innermost = notes[notes.length - 1];
      var marker = document.getElementById(innermost.replace(/^note-/, "noteref-"));
      piece.addEventListener("mouseenter", function () {
        light(innermost, "lemma-active", true);
        if (marker) { marker.classList.add("marker-active"); }
      });
      piece.addEventListener("mouseleave", function () {
        light(innermost, "lemma-active", false);
        if (marker) { marker.classList.remove("marker-active"); }
      });
    });
    document.querySelectorAll(".passage a.footnote-reference").forEach(function (marker) {
      var noteId = decodeURIComponent((marker.getAttribute("href") || "").slice(1));
      ["mouseenter", "focus"].forEach(function (name) {
        marker.addEventListener(name, function () { light(noteId, "lemma-active", true); });
      });
      ["mouseleave", "blur"].forEach(function (name) {
        marker.addEventListener(name, function () { light(noteId, "lemma-active", false); });
      });
    });
    markTarget();
    window.addEventListener("hashchange", markTarget);
  }

  // The headnote on the speech as a whole stays open where there is room; a phone folds it.
  function foldHeadnote() {
    if (window.matchMedia("(max-width: 40em)").matches) {
      document.querySelectorAll("details.headnote-details").forEach(function (details) {
        if (!details.contains(document.getElementById(decodeURIComponent(window.location.hash.slice(1))))) {
          details.open = false;
        }
      });
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    linkLemmata();
    foldHeadnote();
    document.querySelectorAll("a.footnote-reference").forEach(function (marker) {
      if (!noteFor(marker)) {
        return;
      }
      marker.addEventListener("mouseenter", function () {
        window.clearTimeout(timer);
        timer = window.setTimeout(function () { show(marker); }, SHOW_DELAY);
      });
      marker.addEventListener("mouseleave", hideSoon);
      marker.addEventListener("focus", function () { window.clearTimeout(timer); show(marker); });
      marker.addEventListener("blur", hide);
      marker.addEventListener("click", hide);
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        hide();
      }
    });
  });
})();
