// Material's search worker, answered by Pagefind (src/plainmed/mkdocs/search.py builds the index into pagefind/).
// Material's search box talks to its worker in four messages: SETUP (0, sent once the reader opens search; see
// partials/lazy-search.html), READY (1), QUERY (2, the text typed) and RESULT (3, the items it shows).
// Pagefind downloads only the index chunks a query's words are in, and the pages shown: a search costs about
// the same on a library of 1 medicine or 300. Material's own worker downloaded the whole library's index.
var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
var SHOWN = 10; // results Material shows at once; each costs a small download
var TEASERS = 2; // sections shown under a result with their excerpt; the rest fold under "N more on this page"
var pagefind = null;
var latest = 0;

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, function (c) {
    return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
  });
}

// Pagefind's URLs start at the site root ("/isotretinoin/"); Material's are relative to the site's base URL,
// so the site also works below a path (GitHub Pages: /plainmed/).
function relative(url) {
  return url.replace(/^\//, "");
}

// The index comes in parts (search.py): Pagefind's script is in the first, and the others are merged into it.
async function setup() {
  var root = new URL("../../../pagefind/", self.location.href);
  var parts = await (await fetch(new URL("parts.json", root))).json();
  pagefind = await import(new URL(parts[0] + "pagefind.js", root).href);
  await pagefind.options({ baseUrl: "/", excerptLength: 24 });
  await pagefind.init();
  await Promise.all(parts.slice(1).map(function (part) {
    return pagefind.mergeIndex(new URL(part, root).href, { baseUrl: "/" });
  }));
}

// One Material result: the page first, then its sections, most matches first; Pagefind's excerpts are
// HTML-escaped text with <mark> around the words found, which is what Material prints.
function item(result, data) {
  var page = { location: relative(data.url), title: escapeHtml(data.meta.title || data.url), text: data.excerpt,
    score: result.score, terms: {} };
  var sections = data.sub_results
    .filter(function (sub) { return sub.url.indexOf("#") >= 0 && sub.title !== data.meta.title; }) // not the h1
    .sort(function (a, b) { return b.locations.length - a.locations.length; });
  return [page].concat(sections.map(function (sub, i) {
    return { location: relative(sub.url), title: escapeHtml(sub.title), text: sub.excerpt,
      score: i < TEASERS ? result.score : result.score / 2, terms: {} };
  }));
}

async function search(text) {
  var found = await pagefind.search(text.trim());
  var shown = found.results.slice(0, SHOWN);
  var data = await Promise.all(shown.map(function (result) { return result.data(); }));
  return { items: shown.map(function (result, i) { return item(result, data[i]); }) };
}

self.addEventListener("message", async function (event) {
  var message = event.data;
  if (message.type === SETUP) {
    try {
      await setup();
    } catch (error) {
      console.error("search: the index could not be loaded", error);
    }
    postMessage({ type: READY });
  } else if (message.type === QUERY) {
    var mine = ++latest;
    var result = { items: [] };
    if (pagefind && message.data.trim()) {
      try {
        result = await search(message.data);
      } catch (error) {
        console.warn("search: query failed", message.data, error);
      }
    }
    // Answers can come back out of order: only the newest query's is shown.
    if (mine === latest) postMessage({ type: RESULT, data: result });
  }
});
