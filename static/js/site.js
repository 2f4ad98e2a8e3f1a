// infrabook default theme: small progressive enhancements. Every page works without this file.
// - theme toggle (persisted in localStorage "infrabook-theme"; the head script applies it before paint)
// - copy buttons on code blocks
// - menu: Escape closes it, following a link closes it
// - scrollable code, tables and diagrams become keyboard-focusable when they overflow
// - the table of contents marks the section being read
// - a diagram drawn smaller than its natural size gets a "full size" view in a dialog
(function () {
  "use strict";

  var root = document.documentElement;
  var STORAGE_KEY = "infrabook-theme";

  function storedTheme() {
    try {
      return localStorage.getItem(STORAGE_KEY);
    } catch (e) {
      return null;
    }
  }

  function systemTheme() {
    return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }

  function currentTheme() {
    var theme = root.getAttribute("data-theme");
    return theme === "dark" || theme === "light" ? theme : systemTheme();
  }

  var THEME_COLORS = { light: "#ffffff", dark: "#0f1419" };

  function applyTheme(theme) {
    root.setAttribute("data-theme", theme);
    // The browser's own toolbar follows the chosen theme, not only the system one.
    var metas = document.querySelectorAll('meta[name="theme-color"]');
    Array.prototype.forEach.call(metas, function (meta) {
      meta.setAttribute("content", THEME_COLORS[theme]);
    });
    var toggle = document.querySelector("[data-theme-toggle]");
    if (toggle) {
      var other = theme === "dark" ? "light" : "dark";
      toggle.setAttribute("aria-label", "Switch to " + other + " theme");
      toggle.setAttribute("title", "Switch to " + other + " theme");
    }
  }

  function setupThemeToggle() {
    var toggle = document.querySelector("[data-theme-toggle]");
    if (!toggle) return;
    applyTheme(currentTheme());
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      var next = currentTheme() === "dark" ? "light" : "dark";
      applyTheme(next);
      try {
        localStorage.setItem(STORAGE_KEY, next);
      } catch (e) {
        // Storage may be disabled; the choice then lasts for this page only.
      }
    });
    // Follow the system setting while the reader has not chosen a theme.
    if (window.matchMedia) {
      var query = window.matchMedia("(prefers-color-scheme: dark)");
      var onChange = function () {
        if (!storedTheme()) applyTheme(systemTheme());
      };
      if (query.addEventListener) query.addEventListener("change", onChange);
    }
    // Print in light colours whatever the screen theme is.
    var themeBeforePrint = null;
    window.addEventListener("beforeprint", function () {
      themeBeforePrint = root.getAttribute("data-theme");
      root.setAttribute("data-theme", "light");
    });
    window.addEventListener("afterprint", function () {
      if (themeBeforePrint) root.setAttribute("data-theme", themeBeforePrint);
    });
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    // Fallback for plain-http origins (e.g. a LAN preview), where the Clipboard API is unavailable.
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try {
        ok = document.execCommand("copy");
      } catch (e) {
        ok = false;
      }
      document.body.removeChild(area);
      if (ok) resolve();
      else reject(new Error("copy failed"));
    });
  }

  function setupCopyButtons() {
    var blocks = document.querySelectorAll("pre.code");
    Array.prototype.forEach.call(blocks, function (pre) {
      var code = pre.querySelector("code");
      if (!code || pre.parentNode.classList.contains("code-block")) return;
      var wrapper = document.createElement("div");
      wrapper.className = "code-block";
      pre.parentNode.insertBefore(wrapper, pre);
      wrapper.appendChild(pre);
      var button = document.createElement("button");
      button.type = "button";
      button.className = "copy-button";
      button.textContent = "Copy";
      var lang = pre.getAttribute("data-lang");
      button.setAttribute("aria-label", lang ? "Copy " + lang + " code" : "Copy code");
      var timer = null;
      button.addEventListener("click", function () {
        copyText(code.innerText.replace(/\n$/, "")).then(
          function () {
            showCopyResult(button, "Copied", true);
          },
          function () {
            showCopyResult(button, "Press Ctrl+C", false);
            selectContents(code);
          }
        );
        clearTimeout(timer);
        timer = setTimeout(function () {
          button.textContent = "Copy";
          button.removeAttribute("data-copied");
        }, 2000);
      });
      wrapper.appendChild(button);
    });
  }

  // One polite live region tells screen-reader users what a copy button did (the button's own
  // label stays "Copy ... code").
  var statusRegion = null;

  function announce(text) {
    if (!statusRegion) {
      statusRegion = document.createElement("div");
      statusRegion.className = "visually-hidden";
      statusRegion.setAttribute("role", "status");
      (document.querySelector("main") || document.body).appendChild(statusRegion);
    }
    statusRegion.textContent = "";
    setTimeout(function () {
      statusRegion.textContent = text;
    }, 50);
  }

  function showCopyResult(button, text, ok) {
    button.textContent = text;
    announce(ok ? "Code copied to the clipboard" : "Copy failed; the code is selected, press Ctrl+C");
    if (ok) button.setAttribute("data-copied", "");
  }

  function selectContents(node) {
    var range = document.createRange();
    range.selectNodeContents(node);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function setupMenu() {
    var toggle = document.getElementById("nav-toggle");
    var sidebar = document.getElementById("site-nav");
    if (!toggle || !sidebar) return;
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && toggle.checked) {
        toggle.checked = false;
        toggle.focus();
      }
    });
    sidebar.addEventListener("click", function (event) {
      if (event.target.closest && event.target.closest("a")) toggle.checked = false;
    });
    // Keep the current page visible in a long sidebar without moving the page itself.
    var current = sidebar.querySelector('[aria-current="page"]');
    if (current && sidebar.scrollHeight > sidebar.clientHeight) {
      var offset = current.offsetTop - sidebar.clientHeight / 3;
      if (offset > 0) sidebar.scrollTop = offset;
    }
  }

  // A region that scrolls sideways must be reachable by keyboard (WCAG 2.1.1), but only when it
  // actually overflows: otherwise it would be a useless tab stop.
  function updateScrollables() {
    var nodes = document.querySelectorAll("pre.code, .table-wrap, figure.diagram");
    var tableNumber = 0;
    Array.prototype.forEach.call(nodes, function (node) {
      var isTable = node.classList.contains("table-wrap");
      if (isTable) tableNumber += 1;
      var overflows = node.scrollWidth > node.clientWidth + 1;
      if (overflows && !node.hasAttribute("tabindex")) {
        node.setAttribute("tabindex", "0");
        node.setAttribute("data-scroll-focus", "");
        if (isTable) {
          // Landmarks need distinct names, hence the number.
          node.setAttribute("role", "region");
          node.setAttribute("aria-label", "Table " + tableNumber + " (scrolls sideways)");
        }
      } else if (!overflows && node.hasAttribute("data-scroll-focus")) {
        node.removeAttribute("tabindex");
        node.removeAttribute("data-scroll-focus");
        if (isTable) {
          node.removeAttribute("role");
          node.removeAttribute("aria-label");
        }
      }
    });
  }

  function setupScrollables() {
    updateScrollables();
    var pending = null;
    window.addEventListener("resize", function () {
      clearTimeout(pending);
      pending = setTimeout(updateScrollables, 150);
    });
  }

  function setupTocHighlight() {
    var links = document.querySelectorAll(".toc a[href^='#']");
    if (!links.length || !("IntersectionObserver" in window)) return;
    var byId = {};
    var headings = [];
    Array.prototype.forEach.call(links, function (link) {
      var id = decodeURIComponent(link.getAttribute("href").slice(1));
      var heading = document.getElementById(id);
      if (heading) {
        byId[id] = link;
        headings.push(heading);
      }
    });
    var visible = {};
    function mark() {
      var active = null;
      for (var i = 0; i < headings.length; i++) {
        if (visible[headings[i].id]) {
          active = headings[i].id;
          break;
        }
      }
      if (!active) return;
      Array.prototype.forEach.call(links, function (link) {
        link.classList.toggle("is-active", link === byId[active]);
      });
    }
    var observer = new IntersectionObserver(
      function (entries) {
        entries.forEach(function (entry) {
          visible[entry.target.id] = entry.isIntersecting;
        });
        mark();
      },
      { rootMargin: "-56px 0px -55% 0px" }
    );
    headings.forEach(function (heading) {
      observer.observe(heading);
    });
  }

  // Task-list checkboxes are read-only markers; give them a name so assistive technology does not
  // announce an unlabelled form control.
  function labelTaskMarkers() {
    var boxes = document.querySelectorAll(".prose li > input[type='checkbox'][disabled]");
    Array.prototype.forEach.call(boxes, function (box) {
      if (!box.hasAttribute("aria-label") && !box.labels.length) {
        box.setAttribute("aria-label", box.checked ? "Done" : "Not done");
      }
    });
  }

  // Wide diagrams are scaled down to fit the column, which can make their labels small. This offers
  // the drawing at its natural size in a modal dialog (the SVG element itself is moved there and back,
  // so its ids stay unique).
  function setupDiagramViewer() {
    var figures = document.querySelectorAll("figure.diagram");
    if (!figures.length || typeof HTMLDialogElement === "undefined") return;
    Array.prototype.forEach.call(figures, function (figure) {
      var svg = figure.querySelector(":scope > svg");
      var natural = svg ? parseFloat(svg.getAttribute("width")) : NaN;
      if (!svg || !(natural > 0)) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "diagram-expand";
      button.textContent = "View full size";
      button.hidden = true;
      figure.appendChild(button);
      figure.diagramNaturalWidth = natural;
      button.addEventListener("click", function () {
        openDiagram(figure, svg, natural);
      });
    });
    updateDiagramButtons();
    window.addEventListener("resize", function () {
      clearTimeout(updateDiagramButtons.pending);
      updateDiagramButtons.pending = setTimeout(updateDiagramButtons, 150);
    });
  }

  function updateDiagramButtons() {
    var buttons = document.querySelectorAll("figure.diagram > .diagram-expand");
    Array.prototype.forEach.call(buttons, function (button) {
      var figure = button.parentNode;
      var svg = figure.querySelector(":scope > svg");
      if (!svg) return;
      // Only when the drawing is noticeably scaled down; at natural size (phones scroll the figure
      // instead) the dialog would show nothing more.
      button.hidden = !(svg.getBoundingClientRect().width < figure.diagramNaturalWidth * 0.95);
    });
  }

  function openDiagram(figure, svg, natural) {
    var caption = figure.querySelector("figcaption");
    var titleText = caption ? caption.textContent : (svg.querySelector("title") || {}).textContent || "Diagram";
    var dialog = document.createElement("dialog");
    dialog.className = "diagram-dialog";
    var bar = document.createElement("div");
    bar.className = "diagram-dialog-bar";
    var heading = document.createElement("h2");
    heading.className = "diagram-dialog-title";
    heading.id = "diagram-dialog-title";
    heading.textContent = titleText;
    var close = document.createElement("button");
    close.type = "button";
    close.className = "diagram-dialog-close";
    close.textContent = "Close";
    bar.appendChild(heading);
    bar.appendChild(close);
    var body = document.createElement("div");
    // "diagram" carries the drawing's colour variables (set on .diagram by diagrams.css).
    body.className = "diagram-dialog-body diagram";
    body.setAttribute("tabindex", "0");
    dialog.setAttribute("aria-labelledby", heading.id);
    dialog.appendChild(bar);
    dialog.appendChild(body);
    var placeholder = document.createComment("diagram");
    svg.parentNode.insertBefore(placeholder, svg);
    body.appendChild(svg);
    svg.style.width = natural + "px";
    svg.style.maxWidth = "none";
    document.body.appendChild(dialog);
    close.addEventListener("click", function () {
      dialog.close();
    });
    dialog.addEventListener("click", function (event) {
      if (event.target === dialog) dialog.close();
    });
    dialog.addEventListener("close", function () {
      svg.style.width = "";
      svg.style.maxWidth = "";
      placeholder.parentNode.insertBefore(svg, placeholder);
      placeholder.parentNode.removeChild(placeholder);
      document.body.removeChild(dialog);
      var opener = figure.querySelector(":scope > .diagram-expand");
      if (opener) opener.focus();
    });
    dialog.showModal();
    close.focus();
  }

  // Tab sets (<div class="tabs"> of panels, each after its .tab-label): without JavaScript every
  // panel shows under its label; here they become a WAI-ARIA tab list (roving tabindex, arrow keys,
  // Home/End). The chosen label is kept per group in localStorage, so every set of the group, on
  // this page and the next, shows it.
  var TAB_KEY = "infrabook-tab:";
  var tabSets = [];

  function storedTab(group) {
    try {
      return localStorage.getItem(TAB_KEY + group);
    } catch (e) {
      return null;
    }
  }

  function selectTab(set, index, focus) {
    set.tabs.forEach(function (tab, i) {
      var chosen = i === index;
      tab.setAttribute("aria-selected", chosen ? "true" : "false");
      tab.tabIndex = chosen ? 0 : -1;
      set.panels[i].hidden = !chosen;
    });
    if (focus) set.tabs[index].focus();
  }

  function chooseLabel(group, label) {
    try {
      localStorage.setItem(TAB_KEY + group, label);
    } catch (e) {
      // Storage refused (private mode): the choice lasts for this page only.
    }
    tabSets.forEach(function (set) {
      var index = set.labels.indexOf(label);
      if (set.group === group && index >= 0) selectTab(set, index, false);
    });
  }

  function onTabKey(set, event) {
    var count = set.tabs.length;
    var current = set.tabs.indexOf(event.currentTarget);
    var next = {
      ArrowRight: (current + 1) % count,
      ArrowLeft: (current - 1 + count) % count,
      Home: 0,
      End: count - 1,
    }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    selectTab(set, next, true);
    chooseLabel(set.group, set.labels[next]);
  }

  function setupTabSet(root, number) {
    var panels = Array.prototype.slice.call(root.querySelectorAll(":scope > .tab-panel"));
    if (panels.length === 0) return;
    var list = document.createElement("div");
    list.className = "tab-list";
    list.setAttribute("role", "tablist");
    var set = { group: root.dataset.tabGroup || "", labels: [], tabs: [], panels: panels };
    panels.forEach(function (panel, i) {
      var label = panel.dataset.tabLabel || String(i + 1);
      var id = "tabs-" + number + "-" + (i + 1);
      var tab = document.createElement("button");
      tab.type = "button";
      tab.className = "tab";
      tab.id = id + "-tab";
      tab.textContent = label;
      tab.setAttribute("role", "tab");
      tab.setAttribute("aria-controls", id);
      tab.addEventListener("click", function () {
        selectTab(set, i, false);
        chooseLabel(set.group, label);
      });
      tab.addEventListener("keydown", function (event) {
        onTabKey(set, event);
      });
      panel.id = id;
      panel.setAttribute("role", "tabpanel");
      panel.setAttribute("aria-labelledby", tab.id);
      panel.tabIndex = 0;
      list.appendChild(tab);
      set.labels.push(label);
      set.tabs.push(tab);
    });
    root.insertBefore(list, root.firstChild);
    root.classList.add("tabs-ready");
    tabSets.push(set);
    var stored = storedTab(set.group);
    var index = stored === null ? -1 : set.labels.indexOf(stored);
    selectTab(set, index < 0 ? 0 : index, false);
  }

  // A link to a tab's label (`#__tabbed_1_2`, or the label's slug as pymdownx.tabbed names it)
  // opens that tab and brings its tab list into view: the label itself is hidden in a tab list.
  function openLinkedTab() {
    var target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (!target || !target.classList.contains("tab-label")) return;
    tabSets.forEach(function (set) {
      var index = set.panels.indexOf(target.parentNode);
      if (index < 0) return;
      selectTab(set, index, false);
      set.tabs[index].scrollIntoView();
    });
  }

  function setupTabs() {
    var roots = document.querySelectorAll(".tabs");
    for (var i = 0; i < roots.length; i++) setupTabSet(roots[i], i + 1);
    if (tabSets.length === 0) return;
    openLinkedTab();
    window.addEventListener("hashchange", openLinkedTab);
  }

  function start() {
    labelTaskMarkers();
    setupThemeToggle();
    setupCopyButtons();
    setupMenu();
    setupScrollables();
    setupTocHighlight();
    setupDiagramViewer();
    setupTabs();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
