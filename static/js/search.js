// infrabook default theme: the search box. Progressive enhancement: without this script the box stays
// hidden (templates/partials/search.html) and every page still works.
//
// The index is Pagefind's (built by `infrabook build` into <base_path>pagefind/). Its search API is
// loaded on first focus, not on page load, so readers who never search download nothing. Results show
// the page title, the heading of the best-matching section and an excerpt, and link to that heading's
// anchor under the site's base path.
//
// Keyboard: "/" focuses the box (unless typing in a field), ArrowDown/ArrowUp move through results,
// Enter opens the chosen (or first) result, Escape closes the results, then clears the box.
(function () {
  "use strict";

  var MAX_RESULTS = 8;
  var DEBOUNCE_MS = 120;
  var RETRY_MS = 1000;
  var BUILDING = { building: true };

  function start() {
    var box = document.querySelector("[data-search]");
    if (!box) return;
    var input = box.querySelector(".search-input");
    var panel = box.querySelector(".search-panel");
    var list = box.querySelector(".search-results");
    var status = box.querySelector("[data-search-status]");
    if (!input || !panel || !list || !status) return;
    var basePath = box.getAttribute("data-base-path") || "/";
    var state = { pagefind: null, loading: null, query: 0, active: -1, options: [] };

    box.hidden = false;

    // `infrabook serve` makes the index after the site is up: until its entry file exists the index
    // is still building, and the search says so and tries again (see runSearch) instead of failing.
    function load() {
      if (!state.loading) {
        state.loading = fetch(basePath + "pagefind/pagefind-entry.json", { cache: "no-cache" })
          .then(function (response) {
            if (response.status === 404) throw BUILDING;
            return import(basePath + "pagefind/pagefind.js");
          })
          .then(function (pagefind) {
            // baseUrl makes result links carry the site's base path (e.g. /handbook/dns/).
            return pagefind.options({ baseUrl: basePath, excerptLength: 22 }).then(function () {
              pagefind.init();
              state.pagefind = pagefind;
              return pagefind;
            });
          });
        state.loading.catch(function () {
          state.loading = null;
        });
      }
      return state.loading;
    }

    function setExpanded(open) {
      panel.hidden = !open;
      if (!open) setActive(-1);
    }

    function setActive(index) {
      state.options.forEach(function (option, i) {
        option.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      state.active = index;
      if (index >= 0 && state.options[index]) {
        input.setAttribute("aria-activedescendant", state.options[index].id);
        state.options[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function announce(text) {
      status.textContent = text;
    }

    // Pagefind excerpts are escaped text with <mark> around matches; rebuild them from text nodes and
    // <mark> elements only, so nothing else from the index can become markup.
    function excerptNode(html) {
      var out = document.createElement("span");
      out.className = "search-result-excerpt";
      var parsed = new DOMParser().parseFromString("<p>" + html + "</p>", "text/html");
      parsed.body.firstChild.childNodes.forEach(function (node) {
        if (node.nodeType === 1 && node.nodeName === "MARK") {
          var mark = document.createElement("mark");
          mark.textContent = node.textContent;
          out.appendChild(mark);
        } else {
          out.appendChild(document.createTextNode(node.textContent));
        }
      });
      return out;
    }

    function score(sub) {
      return (sub.weighted_locations || []).reduce(function (sum, location) {
        return sum + (location.balanced_score || location.weight || 0);
      }, 0);
    }

    // The section of the page that matched most; the first one wins a tie (closest to the top).
    function bestSection(data) {
      var best = null;
      (data.sub_results || []).forEach(function (sub) {
        if (!best || score(sub) > score(best)) best = sub;
      });
      return best;
    }

    function optionFor(data, index) {
      var title = (data.meta && data.meta.title) || data.url;
      var section = bestSection(data);
      var option = document.createElement("a");
      option.className = "search-result";
      option.id = "search-option-" + index;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.href = section ? section.url : data.url;
      option.tabIndex = -1;
      var titleNode = document.createElement("span");
      titleNode.className = "search-result-title";
      titleNode.textContent = title;
      option.appendChild(titleNode);
      if (section && section.anchor && section.title && section.title !== title) {
        var heading = document.createElement("span");
        heading.className = "search-result-heading";
        heading.textContent = section.title;
        option.appendChild(heading);
      }
      option.appendChild(excerptNode(section ? section.excerpt : data.excerpt));
      option.addEventListener("mousemove", function () {
        if (state.active !== index) setActive(index);
      });
      return option;
    }

    function render(term, datas, total) {
      list.textContent = "";
      state.options = datas.map(optionFor);
      state.options.forEach(function (option) {
        list.appendChild(option);
      });
      if (!datas.length) {
        var empty = document.createElement("p");
        empty.className = "search-empty";
        empty.textContent = "No results for \u201c" + term + "\u201d";
        list.appendChild(empty);
      }
      setExpanded(true);
      setActive(-1);
      var shown = datas.length < total ? " (showing " + datas.length + ")" : "";
      announce(total ? total + (total === 1 ? " result" : " results") + shown : "No results");
    }

    function runSearch() {
      var term = input.value.trim();
      var ticket = ++state.query;
      if (!term) {
        list.textContent = "";
        state.options = [];
        setExpanded(false);
        announce("");
        return;
      }
      load()
        .then(function (pagefind) {
          return pagefind.debouncedSearch(term, {}, DEBOUNCE_MS);
        })
        .then(function (search) {
          // null: a newer keystroke superseded this search.
          if (!search || ticket !== state.query) return;
          var top = search.results.slice(0, MAX_RESULTS);
          return Promise.all(
            top.map(function (result) {
              return result.data();
            })
          ).then(function (datas) {
            if (ticket === state.query) render(term, datas, search.results.length);
          });
        })
        .catch(function (error) {
          if (ticket !== state.query) return;
          var building = error === BUILDING;
          list.textContent = "";
          state.options = [];
          var failed = document.createElement("p");
          failed.className = "search-empty";
          failed.textContent = building
            ? "The search index is building\u2026"
            : "Search is unavailable right now.";
          list.appendChild(failed);
          setExpanded(true);
          announce(building ? "Search index building" : "Search is unavailable");
          if (building) {
            setTimeout(function () {
              if (ticket === state.query) runSearch();
            }, RETRY_MS);
          }
        });
    }

    function move(step) {
      if (!state.options.length) return;
      if (panel.hidden) setExpanded(true);
      var count = state.options.length;
      var next = state.active < 0 ? (step > 0 ? 0 : count - 1) : (state.active + step + count) % count;
      setActive(next);
    }

    function open(index) {
      var option = state.options[index];
      if (option) window.location.href = option.href;
    }

    input.addEventListener("focus", function () {
      load();
      if (state.options.length || list.firstChild) setExpanded(true);
    });
    input.addEventListener("input", runSearch);
    input.addEventListener("keydown", function (event) {
      if (event.isComposing) return;
      switch (event.key) {
        case "ArrowDown":
          event.preventDefault();
          move(1);
          break;
        case "ArrowUp":
          event.preventDefault();
          move(-1);
          break;
        case "Enter":
          if (!state.options.length) return;
          event.preventDefault();
          open(state.active < 0 ? 0 : state.active);
          break;
        case "Escape":
          event.preventDefault();
          if (!panel.hidden) {
            setExpanded(false);
          } else if (input.value) {
            input.value = "";
            runSearch();
          } else {
            input.blur();
          }
          break;
      }
    });
    // Clicking a result is an ordinary link; keep focus from leaving the input before the click lands.
    list.addEventListener("mousedown", function (event) {
      event.preventDefault();
    });
    document.addEventListener("click", function (event) {
      if (!box.contains(event.target)) setExpanded(false);
    });
    box.addEventListener("focusout", function (event) {
      if (!box.contains(event.relatedTarget)) setExpanded(false);
    });
    document.addEventListener("keydown", function (event) {
      if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
      if (isTypingTarget(event.target)) return;
      event.preventDefault();
      input.focus();
      input.select();
    });
  }

  function isTypingTarget(element) {
    if (!element || !element.tagName) return false;
    var tag = element.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || element.isContentEditable;
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
