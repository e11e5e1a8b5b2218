/* The documentation editor (templates/authoring/editor.html): every form saves itself.
 *
 * A form with data-autosave is sent when one of its fields changes (text fields also after a
 * pause in typing), a form with data-ajax when it is submitted. Requests go one after another,
 * so a new session is created once, and each form's data is read when its turn comes. The
 * answer (authoring/views.py) names the errors by field, shown beside the field with the typed
 * input kept, and the regions of the page to replace. Pasted bullets and quotes are cleared
 * once saved, unless more was typed meanwhile. */
(function () {
  "use strict";
  const editor = document.querySelector("[data-editor]");
  if (!editor) return;
  const status = editor.querySelector("[data-status]");
  const addSession = editor.querySelector("[data-add-session]");
  const text = {
    saving: editor.dataset.saving || "Wird gespeichert …",
    saved: editor.dataset.saved || "Gespeichert.",
    failed: editor.dataset.failed || "Nicht gespeichert: bitte die markierten Angaben prüfen.",
    offline: editor.dataset.offline || "Nicht gespeichert: keine Verbindung. Die Eingaben bleiben hier stehen.",
    altFirst: editor.dataset.altFirst || "Bitte zuerst den Alternativtext der Fotos eingeben.",
  };
  let queue = Promise.resolve();
  let pending = 0;
  // Forms whose save failed for want of a connection: sent again when it is back.
  const unsent = new Set();
  window.addEventListener("online", () => {
    const forms = Array.from(unsent);
    unsent.clear();
    forms.forEach((form) => { if (form.isConnected) send(form); });
  });
  const queued = new WeakSet();
  const csrf = () => (editor.querySelector("[name=csrfmiddlewaretoken]") || {}).value || "";

  function say(form, message, failed) {
    const state = form && form.querySelector("[data-state]");
    if (state) {
      state.textContent = message;
      state.classList.toggle("editor-failed", !!failed);
    }
    status.textContent = message;
  }

  function showErrors(form, errors) {
    form.querySelectorAll(".editor-field > .errorlist.editor-js").forEach((list) => list.remove());
    form.querySelectorAll("[aria-invalid]").forEach((field) => field.removeAttribute("aria-invalid"));
    let first = null;
    for (const [name, messages] of Object.entries(errors || {})) {
      const box = form.querySelector(`[data-field="${name}"]`) || form;
      const list = document.createElement("ul");
      list.className = "errorlist editor-js";
      list.id = `${form.id || "f"}-${name}-errors-${Math.random().toString(36).slice(2, 7)}`;
      for (const message of messages) {
        const item = document.createElement("li");
        item.textContent = message;
        list.appendChild(item);
      }
      box.prepend(list);
      const input = box.querySelector("input, select, textarea");
      if (input) {
        input.setAttribute("aria-invalid", "true");
        input.setAttribute("aria-describedby", list.id);
        first = first || input;
      }
    }
    return first;
  }

  const typing = (element) => element && element.matches
    && element.matches("textarea, select, input:not([type=hidden]):not([type=checkbox]):not([type=radio]):not([type=submit]):not([type=button]):not([type=file])");

  function replaceRegions(regions) {
    for (const [id, html] of Object.entries(regions || {})) {
      const old = document.getElementById(id);
      if (!old) continue;
      const active = document.activeElement;
      const inside = old.contains(active) && active !== document.body;
      // Never where someone is typing: what is typed there stays.
      if (inside && typing(active)) continue;
      const holder = document.createElement("div");
      holder.innerHTML = html.trim();
      const fresh = holder.firstElementChild;
      if (!fresh) continue;
      old.replaceWith(fresh);
      if (inside) {
        // The pressed button is drawn again: the focus goes to it, or to its chapter.
        const again = active.id && document.getElementById(active.id);
        const card = active.closest("[id]");
        const target = again || (card && document.getElementById(card.id)) || fresh;
        if (!target.matches("a, button, input, select, textarea")) target.tabIndex = -1;
        target.focus();
      }
    }
  }

  function renamePrefix(form, from, to) {
    form.querySelectorAll("[name], [id], label[for], [aria-describedby]").forEach((element) => {
      for (const attribute of ["name", "id", "for", "aria-describedby"]) {
        const value = element.getAttribute(attribute);
        if (value && value.includes(from)) {
          element.setAttribute(attribute, value.split(from).join(to));
        }
      }
    });
  }

  function clearSent(form, sent, names) {
    // Pasted bullets, quotes and points are appended once saved: what was sent leaves the
    // field, and what was typed after it stays for the next save.
    for (const name of names || []) {
      const field = form.querySelector(`[data-field="${name}"] textarea, [data-field="${name}"] input`);
      const value = field && sent.get(field.name);
      if (!field || value == null) continue;
      if (field.value === value) field.value = "";
      else if (field.value.startsWith(value)) field.value = field.value.slice(value.length).replace(/^\r?\n/, "");
    }
  }

  function afterSave(form, sent, answer) {
    clearSent(form, sent, answer.cleared);
    for (const [name, value] of Object.entries(answer.set || {})) {
      const field = form.querySelector(`[data-field="${name}"] input, [data-field="${name}"] select`);
      if (field && field.type === "checkbox") field.checked = !!value;
      else if (field) field.value = value;
    }
    if (answer.saved_as) {
      // A new session is saved: from now on its form changes that session.
      const card = form.closest(".session-card");
      form.action = answer.saved_as;
      delete form.dataset.new;
      renamePrefix(form, "id_new-", `id_${answer.prefix}-`);
      renamePrefix(form, "new-", `${answer.prefix}-`);
      card.id = answer.card_id;
      const title = form.querySelector("input[name$=-title]");
      if (title) card.setAttribute("aria-label", title.value);
      const results = form.querySelector("[data-results]");
      if (results) results.id = answer.region_id;
      const add = editor.querySelector("[data-add-session]");
      if (add) add.disabled = false;
    }
    if (answer.removed) {
      const gone = document.getElementById(answer.removed);
      if (gone) gone.remove();
    }
    replaceRegions(answer.regions);
  }

  function send(form, submitter) {
    // A button pressed is sent as it was pressed, even if an answer before it redraws its form;
    // a field left is sent with the form's data when its turn comes.
    const pressed = submitter ? new FormData(form, submitter) : null;
    if (!submitter && queued.has(form)) return queue;
    if (!submitter) queued.add(form);
    pending += 1;
    // Pasted bullets, quotes and points are appended: until their save is answered they cannot
    // change, so what was saved is exactly what leaves the field (nothing saved twice or cut).
    const frozen = Array.from(form.querySelectorAll("textarea")).filter(
      (field) => appending(field) && field.value.trim() && !field.readOnly
    );
    frozen.forEach((field) => { field.readOnly = true; });
    queue = queue.then(async () => {
      if (!submitter) {
        queued.delete(form);
        if (!form.isConnected) return;
      }
      const data = pressed || new FormData(form);
      if (form._file) data.append(form._fileField, form._file);
      say(form, text.saving);
      let response;
      try {
        response = await fetch(form.action, {
          method: "POST",
          body: data,
          headers: { Accept: "application/json", "X-CSRFToken": csrf() },
          credentials: "same-origin",
        });
      } catch (error) {
        say(form, text.offline, true);
        if (!submitter) unsent.add(form);
        return;
      }
      let answer = {};
      try {
        answer = await response.json();
      } catch (error) {
        say(form, text.failed, true);
        return;
      }
      const first = showErrors(form, answer.errors);
      if (!response.ok || !answer.ok) {
        say(form, text.failed, true);
        if (first && submitter) first.focus();
        return;
      }
      if (form.dataset.photoNew !== undefined && answer.card) {
        const card = form.closest(".photo-card");
        const holder = document.createElement("div");
        holder.innerHTML = answer.card.trim();
        document.getElementById("photo-list").append(holder.firstElementChild);
        card.remove();
      }
      afterSave(form, data, answer);
      say(form, answer.message || text.saved);
      if (answer.asked) {
        const panel = document.getElementById("publish");
        if (panel) panel.querySelector("a, button").focus();
      }
    }).finally(() => {
      pending -= 1;
      frozen.forEach((field) => { field.readOnly = false; });
    });
    return queue;
  }

  // Which fields save on their own: text fields after a pause, pasted lists only when left
  // (they append), everything else on change.
  const appending = (field) => field.matches("[data-field=bullets] textarea, [data-field=quotes] textarea, [data-field=counts] textarea");
  const timers = new WeakMap();
  editor.addEventListener("change", (event) => {
    const form = event.target.closest("form[data-autosave]");
    if (form) send(form);
  });
  editor.addEventListener("input", (event) => {
    const field = event.target;
    const form = field.closest("form[data-autosave]");
    if (field.closest("[data-field=moderator]")) {
      // Another person: their consent is not given until ticked for them.
      const consent = form && form.querySelector("[data-field=moderator_publish] input");
      if (consent) consent.checked = false;
      return;  // saved when left: a pause inside a name would create a person of half a name
    }
    if (!form || !field.matches("input[type=text], input:not([type]), textarea") || appending(field)) return;
    clearTimeout(timers.get(field));
    timers.set(field, setTimeout(() => send(form), 1500));
  });
  editor.addEventListener("paste", (event) => {
    const field = event.target;
    const form = field.closest("form[data-autosave]");
    if (form && field.matches("textarea") && appending(field)) setTimeout(() => send(form), 0);
  });
  editor.addEventListener("submit", (event) => {
    const form = event.target;
    if (!form.matches("form[data-autosave], form[data-ajax], form[data-photo-new]")) return;
    event.preventDefault();
    const submitter = event.submitter;
    if (submitter && submitter.dataset.confirm && !window.confirm(submitter.dataset.confirm)) return;
    if (submitter && submitter.value === "delete" && form.dataset.new !== undefined) {
      // A new session not saved yet: only this page holds it.
      form.closest(".session-card").remove();
      if (addSession) { addSession.disabled = false; addSession.focus(); }
      return;
    }
    const waiting = Array.from(editor.querySelectorAll(".photo-pending input[name$=alt_text]"))
      .find((alt) => !alt.value.trim());
    if (form.matches("[data-publish]") && waiting) {
      say(form, text.altFirst, true);
      waiting.focus();
      return;
    }
    send(form, submitter || null);
  });

  // Leaving while something is still being saved, or a photo waits for its text, asks first.
  window.addEventListener("beforeunload", (event) => {
    if (pending > 0 || unsent.size || editor.querySelector(".photo-pending")) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  // A new session: one unsaved card at a time, saved when its first field is left.
  if (addSession) {
    addSession.addEventListener("click", () => {
      const template = document.getElementById("new-session-template");
      const card = template.content.firstElementChild.cloneNode(true);
      editor.querySelector("[data-new-sessions]").append(card);
      addSession.disabled = true;
      card.querySelector("input[type=text]").focus();
    });
  }

  // Photos: chosen or dropped, each asks for its alternative text; sent once it has one.
  const files = editor.querySelector("[data-photo-files]");
  const drop = editor.querySelector("[data-drop]");
  function addPhotos(list) {
    const template = document.getElementById("pending-photo-template");
    const waitingRoom = editor.querySelector("[data-pending-photos]");
    let first = null;
    Array.from(list).forEach((file, index) => {
      const card = template.content.firstElementChild.cloneNode(true);
      const form = card.querySelector("form");
      const suffix = `-${Date.now()}-${index}`;
      form.querySelectorAll("[id]").forEach((element) => { element.id += suffix; });
      form.querySelectorAll("label[for]").forEach((label) => { label.htmlFor += suffix; });
      form.querySelectorAll("[aria-describedby]").forEach((element) => {
        element.setAttribute("aria-describedby", element.getAttribute("aria-describedby").split(" ").map((id) => id + suffix).join(" "));
      });
      form._file = file;
      form._fileField = "newphoto-upload";
      card.querySelector("[data-name]").textContent = file.name;
      const preview = card.querySelector("[data-preview]");
      preview.src = URL.createObjectURL(file);
      waitingRoom.append(card);
      const alt = form.querySelector("input[name$=alt_text]");
      alt.required = true;
      alt.addEventListener("change", () => { if (alt.value.trim()) send(form); });
      card.querySelector("[data-discard]").addEventListener("click", () => card.remove());
      first = first || alt;
    });
    if (first) first.focus();
  }
  if (files) files.addEventListener("change", () => { addPhotos(files.files); files.value = ""; });
  if (drop) {
    drop.addEventListener("dragover", (event) => { event.preventDefault(); drop.classList.add("editor-drop-over"); });
    drop.addEventListener("dragleave", () => drop.classList.remove("editor-drop-over"));
    drop.addEventListener("drop", (event) => {
      event.preventDefault();
      drop.classList.remove("editor-drop-over");
      addPhotos(event.dataTransfer.files);
    });
  }
  // The pending photo forms are not autosaved as a whole: their other fields wait for the
  // alternative text.
  editor.addEventListener("change", (event) => {
    const form = event.target.closest("form[data-photo-new]");
    if (form && !event.target.matches("input[name$=alt_text]")) {
      const alt = form.querySelector("input[name$=alt_text]");
      if (alt.value.trim()) send(form);
    }
  });
})();
