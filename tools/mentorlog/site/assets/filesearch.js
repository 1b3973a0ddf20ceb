/* mentorlog: search for a site opened as files (file://), e.g. a downloaded artifact.
   There a browser refuses Material's search worker and the fetch of search_index.json, so
   Material's search box never answers. This script answers it instead, only on file://:
   it loads search/mentorlog_index.js (the same index, written as a script by `mentorlog build`)
   with a <script> element, which files may do, and lists the pages whose title or text holds
   every word typed. Served over http(s), it does nothing and Material's search runs.
   Written for mentorlog, no dependencies; index text only ever reaches the page as text. */
(function () {
  "use strict";
  if (location.protocol !== "file:") { return; }

  var MAX_RESULTS = 20;
  var config = JSON.parse(document.getElementById("__config").textContent);
  var base = new URL(config.base.replace(/\/?$/, "/"), location.href);

  function plain(html) {  /* an inert document: no script runs, nothing loads */
    return new DOMParser().parseFromString(html, "text/html").body.textContent || "";
  }

  function prepared(docs) {
    return docs.map(function (doc) {
      var title = plain(doc.title);
      return { location: doc.location, title: title,
               haystack: (title + " " + plain(doc.text)).toLowerCase(),
               inTitle: title.toLowerCase() };
    });
  }

  function matches(docs, query) {
    var words = query.toLowerCase().split(/[\s\-]+/).filter(Boolean);
    if (!words.length) { return []; }
    var found = docs.filter(function (doc) {
      return words.every(function (w) { return doc.haystack.indexOf(w) !== -1; });
    });
    function score(doc) {  /* a name typed finds its page first, then sections, then text */
      var all = words.every(function (w) { return doc.inTitle.indexOf(w) !== -1; });
      return (all ? 0 : 2) + (doc.location.indexOf("#") === -1 ? 0 : 1);
    }
    return found.map(function (doc, i) { return { doc: doc, key: score(doc), i: i }; })
      .sort(function (a, b) { return a.key - b.key || a.i - b.i; })
      .map(function (m) { return m.doc; });
  }

  function item(doc) {
    var li = document.createElement("li");
    var a = document.createElement("a");
    var article = document.createElement("article");
    var heading = document.createElement("h1");
    li.className = "md-search-result__item";
    a.className = "md-search-result__link";
    a.href = new URL(doc.location, base).href;
    article.className = "md-search-result__article md-typeset";
    heading.textContent = doc.title;
    article.appendChild(heading);
    a.appendChild(article);
    li.appendChild(a);
    return li;
  }

  function show(docs, query) {
    var meta = document.querySelector(".md-search-result__meta");
    var list = document.querySelector(".md-search-result__list");
    if (!meta || !list) { return; }
    var found = matches(docs, query);
    list.textContent = "";
    list.hidden = false;
    found.slice(0, MAX_RESULTS).forEach(function (doc) { list.appendChild(item(doc)); });
    meta.textContent = !query.trim() ? "Type to start searching" :
      found.length === 0 ? "No matching documents" :
      found.length === 1 ? "1 matching document" : found.length + " matching documents";
  }

  /* Material hides its search box when the worker cannot start: show it again, and open
     and close its result panel (the `__search` toggle) as Material would. */
  function start() {
    var box = document.querySelector(".md-search");
    var input = document.querySelector(".md-search__input");
    var toggle = document.getElementById("__search");
    var index = window.__mentorlogSearchIndex;
    if (!box || !input || !toggle || !index) { return; }
    var docs = prepared(index.docs);
    box.hidden = false;
    input.addEventListener("focus", function () { toggle.checked = true; });
    input.addEventListener("input", function () { show(docs, input.value); });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { toggle.checked = false; input.blur(); }
    });
    if (input.value) { show(docs, input.value); }
  }

  var script = document.createElement("script");
  script.src = new URL("search/mentorlog_index.js", base).href;
  script.onload = start;
  document.head.appendChild(script);
})();
