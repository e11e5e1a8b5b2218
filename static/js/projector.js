// Projector of a live dot-vote: polls results.json every half second with If-None-Match (live.js),
// so an unchanged result costs a bodyless 304, and redraws the ranking in place when it changed.
(function () {
  "use strict";

  const root = document.querySelector("[data-results-url]");
  if (!root || !window.fetch || !window.portalLive) return;
  const url = root.dataset.resultsUrl;
  const interval = Number(root.dataset.interval) || 500;
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
    li.querySelector("[data-total]").textContent = String(item.dots + item.paper);
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

  function render(data) {
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
    // The facilitator's buttons follow the state, also when another device changed it.
    root.querySelectorAll("form[data-when]").forEach(function (form) {
      const statusFits = form.dataset.when.split(" ").indexOf(data.status) !== -1;
      const hiddenFits = !form.dataset.whenHidden || form.dataset.whenHidden === String(data.hidden);
      form.hidden = !(statusFits && hiddenFits);
    });
  }

  window.portalLive.poll({
    url: url,
    interval: interval,
    onData: render,
    onConnection: function (ok, failures) {
      connection.textContent = ok || failures <= 2 ? "" : root.dataset.textOffline || "Keine Verbindung";
    },
  });
})();
