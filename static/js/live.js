// Short polling with ETag / If-None-Match, shared by the live pages (dot-vote projector, poll
// projector, poll participant page, text moderation). An unchanged resource costs a bodyless 304;
// any WSGI server and any number of app servers can answer it.
//
// portalLive.poll({url, interval, onData, onConnection, text}) fetches `url` every `interval`
// milliseconds (the next request starts when the answer is in, so requests never pile up) and
// calls onData(json) - or onData(html) with `text: true` - only when the resource changed.
// onConnection(ok, failures) reports each answer or failure, e.g. to show "Keine Verbindung".
// With `pauseWhenHidden: true` a page in the background (a phone in a pocket) stops asking and
// asks at once when it is seen again. With `onGone`, a 404 (the vote or poll is gone for this
// person, e.g. over while its documentation is a draft) stops the polling and calls onGone().
//
// portalLive.follow(options) takes the same options and `streamUrl`: where the server pushes
// (live/push.py, Server-Sent Events), onData gets each change as it happens and nothing is
// polled; a page whose stream cannot be opened, or fails three times in a row, polls instead.
//
// portalLive.moderatedList(root, {part, swap, interval}): a staff list kept current without
// taking the focus from its buttons (below).
window.portalLive = (function () {
  "use strict";

  function poll(options) {
    let etag = null;
    let failures = 0;
    let timer = null;
    let busy = false;
    let again = false;
    let paused = false;
    let gone = false;

    function schedule() {
      if (options.pauseWhenHidden && document.hidden) {
        paused = true;
        return;
      }
      timer = window.setTimeout(tick, options.interval);
    }

    if (options.pauseWhenHidden) {
      document.addEventListener("visibilitychange", function () {
        if (!document.hidden && paused) {
          paused = false;
          tick();
        }
      });
    }

    function tick() {
      busy = true;
      const headers = { Accept: options.text ? "text/html" : "application/json" };
      if (etag) headers["If-None-Match"] = etag;
      fetch(options.url, { headers: headers, cache: "no-store", credentials: "same-origin" })
        .then(function (response) {
          if (response.status === 304) return null;
          if (response.status === 404 && options.onGone) {
            gone = true;
            return null;
          }
          if (!response.ok) throw new Error(String(response.status));
          etag = response.headers.get("ETag");
          return options.text ? response.text() : response.json();
        })
        .then(function (data) {
          if (gone) {
            options.onGone();
            return;
          }
          failures = 0;
          if (options.onConnection) options.onConnection(true, 0);
          if (data !== null) options.onData(data);
        })
        .catch(function () {
          failures += 1;
          if (options.onConnection) options.onConnection(false, failures);
        })
        .finally(function () {
          busy = false;
          if (gone) return;
          if (again) {
            again = false;
            tick();
          } else {
            schedule();
          }
        });
    }

    schedule();
    return {
      // Ask again at once, e.g. after the page's own write.
      now: function () {
        if (busy) {
          again = true;
          return;
        }
        window.clearTimeout(timer);
        paused = false;
        tick();
      },
    };
  }

  function follow(options) {
    if (!options.streamUrl || !window.EventSource) return poll(options);
    let polling = null;
    let opened = false;
    let failures = 0;
    const source = new EventSource(options.streamUrl);

    function fallBack() {
      source.close();
      if (!polling) polling = poll(options);
    }

    source.onopen = function () {
      opened = true;
    };
    source.onmessage = function (event) {
      failures = 0;
      if (options.onConnection) options.onConnection(true, 0);
      options.onData(JSON.parse(event.data));
    };
    // The person may no longer see the run (over while its documentation is a draft).
    source.addEventListener("gone", function () {
      source.close();
      if (options.onGone) options.onGone();
    });
    source.onerror = function () {
      failures += 1;
      if (options.onConnection) options.onConnection(false, failures);
      // Never opened (no stream here, the run is gone) or closed for good: poll, which also
      // tells a run that is gone from a connection that is.
      if (!opened || source.readyState === EventSource.CLOSED || failures >= 3) fallBack();
    };
    return {
      now: function () {
        if (polling) polling.now();
      },
    };
  }

  // A moderator's list that follows the server (the poll's free texts, the audience's questions):
  // the page's fragment (`data-fragment-url`) polled as text, and swapped in by `swap(html)` only
  // while no element of the list (`part`, a selector within `root`) has the focus: a button is
  // never pulled from under the moderator's finger; the new list waits until the focus leaves.
  function moderatedList(root, options) {
    let pending = null;
    function apply() {
      const list = root.querySelector(options.part);
      if (!pending || (list && list.contains(document.activeElement))) return;
      options.swap(pending);
      pending = null;
    }
    root.addEventListener("focusout", function () {
      window.setTimeout(apply, 0);
    });
    return poll({
      url: root.dataset.fragmentUrl,
      interval: Number(root.dataset.interval) || options.interval,
      text: true,
      onData: function (html) {
        pending = html;
        apply();
      },
    });
  }

  return { poll: poll, follow: follow, moderatedList: moderatedList };
})();
