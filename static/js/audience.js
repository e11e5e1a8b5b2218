// Audience questions. The phone page and the projector poll state.json through live.js (ETag /
// 304) and redraw the list of released questions from it, with the row the server rendered into
// a <template> (the markup exists once, in the templates). Questions and upvotes are sent in
// place; the phone keeps which questions this browser upvoted, and shows its own questions that
// wait for the moderation until they are released. The staff page fetches its list again when it
// changed and swaps it while none of its buttons has the focus. Without this script every form
// posts normally (post/redirect/get).
(function () {
  "use strict";

  if (!window.fetch || !window.portalLive) return;

  function unit(root, votes) {
    return votes === 1 ? root.dataset.unitOne : root.dataset.unitOther;
  }

  function connectionShown(root) {
    const connection = root.querySelector("[data-connection]");
    return function (ok, failures) {
      if (connection) connection.textContent = ok || failures <= 2 ? "" : root.dataset.textOffline || "";
    };
  }

  // A form posted in place: its JSON answer, with whether it was accepted.
  function send(form) {
    return fetch(form.action, {
      method: "POST",
      body: new URLSearchParams(new FormData(form)),
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    }).then(function (response) {
      return response
        .json()
        .catch(function () {
          return {};
        })
        .then(function (data) {
          return { ok: response.ok, data: data };
        });
    });
  }

  // --- The phone -------------------------------------------------------------------------------

  function setUpParticipant(root) {
    const list = root.querySelector("[data-questions]");
    const empty = root.querySelector("[data-empty]");
    const errorEl = root.querySelector("[data-error]");
    const template = document.getElementById("audience-row");
    const announcer = document.getElementById("audience-announcer");
    const mine = new Set((root.dataset.mine || "").split(",").filter(Boolean).map(Number));
    // This participant's questions that the room does not see yet (only they are shown them).
    const waitingSection = root.querySelector("[data-waiting-section]");
    const waitingList = root.querySelector("[data-waiting-list]");
    const waitingTemplate = document.getElementById("audience-waiting-row");
    let last = null;

    function waitingAdd(id, text) {
      if (!waitingList || !waitingTemplate) return;
      const li = waitingTemplate.content.firstElementChild.cloneNode(true);
      li.dataset.waiting = String(id);
      li.querySelector("[data-text]").textContent = text;
      waitingList.appendChild(li);
      waitingSection.hidden = false;
    }

    // A waiting question that the moderation released moves to the room's list; one that it
    // hid says so (state.json names the hidden questions, without their texts).
    function waitingModerated(questions, hidden) {
      if (!waitingList) return;
      const released = new Set(questions.map(function (q) { return String(q.id); }));
      const notReleased = new Set((hidden || []).map(String));
      Array.prototype.slice.call(waitingList.children).forEach(function (li) {
        if (released.has(li.dataset.waiting)) li.remove();
        else if (notReleased.has(li.dataset.waiting)) {
          li.querySelector("[data-waiting-status]").textContent = waitingSection.dataset.hiddenLabel;
        }
      });
      waitingSection.hidden = waitingList.children.length === 0;
    }

    function announce(text) {
      if (!announcer || !text) return;
      announcer.textContent = "";
      window.setTimeout(function () {
        announcer.textContent = text;
      }, 50);
    }

    function fill(li, question, pinned) {
      const id = String(question.id);
      li.id = "frage-" + id;
      li.dataset.question = id;
      li.classList.toggle("is-answered", question.answered);
      const text = li.querySelector("[data-text]");
      text.id = "frage-" + id + "-text";
      text.textContent = question.text;
      li.querySelector("[data-pinned]").hidden = question.id !== pinned;
      li.querySelector("[data-answered]").hidden = !question.answered;
      li.querySelector("[data-votes]").textContent = String(question.votes);
      li.querySelector("[data-votes-unit]").textContent = unit(root, question.votes);
      const form = li.querySelector("form");
      if (form) {
        const upvoted = mine.has(question.id);
        form.querySelector("[name=question]").value = id;
        form.querySelector("[name=upvoted]").value = upvoted ? "0" : "1";
        const button = form.querySelector("button");
        button.setAttribute("aria-pressed", String(upvoted));
        button.setAttribute("aria-describedby", text.id);
      }
    }

    function render(data) {
      last = data;
      if (data.status !== root.dataset.status) {
        // Started or finished: the page with or without the question form.
        window.location.reload();
        return;
      }
      waitingModerated(data.questions, data.hidden);
      const focused = document.activeElement && list.contains(document.activeElement)
        ? document.activeElement.closest("li").dataset.question
        : null;
      const rows = data.questions.map(function (question) {
        let li = list.querySelector('li[data-question="' + question.id + '"]');
        if (!li) li = template.content.firstElementChild.cloneNode(true);
        fill(li, question, data.pinned);
        return li;
      });
      // Rows are moved, not rebuilt: a button that has the focus keeps it.
      rows.forEach(function (li, i) {
        if (list.children[i] !== li) list.insertBefore(li, list.children[i] || null);
      });
      while (list.children.length > rows.length) list.lastElementChild.remove();
      empty.hidden = rows.length > 0;
      if (focused) {
        const again = list.querySelector('li[data-question="' + focused + '"] button');
        if (again && document.activeElement !== again) again.focus();
      }
    }

    const live = window.portalLive.poll({
      url: root.dataset.stateUrl,
      interval: Number(root.dataset.interval) || 2000,
      pauseWhenHidden: true,
      onData: render,
      onGone: function () {
        errorEl.textContent = root.dataset.textGone;
      },
    });

    // A question is sent in place: the page stays where it is, the text field empties.
    const askForm = root.querySelector("form.audience-ask");
    if (askForm) {
      askForm.addEventListener("submit", function (event) {
        event.preventDefault();
        const askError = askForm.querySelector("[data-ask-error]");
        const saved = askForm.querySelector("[data-ask-saved]");
        askError.textContent = "";
        saved.textContent = "";
        send(askForm).then(function (answer) {
          const field = askForm.querySelector("textarea");
          if (!answer.ok) {
            askError.textContent = answer.data.error || root.dataset.textOffline;
            field.setAttribute("aria-invalid", "true");
            return;
          }
          field.removeAttribute("aria-invalid");
          if (answer.data.status === "pending") waitingAdd(answer.data.question, field.value.trim());
          field.value = "";
          saved.textContent = answer.data.message;
          announce(answer.data.message);
          live.now();
        }).catch(function () {
          askError.textContent = root.dataset.textOffline;
        });
      });
    }

    // A refused or failed upvote says why in the row of the question, seen and heard.
    function rowError(form, text) {
      list.querySelectorAll("[data-row-error]").forEach(function (p) { p.textContent = ""; });
      const p = form.closest("li").querySelector("[data-row-error]");
      if (p) p.textContent = text || "";
      if (text) announce(text);
    }

    list.addEventListener("submit", function (event) {
      const form = event.target.closest("form.audience-upvote");
      if (!form) return;
      event.preventDefault();
      errorEl.textContent = "";
      rowError(form, "");
      send(form)
        .then(function (answer) {
          if (!answer.ok) {
            rowError(form, answer.data.error || root.dataset.textOffline);
            live.now();
            return;
          }
          const question = answer.data.question;
          if (answer.data.upvoted) mine.add(question);
          else mine.delete(question);
          if (last) {
            last.questions.forEach(function (q) {
              if (q.id === question) q.votes = answer.data.votes;
            });
            render(last);
          }
          announce(answer.data.message);
          live.now();
        })
        .catch(function () {
          rowError(form, root.dataset.textOffline);
        });
    });
  }

  // --- The projector ---------------------------------------------------------------------------

  function setUpProjector(root) {
    const list = root.querySelector("[data-list]");
    const empty = root.querySelector("[data-empty]");
    const template = document.getElementById("audience-projector-row");
    const pinnedBox = root.querySelector("[data-pinned-box]");
    const top = Number(root.dataset.top) || 10;
    const labels = {
      draft: root.dataset.labelDraft,
      live: root.dataset.labelLive,
      finished: root.dataset.labelFinished,
    };

    function render(data) {
      root.dataset.status = data.status; // over: the way in leaves the screen (projector.css)
      // The projector's view chosen on the staff page (projector.js applies it).
      if (data.projector) {
        document.dispatchEvent(new CustomEvent("portal:projector-command", { detail: data.projector }));
      }
      const status = root.querySelector("[data-status-label]");
      if (status && labels[data.status]) status.textContent = labels[data.status];
      const pinned = data.questions.filter(function (q) { return q.id === data.pinned; })[0];
      pinnedBox.hidden = !pinned;
      if (!pinned) {
        // Hidden by the moderation: its text leaves the page, not only the screen.
        pinnedBox.querySelector("[data-pinned-text]").textContent = "";
      } else {
        const old = pinnedBox.querySelector("[data-pinned-text]");
        if (old.textContent !== pinned.text) {
          // A new node: projector.js turns to the questions when the heading is replaced.
          const text = old.cloneNode(false);
          text.textContent = pinned.text;
          old.replaceWith(text);
        }
        pinnedBox.querySelector("[data-pinned-votes]").textContent = String(pinned.votes);
        pinnedBox.querySelector("[data-pinned-unit]").textContent = unit(root, pinned.votes);
      }
      const others = data.questions.filter(function (q) { return q.id !== data.pinned; }).slice(0, top);
      list.replaceChildren.apply(
        list,
        others.map(function (question) {
          const li = template.content.firstElementChild.cloneNode(true);
          li.dataset.question = String(question.id);
          li.classList.toggle("is-answered", question.answered);
          li.querySelector("[data-text]").textContent = question.text;
          li.querySelector("[data-votes]").textContent = String(question.votes);
          li.querySelector("[data-votes-unit]").textContent = unit(root, question.votes);
          li.querySelector("[data-answered]").hidden = !question.answered;
          return li;
        })
      );
      empty.hidden = others.length > 0 || Boolean(pinned);
    }

    window.portalLive.poll({
      url: root.dataset.stateUrl,
      interval: Number(root.dataset.interval) || 1000,
      onData: render,
      onConnection: connectionShown(root),
    });
  }

  // --- The staff page --------------------------------------------------------------------------

  function setUpStaff(root) {
    window.portalLive.moderatedList(root, {
      part: '[data-part="staff"]',
      interval: 1500,
      swap: function (html) {
        const part = root.querySelector('[data-part="staff"]');
        const holder = document.createElement("template");
        holder.innerHTML = html;
        const fresh = holder.content.querySelector('[data-part="staff"]');
        if (part && fresh) part.replaceWith(fresh);
      },
    });
  }

  const participant = document.getElementById("audience");
  if (participant) setUpParticipant(participant);
  const projector = document.querySelector("[data-audience-projector]");
  if (projector) setUpProjector(projector);
  const staff = document.querySelector("[data-audience-staff]");
  if (staff) setUpStaff(staff);
})();
