// Stands in for Material's search worker until the first message arrives (the index, sent only once the reader
// opens search; see partials/lazy-search.html), then loads the real worker beside it and hands it that message.
self.addEventListener("message", function first(event) {
  self.removeEventListener("message", first);
  var name = new URL(self.location.href).searchParams.get("load") || "";
  if (!/^search\.[0-9a-f]+\.min\.js$/.test(name)) throw new Error("lazy-search: unexpected worker " + name);
  importScripts(name);
  self.dispatchEvent(new MessageEvent("message", { data: event.data }));
});
