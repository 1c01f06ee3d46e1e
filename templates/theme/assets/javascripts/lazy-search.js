// Search loads nothing until the reader opens it: see templates/theme/partials/lazy-search.html.
// A file, not an inline script, so the Content-Security-Policy needs no hash for it.
(function () {
  if (location.protocol === "file:") return; // Pagefind needs a web server: opened as files, search finds nothing
  var config = document.getElementById("__config");
  var settings = JSON.parse(config.textContent);
  settings.search = settings.search.replace(/[^/]*$/, "pagefind-search.js");
  config.textContent = JSON.stringify(settings);

  var opened = false, held = [];
  function open() {
    if (opened) return;
    opened = true;
    held.splice(0).forEach(function (send) { send(); });
  }
  var proto = XMLHttpRequest.prototype, realOpen = proto.open, realSend = proto.send;
  proto.open = function (method, url) {
    this.plainmedIndex = /(^|\/)search\/search_index\.json$/.test(String(url));
    return realOpen.apply(this, arguments);
  };
  proto.send = function () {
    var xhr = this, args = arguments;
    if (!xhr.plainmedIndex || opened) return realSend.apply(xhr, args);
    held.push(function () { realSend.apply(xhr, args); });
  };
  var toggle = document.getElementById("__search");
  if (toggle) toggle.addEventListener("change", function () { if (toggle.checked) open(); });
  document.addEventListener("focusin", function (event) {
    if (event.target.matches && event.target.matches(".md-search__input")) open();
  });
})();
