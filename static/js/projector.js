// The projector pages of live dot-votes, polls and audience questions, and the staff pages that
// steer them.
//
// The projected page has no buttons. It shows one of two views - the way in (QR code, address,
// code) or the result - switched by a key (M, E; space, arrows and page keys of a presenter
// remote toggle), by the staff page on any device (the state it follows carries the staff's last
// choice, `projector`, applied once; live/projector.py), or by the address (#mitmachen, #ergebnis); it turns to the result by itself when the
// facilitator closes or reveals a dot-vote or asks a poll's next question. F or a double click
// toggles full screen. It never scrolls: the code shrinks until it fits on one line, and a list
// longer than the screen shows as many items as fit and turns its pages every few seconds
// ("Seite 1/2"; P holds and releases the page).
//
// The dot-vote projector polls results.json every half second with If-None-Match (live.js), so
// an unchanged result costs a bodyless 304, and redraws the ranking in place when it changed.
// The poll projector is followed by polls.js; the pages here follow whatever it swaps in.
(function () {
  "use strict";

  const VIEWS = ["join", "results"];
  const HASHES = { join: "mitmachen", results: "ergebnis" };
  const PAGE_SECONDS = 8;

  // --- The projected page ----------------------------------------------------------------------

  // Shrink an element's font until its one line fits its box (the CSS guess is close already).
  function fitOneLine(el) {
    if (!el || !el.clientWidth) return;
    el.style.fontSize = "";
    let size = parseFloat(window.getComputedStyle(el).fontSize);
    for (let i = 0; i < 40 && el.scrollWidth > el.clientWidth && size > 8; i += 1) {
      size *= 0.94;
      el.style.fontSize = size + "px";
    }
  }

  // Pages of a list: as many items as its box holds, one page after the other. A list that is
  // a little too long is set smaller first (down to four fifths of its size) rather than paged.
  const SCALES = [1, 0.9, 0.8];
  function pager(panel, selector, indicator) {
    let pages = [];
    let current = 0;
    let paused = false;

    function items(list) {
      return Array.prototype.slice.call(list.children);
    }

    function show(list) {
      const all = items(list);
      const range = pages[current] || [0, all.length];
      all.forEach(function (item, i) {
        item.toggleAttribute("data-off-page", i < range[0] || i >= range[1]);
      });
      list.style.counterReset = "rank " + range[0];
      const template = paused ? indicator.dataset.textPaused : indicator.dataset.text;
      const text = pages.length > 1
        ? template.replace("{page}", current + 1).replace("{pages}", pages.length)
        : "";
      // Only a change: the observer of the panel would lay the pages out again.
      if (indicator.textContent !== text) indicator.textContent = text;
    }

    function layout() {
      const list = panel.querySelector(selector);
      pages = [];
      if (!list) {
        if (indicator.textContent) indicator.textContent = "";
        return;
      }
      const all = items(list);
      all.forEach(function (item) {
        item.removeAttribute("data-off-page");
      });
      const room = list.clientHeight;
      if (!all.length || list.hidden || !room) {
        show(list);
        return;
      }
      const last = all[all.length - 1];
      const scale = SCALES.filter(function (factor) {
        list.style.fontSize = factor === 1 ? "" : factor + "em";
        return last.offsetTop + last.offsetHeight <= room;
      })[0];
      // Nothing fits it all: page at the full size, which reads best from the back.
      list.style.fontSize = scale && scale !== 1 ? scale + "em" : "";
      let start = 0;
      while (start < all.length) {
        all.forEach(function (item, i) {
          item.toggleAttribute("data-off-page", i < start);
        });
        let end = start + 1; // at least one item a page, even one taller than the screen
        while (end < all.length && all[end].offsetTop + all[end].offsetHeight <= room) end += 1;
        pages.push([start, end]);
        start = end;
      }
      if (current >= pages.length) current = 0;
      show(list);
    }

    window.setInterval(function () {
      const list = panel.querySelector(selector);
      if (!list || pages.length < 2 || panel.hidden || paused) return;
      current = (current + 1) % pages.length;
      show(list);
    }, PAGE_SECONDS * 1000);

    // Moving content stops on request (WCAG 2.2.2): P holds the page on the screen, P again goes on.
    function togglePause() {
      paused = !paused;
      const list = panel.querySelector(selector);
      if (list) show(list);
    }

    return { layout: layout, togglePause: togglePause };
  }

  function setUpScreen(screen) {
    const panels = screen.querySelectorAll("[data-view-panel]");
    const code = screen.querySelector(".projector-code");
    const hint = screen.querySelector("[data-keys-hint]");
    const results = screen.querySelector('[data-view-panel="results"]');
    const indicator = results.querySelector("[data-pager]");
    const lists = pager(
      results,
      "[data-ranking], .poll-result, .poll-texts, .audience-list",
      indicator
    );
    let command = screen.dataset.projectorCommand || "";
    let queued = false;

    function relayout() {
      if (queued) return;
      queued = true;
      window.requestAnimationFrame(function () {
        queued = false;
        if (screen.dataset.view === "join") fitOneLine(code);
        else lists.layout();
      });
    }

    function setView(view) {
      if (VIEWS.indexOf(view) === -1) return;
      screen.dataset.view = view;
      panels.forEach(function (panel) {
        panel.hidden = panel.dataset.viewPanel !== view;
      });
      if (window.history.replaceState) window.history.replaceState(null, "", "#" + HASHES[view]);
      relayout();
    }

    function toggleFullscreen() {
      if (document.fullscreenElement) {
        document.exitFullscreen();
      } else if (document.documentElement.requestFullscreen) {
        document.documentElement.requestFullscreen().catch(function () {});
      }
    }

    let hintTimer = null;
    function showHint(seconds) {
      hint.classList.add("is-shown");
      window.clearTimeout(hintTimer);
      hintTimer = window.setTimeout(function () {
        hint.classList.remove("is-shown");
      }, seconds * 1000);
    }

    document.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.altKey || event.metaKey) return;
      const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
      const other = screen.dataset.view === "join" ? "results" : "join";
      const actions = {
        m: function () { setView("join"); },
        e: function () { setView("results"); },
        f: toggleFullscreen,
        p: lists.togglePause,
        " ": function () { setView(other); },
        ArrowRight: function () { setView(other); },
        ArrowLeft: function () { setView(other); },
        PageDown: function () { setView(other); },
        PageUp: function () { setView(other); },
      };
      if (!actions[key]) return;
      event.preventDefault();
      actions[key]();
      showHint(3);
    });
    document.addEventListener("dblclick", toggleFullscreen);
    document.addEventListener("mousemove", function () { showHint(3); });
    window.addEventListener("resize", relayout);
    if (document.fonts && document.fonts.ready) document.fonts.ready.then(relayout);
    // New rows (the dot-vote's script, polls.js swapping the question): page them again.
    new MutationObserver(relayout).observe(results, { childList: true, subtree: true });

    // The staff's choice from their page ("view@time"): applied once, when it is new.
    function follow(chosen) {
      if (!chosen || chosen === command) return;
      command = chosen;
      setView(chosen.split("@")[0]);
    }
    document.addEventListener("portal:projector-command", function (event) {
      follow(event.detail);
    });

    function fromAddress() {
      return Object.keys(HASHES).filter(function (view) {
        return window.location.hash === "#" + HASHES[view];
      })[0];
    }
    window.addEventListener("hashchange", function () {
      if (fromAddress()) setView(fromAddress());
    });
    setView(fromAddress() || screen.dataset.view);
    showHint(6);

    // A poll's next question is for the room: it replaces the way in (polls.js swaps the part).
    let question = results.querySelector("#question-heading");
    new MutationObserver(function () {
      const now = results.querySelector("#question-heading");
      const moved = now && question && now !== question && now.textContent !== question.textContent;
      question = now;
      if (moved) setView("results");
    }).observe(results, { childList: true, subtree: true });
    return { setView: setView, follow: follow };
  }

  // --- The dot-vote's ranking on the projector -------------------------------------------------

  function setUpDotVote(root, view) {
    const ranking = root.querySelector("[data-ranking]");
    const hiddenNote = root.querySelector("[data-hidden-note]");
    const unranked = root.querySelector("[data-unranked]");
    const template = document.getElementById("ranking-row-template");
    const connection = root.querySelector("[data-connection]");
    const statusLabels = {
      draft: root.dataset.labelDraft,
      open: root.dataset.labelOpen,
      closed: root.dataset.labelClosed,
      published: root.dataset.labelPublished,
    };

    function setText(selector, value) {
      const el = root.querySelector(selector);
      if (el) el.textContent = String(value);
    }

    function row(item, top) {
      const li = template.content.firstElementChild.cloneNode(true);
      li.dataset.item = item.id;
      li.querySelector("[data-title]").textContent = item.title;
      const total = item.dots + item.paper;
      li.querySelector("[data-total]").textContent = String(total);
      li.querySelector("[data-total-unit]").textContent =
        total === 1 ? root.dataset.dotsOne : root.dataset.dotsOther;
      li.querySelector("[data-live]").textContent = String(item.dots);
      li.querySelector("[data-paper]").textContent = String(item.paper);
      li.querySelector("[data-detail]").hidden = !item.paper;
      li.querySelector("[data-voters]").textContent = String(item.voters);
      li.querySelector("[data-voters-unit]").textContent =
        item.voters === 1 ? root.dataset.unitOne : root.dataset.unitOther;
      li.querySelector("[data-bar-live]").style.width = (top ? (100 * item.dots) / top : 0) + "%";
      li.querySelector("[data-bar-paper]").style.width = (top ? (100 * item.paper) / top : 0) + "%";
      return li;
    }

    let before = { status: root.dataset.status, hidden: root.dataset.hidden === "true" };
    function render(data) {
      // Closed or revealed by the facilitator: the room sees the result.
      const over = data.status !== before.status && ["closed", "published"].indexOf(data.status) !== -1;
      if (view && !data.hidden && (over || before.hidden)) view.setView("results");
      if (view) view.follow(data.projector);
      before = { status: data.status, hidden: data.hidden };
      root.dataset.status = data.status; // over: the way in leaves the screen (projector.css)
      setText("[data-participants]", data.participants);
      setText("[data-voters-total]", data.voters);
      setText("[data-dots-total]", data.dots_total);
      if (statusLabels[data.status]) setText("[data-status-label]", statusLabels[data.status]);
      const showNumbers = !data.hidden && data.items.every(function (item) { return "dots" in item; });
      hiddenNote.hidden = showNumbers;
      ranking.hidden = !showNumbers;
      if (showNumbers) {
        // Items without dots are only counted: forty zero rows would push the ranking off screen.
        const ranked = data.items.filter(function (item) { return item.dots + item.paper > 0; });
        const top = ranked.length ? ranked[0].dots + ranked[0].paper : 0;
        ranking.replaceChildren.apply(ranking, ranked.map(function (item) { return row(item, top); }));
        const rest = data.items.length - ranked.length;
        const text = rest === 1 ? root.dataset.textUnrankedOne : root.dataset.textUnrankedOther;
        unranked.textContent = (text || "{n}").replace("{n}", String(rest));
        unranked.hidden = rest === 0;
      } else {
        ranking.replaceChildren();
        unranked.hidden = true;
      }
    }

    window.portalLive.poll({
      url: root.dataset.resultsUrl,
      interval: Number(root.dataset.interval) || 500,
      onData: render,
      onConnection: function (ok, failures) {
        connection.textContent = ok || failures <= 2 ? "" : root.dataset.textOffline || "Keine Verbindung";
      },
    });
  }

  // --- The staff pages -------------------------------------------------------------------------

  // The dot-vote's buttons follow its state, also when another device changed it.
  function setUpDotVoteStaff(root) {
    const connection = root.querySelector("[data-connection]");
    const labels = {
      draft: root.dataset.labelDraft,
      open: root.dataset.labelOpen,
      closed: root.dataset.labelClosed,
      published: root.dataset.labelPublished,
    };
    window.portalLive.poll({
      url: root.dataset.staffResultsUrl,
      interval: Number(root.dataset.interval) || 1000,
      onData: function (data) {
        const numbers = {
          "[data-participants]": data.participants,
          "[data-voters-total]": data.voters,
          "[data-dots-total]": data.dots_total,
          "[data-status-label]": labels[data.status] || data.status,
        };
        Object.keys(numbers).forEach(function (selector) {
          const el = root.querySelector(selector);
          if (el) el.textContent = String(numbers[selector]);
        });
        root.querySelectorAll("form[data-when]").forEach(function (form) {
          const statusFits = form.dataset.when.split(" ").indexOf(data.status) !== -1;
          const hiddenFits = !form.dataset.whenHidden || form.dataset.whenHidden === String(data.hidden);
          form.hidden = !(statusFits && hiddenFits);
        });
      },
      onConnection: function (ok, failures) {
        connection.textContent = ok || failures <= 2 ? "" : root.dataset.textOffline || "Keine Verbindung";
      },
    });
  }

  const screen = document.querySelector("[data-projector-screen]");
  const view = screen ? setUpScreen(screen) : null;
  const live = window.fetch && window.portalLive;
  const dotVote = document.querySelector("[data-projector-screen][data-results-url]");
  if (dotVote && live) setUpDotVote(dotVote, view);
  const staff = document.querySelector("[data-staff-results-url]");
  if (staff && live) setUpDotVoteStaff(staff);
})();
