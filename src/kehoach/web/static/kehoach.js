/* kehoach serve: checks the plan while the clerk types, swaps the form after an add, remove or
   move, and fetches the preview. Every button also works without this script (the server then
   answers with the whole page). No library, no build step. */
(function () {
  "use strict";
  var form = document.getElementById("editor");
  if (!form) return;
  var touched = new Set();
  var showAll = form.dataset.showAll === "1";
  var timer = null;
  var sequence = 0;

  function post(fields, headers) {
    var body = new FormData(form);
    Object.keys(fields).forEach(function (k) { body.set(k, fields[k]); });
    return fetch(form.action, { method: "POST", body: body, headers: headers || {}, credentials: "same-origin" });
  }

  function show(result) {
    form.querySelectorAll(".problem").forEach(function (p) { p.textContent = ""; });
    form.querySelectorAll("[aria-invalid]").forEach(function (e) { e.removeAttribute("aria-invalid"); });
    result.problems.forEach(function (p) {
      if (!showAll && !touched.has(p.field)) return;
      var slot = document.getElementById(p.id);
      if (slot) slot.textContent = slot.textContent ? slot.textContent + " " + p.message : p.message;
      var input = document.getElementById(p.field);
      if (input && /^(INPUT|TEXTAREA|SELECT)$/.test(input.tagName)) input.setAttribute("aria-invalid", "true");
    });
    document.getElementById("summary").innerHTML = result.summary;
  }

  function validate() {
    var mine = ++sequence;
    return post({ _action: "validate", _show: showAll ? "1" : "0" }, { Accept: "application/json" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (result) { if (result && mine === sequence) show(result); })
      .catch(function () { /* the server stopped: the next action says so */ });
  }

  function later() { clearTimeout(timer); timer = setTimeout(validate, 300); }

  function edited(event) {
    var t = event.target;
    if (!t.name || t.name.charAt(0) === "_" || t.name === "csrf_token") return;
    touched.add(t.id);
    later();
  }
  form.addEventListener("input", edited);
  form.addEventListener("change", function (event) {
    var t = event.target;
    if (t.tagName === "SELECT" && t.dataset.names) fillCriterionName(t);
    if (t.name === "criteria_set") return refresh(null);  // the criteria lists change with it
    edited(event);
  });

  /* A criterion picked from the set: its name follows, unless the clerk typed another. */
  function fillCriterionName(select) {
    var names = select.dataset.names.split("\u001f");
    var name = document.getElementById(select.id.replace(/-number$/, "-name"));
    if (!name) return;
    var known = names.indexOf(name.value) >= 0 || name.value === "";
    var chosen = parseInt(select.value, 10);
    if (known && chosen >= 1 && chosen <= names.length) name.value = names[chosen - 1];
  }

  function refresh(op) {
    var fields = { _action: "op", _op: op || "noop|" };
    var focused = document.activeElement && document.activeElement.id;
    return post(fields, { "X-Kehoach-Partial": "fields" })
      .then(function (r) {
        if (!r.ok) throw new Error(r.status);
        return r.text();
      })
      .then(function (html) {
        var box = document.getElementById("fields");
        box.innerHTML = html;
        var target = box.querySelector("[autofocus]") || (focused && document.getElementById(focused));
        if (target) target.focus();
        return validate();
      })
      .catch(function () { form.requestSubmit ? form.requestSubmit() : form.submit(); });
  }

  function preview() {
    var panel = document.getElementById("preview");
    panel.innerHTML = '<p class="busy" role="status">Đang tạo bản xem trước (LibreOffice)…</p>';
    return post({ _action: "preview" }, { "X-Kehoach-Partial": "preview" })
      .then(function (r) { return r.text(); })
      .then(function (html) { panel.innerHTML = html; })
      .catch(function () {
        panel.innerHTML = '<p class="notice error" role="alert">Không kết nối được với kehoach; kiểm tra cửa sổ đang chạy kehoach serve.</p>';
      });
  }

  form.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button || !form.contains(button) || button.disabled) return;
    if (button.name === "_op") {
      event.preventDefault();
      refresh(button.value);
    } else if (button.name === "_action" && button.value === "preview") {
      event.preventDefault();
      preview();
    } else if (button.name === "_action" && button.value === "check") {
      event.preventDefault();
      clearTimeout(timer);  // a check pending from typing would overtake this one
      showAll = true;
      validate().then(function () {
        var first = form.querySelector("[aria-invalid='true']");
        if (first) first.focus(); else document.getElementById("summary").scrollIntoView();
      });
    }
  });
})();
