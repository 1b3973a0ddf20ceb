/* mentorlog: sort a table by clicking a column header (click again to reverse).
   Written for mentorlog, no dependencies; it reorders rows, never touches cell contents. */
(function () {
  "use strict";

  function cellValue(row, column) {
    var cell = row.cells[column];
    var text = cell ? cell.textContent.trim() : "";
    var num = text.replace(/,/g, "");
    return /^-?\d+(\.\d+)?$/.test(num) ? { n: parseFloat(num), t: text } : { n: null, t: text };
  }

  function compare(a, b) {
    if (a.n !== null && b.n !== null) { return a.n - b.n; }
    if (a.t === "" || b.t === "") { return a.t === "" ? 1 : -1; }
    return a.t.localeCompare(b.t, undefined, { numeric: true, sensitivity: "base" });
  }

  function sortBy(table, header, column) {
    var body = table.tBodies[0];
    var descending = header.getAttribute("aria-sort") === "ascending";
    var rows = Array.prototype.slice.call(body.rows);
    var keyed = rows.map(function (row, i) { return { row: row, key: cellValue(row, column), i: i }; });
    keyed.sort(function (a, b) {
      var order = compare(a.key, b.key) || a.i - b.i;
      return descending ? -order : order;
    });
    Array.prototype.forEach.call(header.parentNode.cells, function (th) {
      th.removeAttribute("aria-sort");
    });
    header.setAttribute("aria-sort", descending ? "descending" : "ascending");
    keyed.forEach(function (k) { body.appendChild(k.row); });
  }

  function prepare(table) {
    if (!table.tHead || !table.tBodies.length || table.dataset.sortReady) { return; }
    table.dataset.sortReady = "1";
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (header, column) {
      header.classList.add("ml-sortable");
      header.setAttribute("tabindex", "0");
      header.title = "Sort by this column";
      header.addEventListener("click", function () { sortBy(table, header, column); });
      header.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          sortBy(table, header, column);
        }
      });
    });
  }

  function prepareAll() {
    Array.prototype.forEach.call(document.querySelectorAll("article table"), prepare);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", prepareAll);
  } else {
    prepareAll();
  }
})();
