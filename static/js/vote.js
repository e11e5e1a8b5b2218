// Participant page of a live dot-vote: − / + change the dots in place.
// Without this script the same forms post normally (post/redirect/get).
// Each request says the new number of dots on an item (setting, not adding), so a retry after a
// network error is harmless. One request is in flight per page: taps in between only move the
// wanted numbers, which are sent one after another. So the answers arrive in the order the
// server ran them, and the last answer's "remaining" is the truth.
(function () {
  "use strict";

  const root = document.getElementById("vote");
  if (!root || !window.fetch) return;
  const budget = Number(root.dataset.budget);
  const cap = Number(root.dataset.cap);
  const remainingEl = root.querySelector("[data-remaining]");
  const announcer = document.getElementById("vote-announcer");
  const errorEl = document.getElementById("vote-error");
  const items = new Map();
  let serverRemaining = remainingEl ? Number(remainingEl.textContent) : budget;
  let busy = false;
  let retryDelay = 1000;
  // Not open (closed meanwhile, or not yet): the buttons are off and say why.
  let notOpen = root.dataset.status !== "open";

  root.querySelectorAll("form.dots").forEach(function (form) {
    const output = form.querySelector("[data-dots]");
    const dots = Number(output.textContent);
    const item = {
      form: form,
      output: output,
      word: form.querySelector("[data-dots-word]"),
      minus: form.querySelector('[data-delta="-1"]'),
      plus: form.querySelector('[data-delta="1"]'),
      title: form.closest("li").querySelector(".vote-item-title").firstChild.textContent.trim(),
      note: form.closest("li").querySelector("[data-note]"),
      confirmed: dots,
      wanted: dots,
    };
    items.set(form.dataset.item, item);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      const button = event.submitter;
      if (!button || button.getAttribute("aria-disabled") === "true") {
        explainRefusal(item, button);
        return;
      }
      change(item, Number(button.dataset.delta));
    });
  });

  function wantedTotal() {
    let total = 0;
    items.forEach(function (item) { total += item.wanted; });
    return total;
  }

  function next() {
    for (const item of items.values()) {
      if (item.wanted !== item.confirmed) return item;
    }
    return null;
  }

  function render() {
    // While changes are under way show what the participant asked for; afterwards the server's word.
    const remaining = busy || next() ? budget - wantedTotal() : serverRemaining;
    if (remainingEl) remainingEl.textContent = String(remaining);
    items.forEach(function (item) {
      item.output.textContent = String(item.wanted);
      if (item.word) item.word.textContent = " " + plural(item.wanted, root.dataset.wordOne, root.dataset.wordOther);
      item.minus.value = String(item.wanted - 1);
      item.plus.value = String(item.wanted + 1);
      setDisabled(item.minus, notOpen || item.wanted <= 0);
      setDisabled(item.plus, notOpen || item.wanted >= cap || remaining <= 0);
    });
  }

  // aria-disabled rather than disabled: a disabled button would lose the keyboard focus.
  function setDisabled(button, disabled) {
    if (disabled) button.setAttribute("aria-disabled", "true");
    else button.removeAttribute("aria-disabled");
  }

  function announce(text) {
    if (!announcer) return;
    // Clearing first makes screen readers announce a repeated sentence again.
    announcer.textContent = "";
    window.setTimeout(function () { announcer.textContent = text; }, 50);
  }

  function showError(text) {
    if (!errorEl) return;
    errorEl.textContent = text;
    errorEl.hidden = !text;
  }

  // A refusal stands in the row of the item tapped: its note is a live region and describes the
  // item's buttons. Clearing first makes a repeated refusal be read out again.
  let noteTimer = null;

  function showNote(item, text) {
    clearNotes();
    if (!item.note) return;
    noteTimer = window.setTimeout(function () {
      item.note.textContent = text;
      // Below the button it explains: scrolled into view on a small screen.
      if (item.note.scrollIntoView) item.note.scrollIntoView({ block: "nearest" });
    }, 50);
  }

  function clearNotes() {
    window.clearTimeout(noteTimer);
    items.forEach(function (item) {
      if (item.note) item.note.textContent = "";
    });
  }

  function explainRefusal(item, button) {
    if (!button) return;
    if (notOpen) {
      showNote(item, root.dataset.textNotOpenNow || "");
      return;
    }
    if (button.dataset.delta === "-1") showNote(item, root.dataset.textNoneHere || "Hier liegt kein Punkt.");
    else if (item.wanted >= cap) showNote(item, root.dataset.textCap || "Höchstens " + cap + " pro Eintrag.");
    else showNote(item, root.dataset.textBudget || "Alle Punkte sind vergeben. Nehmen Sie zuerst woanders einen weg.");
  }

  function change(item, delta) {
    const wanted = item.wanted + delta;
    if (wanted < 0 || wanted > cap || (delta > 0 && wantedTotal() + delta > budget)) {
      explainRefusal(item, delta > 0 ? item.plus : item.minus);
      return;
    }
    showError("");
    clearNotes();
    item.wanted = wanted;
    render();
    send();
  }

  function send() {
    const item = busy ? null : next();
    if (!item) return;
    busy = true;
    const body = new URLSearchParams(new FormData(item.form));
    body.set("dots", String(item.wanted));
    fetch(item.form.action, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        return { status: response.status, ok: response.ok, data: data };
      });
    }).then(function (answer) {
      busy = false;
      if (answer.status >= 500) {
        retry(item);
        return;
      }
      retryDelay = 1000;
      if (item.retrying) {
        item.retrying = false;
        if (item.note) item.note.textContent = "";
      }
      if (answer.ok) {
        item.confirmed = answer.data.dots;
        serverRemaining = answer.data.remaining;
        showError("");
      } else {
        // Refused (closed, over budget, …): nothing changed on the server; show its state again,
        // and the reason next to the item. Not found: the vote is gone for this person (over
        // while its documentation is a draft), which concerns the whole page.
        item.wanted = item.confirmed;
        const gone = answer.status === 404 && root.dataset.textGone;
        if (gone) {
          showError(gone);
        } else {
          showError("");
          showNote(item, answer.data.error || root.dataset.textRefused || "Das ging nicht.");
        }
      }
      if (next()) {
        send();
      } else if (answer.ok) {
        announce(sentence(item));
      }
      render();
    }).catch(function () {
      busy = false;
      retry(item);
    });
  }

  // The dot waits to be sent again: said in the row of its item, until the server answers.
  function retry(item) {
    item.retrying = true;
    showNote(item, root.dataset.textOffline || "Keine Verbindung. Ihr Punkt wird gleich noch einmal gesendet.");
    window.setTimeout(send, retryDelay);
    retryDelay = Math.min(retryDelay * 2, 10000);
  }

  // The vote's state follows the server (live.js: pushed where it has a stream, else polled,
  // not while the page is in the background): a vote that closes, opens or shows its result is
  // said at the top of the page, with a link to see it, and the buttons follow.
  const stateNotice = root.querySelector("[data-state-notice]");

  function stateShown(state) {
    const open = state.status === "open" || state.status === "draft";
    const asLoaded = state.status === root.dataset.status &&
      (open || String(state.hidden) === root.dataset.hidden);
    notOpen = state.status !== "open";
    if (stateNotice) {
      stateNotice.replaceChildren();
      if (!asLoaded) {
        let text = root.dataset.textResult;
        if (state.status === "open") text = root.dataset.textOpened;
        else if (state.status === "draft") text = root.dataset.textNotOpen;
        else if (state.hidden) text = root.dataset.textClosed;
        const link = document.createElement("a");
        link.href = window.location.pathname;
        link.textContent = root.dataset.textReload || "";
        stateNotice.append((text || "") + " ", link);
      }
    }
    if (notOpen) clearNotes();
    render();
  }

  // The buttons as the vote's state allows from the start (a vote not yet open: off).
  if (items.size) render();

  if (window.portalLive && root.dataset.stateUrl) {
    window.portalLive.follow({
      url: root.dataset.stateUrl,
      streamUrl: root.dataset.eventsUrl,
      interval: Number(root.dataset.interval) || 5000,
      pauseWhenHidden: true,
      onData: stateShown,
      onGone: function () {
        // The error's place is on a page with items; a closed vote's page says it at the top.
        if (errorEl) showError(root.dataset.textGone || "");
        else if (stateNotice) stateNotice.textContent = root.dataset.textGone || "";
      },
    });
  }

  // German and English: one form for exactly 1, the other for every other number (0 too).
  function plural(n, one, other) {
    return (n === 1 ? one : other) || "";
  }

  function sentence(item) {
    const saved = plural(item.confirmed, root.dataset.textSavedOne, root.dataset.textSavedOther) || "{dots}: „{title}“.";
    const remaining = root.dataset.textRemaining || "Noch {remaining} von " + budget + ".";
    return (saved + " " + remaining)
      .replace("{dots}", String(item.confirmed))
      .replace("{title}", item.title)
      .replace("{remaining}", String(serverRemaining));
  }
})();
