/* The book's own behaviour: long tables become searchable, sortable and paged (DataTables, shipped
   in _static/datatables.js); without JavaScript they show whole. */
(function () {
  function tables() {
    var dt = window.itables_dt;
    if (!dt || !dt.jQuery) { return; }
    document.querySelectorAll("table.card-datatable").forEach(function (table) {
      dt.jQuery(table).DataTable({
        order: [],
        autoWidth: false,
        pageLength: 25,
        lengthMenu: [[25, 100, -1], [25, 100, "all"]],
        language: { search: "Search this table:" }
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", tables);
  } else {
    tables();
  }
})();
