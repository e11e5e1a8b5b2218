// Live polls. The participant page and the projector follow state.json through live.js: pushed
// where the server pushes (the message carries the question a phone shows), else polled (ETag /
// 304). When the question, its status or the visibility of its result changes, the page fetches
// its own fragment from the server and swaps the parts marked data-part (the markup exists once,
// in the templates); in between only the numbers are updated in place. Answers are sent in place.
// The moderation page swaps its list of texts the same way. Without this script every form
// posts normally (post/redirect/get) and a link loads the current question.
(function () {
  "use strict";

  if (!window.fetch || !window.portalLive) return;

  function fetchHtml(url) {
    return fetch(url, {
      credentials: "same-origin",
      cache: "no-store",
      headers: { Accept: "text/html" },
    }).then(function (response) {
      if (!response.ok) throw new Error(String(response.status));
      return response.text();
    });
  }

  // Replace each [data-part] of the page by the part of the same name in `html`; `only` limits
  // the swap to some names. Returns whether the keyboard focus was inside a replaced part.
  function swapParts(html, only) {
    const holder = document.createElement("template");
    holder.innerHTML = html;
    let hadFocus = false;
    holder.content.querySelectorAll("[data-part]").forEach(function (part) {
      const name = part.dataset.part;
      if (only && only.indexOf(name) === -1) return;
      const old = document.querySelector('[data-part="' + name + '"]');
      if (!old) return;
      if (old.contains(document.activeElement)) hadFocus = true;
      old.replaceWith(part);
    });
    return hadFocus;
  }

  function setNumbers(scope, data) {
    scope.querySelectorAll("[data-participants]").forEach(function (el) {
      el.textContent = String(data.participants);
    });
    const question = data.question;
    if (!question) return;
    scope.querySelectorAll("[data-respondents]").forEach(function (el) {
      el.textContent = String(question.respondents);
    });
    (question.options || []).forEach(function (option) {
      if (!("chosen" in option)) return;
      const row = scope.querySelector('[data-option="' + option.id + '"]');
      if (!row) return;
      const list = row.parentElement;
      row.querySelector("[data-chosen]").textContent = String(option.chosen);
      row.querySelector("[data-percent]").textContent = String(option.percent);
      row.querySelector("[data-bar]").style.width = option.percent + "%";
      row.querySelector("[data-unit]").textContent =
        option.chosen === 1 ? list.dataset.unitOne : list.dataset.unitOther;
    });
    // A rating scale's mean, written as the page's language writes numbers.
    if ("mean" in question) {
      scope.querySelectorAll("[data-mean]").forEach(function (el) {
        el.textContent = question.mean === null ? "–" : question.mean.toLocaleString(
          document.documentElement.lang || undefined,
          { minimumFractionDigits: 1, maximumFractionDigits: 1 }
        );
      });
    }
    const texts = scope.querySelector("[data-texts]");
    const template = scope.querySelector("template[data-text-template]");
    if (question.texts && texts && template) {
      texts.replaceChildren.apply(
        texts,
        question.texts.map(function (answer) {
          const li = template.content.firstElementChild.cloneNode(true);
          li.dataset.textId = answer.id;
          li.textContent = answer.text;
          return li;
        })
      );
      const empty = scope.querySelector("[data-texts-empty]");
      if (empty) empty.hidden = question.texts.length > 0;
    }
  }

  // Follows state.json; on a new version fetches the fragment and swaps the parts. When only the
  // visibility of the result changed, `resultParts` names the parts to swap (null: all).
  function follow(root, resultParts, onRedrawn, pauseWhenHidden, onGone) {
    let version = root.dataset.version;
    // The questions this page has shown: for any other, and for a result that appears, the
    // question as every phone sees it (rendered once for the room, data-shared-url) will do;
    // the page's own fragment, with the participant's answer, only for a question seen before.
    const seen = new Set([version.split(":")[0]]);
    let redrawing = false;
    const connection = root.querySelector("[data-connection]");
    const live = window.portalLive.follow({
      url: root.dataset.stateUrl,
      streamUrl: root.dataset.eventsUrl,
      interval: Number(root.dataset.interval) || 1000,
      pauseWhenHidden: pauseWhenHidden,
      onGone: onGone,
      onData: function (data) {
        if (data.status) root.dataset.status = data.status; // over: no way in on the projector
        // The projector's view chosen on the staff page (projector.js applies it).
        if (data.projector) {
          document.dispatchEvent(new CustomEvent("portal:projector-command", { detail: data.projector }));
        }
        if (data.version === version) {
          setNumbers(root, data);
          return;
        }
        if (redrawing) return;
        redrawing = true;
        const before = version.split(":");
        const after = data.version.split(":");
        // Same question, same status: only the result appeared or went away; keep the form as
        // it is, with whatever the participant is about to choose.
        const resultOnly = resultParts && before[0] === after[0] && before[1] === after[1];
        const shared = root.dataset.sharedUrl && (resultOnly || !seen.has(after[0]));
        // A pushed change carries the shared question: nothing to ask for.
        const html = shared && data.html ? Promise.resolve(data.html) : null;
        (html || fetchHtml(shared ? root.dataset.sharedUrl : root.dataset.fragmentUrl))
          .then(function (html) {
            const hadFocus = swapParts(html, resultOnly ? resultParts : null);
            version = data.version;
            seen.add(after[0]);
            // The shared question has no CSRF token of this browser: the page's goes in.
            const form = root.querySelector("form.poll-form");
            if (form && root.dataset.csrf && !form.querySelector("[name=csrfmiddlewaretoken]")) {
              const token = document.createElement("input");
              token.type = "hidden";
              token.name = "csrfmiddlewaretoken";
              token.value = root.dataset.csrf;
              form.prepend(token);
            }
            onRedrawn(data, { resultOnly: resultOnly, hadFocus: hadFocus });
          })
          .catch(function () {
            // The next poll sees the same new version and tries again.
          })
          .finally(function () {
            redrawing = false;
          });
      },
      onConnection: function (ok, failures) {
        if (connection) {
          connection.textContent = ok || failures <= 2 ? "" : root.dataset.textOffline || "";
        }
      },
    });
    return live;
  }

  function setUpParticipant(root) {
    const announcer = document.getElementById("poll-announcer");
    const reload = root.querySelector(".poll-reload");
    if (reload) reload.hidden = true;

    let announced = "";
    let announcedAt = 0;
    function announce(text) {
      if (!announcer || !text) return;
      // Sentences close together are read together: replacing the first would cut it off (an
      // answer saved, then its result shown). Clearing first makes screen readers announce a
      // repeated sentence again.
      const now = Date.now();
      const recent = announced && announced !== text && now - announcedAt < 2000;
      const together = recent ? announced + " " + text : text;
      announced = together;
      announcedAt = now;
      announcer.textContent = "";
      window.setTimeout(function () {
        announcer.textContent = together;
      }, 50);
    }

    // The form's own error line, next to its button (the form is swapped with each question).
    // The focus stays on the button, which the line describes; as an alert it is read out.
    function showError(text) {
      const errorEl = root.querySelector("[data-error]");
      if (!errorEl) return;
      errorEl.textContent = text;
      // The line pushes the button down: keep the button, and so the line, on the screen.
      const button = root.querySelector(".poll-submit");
      if (text && button) button.scrollIntoView({ block: "nearest" });
    }

    function bindForm() {
      const form = root.querySelector("form.poll-form");
      if (!form) return;
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        showError("");
        fetch(form.action, {
          method: "POST",
          body: new URLSearchParams(new FormData(form)),
          credentials: "same-origin",
          headers: { Accept: "application/json" },
        })
          .then(function (response) {
            return response
              .json()
              .catch(function () {
                return {};
              })
              .then(function (data) {
                return { ok: response.ok, status: response.status, data: data };
              });
          })
          .then(function (answer) {
            if (answer.ok) {
              const saved = form.querySelector("[data-saved]");
              const button = form.querySelector(".poll-submit");
              if (saved) saved.textContent = root.dataset.textSaved;
              if (button) button.textContent = button.dataset.labelChange;
              announce(answer.data.message || root.dataset.textSaved);
              live.now();
            } else if (answer.status >= 500) {
              showError(root.dataset.textOffline);
            } else {
              // Refused (closed, too many choices, …): nothing changed on the server. A line
              // "saved" from before speaks of the answer that stands, not of this one.
              const saved = form.querySelector("[data-saved]");
              if (saved && saved.textContent) saved.textContent = root.dataset.textKept;
              showError(answer.data.error || root.dataset.textRefused);
              live.now();
            }
          })
          .catch(function () {
            showError(root.dataset.textOffline);
          });
      });
    }

    const live = follow(root, ["result"], function (data, how) {
      bindForm();
      showError("");
      const question = data.question;
      if (how.resultOnly) {
        if (question && !question.hidden) announce(root.dataset.textResult);
        return;
      }
      if (data.status === "finished") {
        announce(root.dataset.textFinished);
      } else if (question && question.status === "open") {
        announce(root.dataset.textNewQuestion.replace("{question}", question.text));
      } else if (question && question.status === "closed") {
        announce(root.dataset.textClosed);
      }
      // The part that held the focus is gone: give it to the new question's heading.
      const heading = root.querySelector("[data-focus]");
      if (how.hadFocus && heading) heading.focus();
    }, true, function () {
      // The poll is gone for this person (finished while its documentation is a draft): say so
      // instead of "Keine Verbindung", and stop asking.
      const notice = document.createElement("p");
      notice.className = "vote-notice";
      notice.textContent = root.dataset.textGone;
      root.querySelectorAll('[data-part="form"], [data-part="result"]').forEach(function (part) {
        part.replaceChildren();
      });
      const form = root.querySelector('[data-part="form"]');
      if (form) form.appendChild(notice);
      showError("");
      announce(root.dataset.textGone);
    });
    bindForm();
  }

  function setUpProjector(root) {
    follow(root, null, function () {});
  }

  function setUpModeration(root) {
    window.portalLive.moderatedList(root, {
      part: '[data-part="texts"]',
      interval: 1000,
      swap: function (html) {
        swapParts(html);
      },
    });
  }

  const participant = document.getElementById("poll");
  if (participant) setUpParticipant(participant);
  const projector = document.querySelector("[data-projector]");
  if (projector) setUpProjector(projector);
  const moderation = document.querySelector("[data-moderation]");
  if (moderation) setUpModeration(moderation);
})();
