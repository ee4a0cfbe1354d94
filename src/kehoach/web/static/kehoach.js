/* kehoach serve: checks the plan while the clerk types, swaps the form after an add, remove or
   move, and fetches the preview. Every button also works without this script (the server then
   answers with the whole page). No library, no build step. */
(function () {
  "use strict";

  var MB = 1024 * 1024;

  /* A file larger than the server takes is refused here, before it is sent: the server would
     refuse it only after the whole upload. */
  document.querySelectorAll("input[type=file][data-max-bytes]").forEach(function (input) {
    var box = input.form;
    if (!box) return;
    box.addEventListener("submit", function (event) {
      var max = parseInt(input.dataset.maxBytes, 10);
      var file = input.files && input.files[0];
      var alert = box.querySelector(".notice.size");
      if (file && max && file.size > max) {
        event.preventDefault();
        if (!alert) {
          alert = document.createElement("p");
          alert.className = "notice error size";
          alert.setAttribute("role", "alert");
          box.appendChild(alert);
        }
        alert.textContent = "Tệp “" + file.name + "” quá lớn (" + Math.ceil(file.size / MB) +
          " MB); kehoach nhận tệp tối đa " + Math.floor(max / MB) + " MB. Chưa gửi gì.";
      } else if (alert) {
        alert.remove();
      }
    });
  });

  var form = document.getElementById("editor");
  if (!form) return;
  var touched = new Set();
  var showAll = form.dataset.showAll === "1";
  var timer = null;
  var sequence = 0;
  var busy = null;        // the check running now (one at a time, whatever the clerk types)
  var again = false;      // typed while it ran: check once more when it ends
  var lastTook = 0;       // ms the last check took: a large plan waits longer between checks
  var offline = false;
  var status = document.getElementById("connection");

  var OFFLINE = "Không kết nối được với kehoach serve (đã dừng hoặc đang khởi động lại). " +
    "Nội dung đang gõ vẫn còn trên trang: đừng đóng trang này; chạy lại kehoach serve rồi " +
    "làm tiếp.";
  var RENEWED = "Đã kết nối lại với kehoach serve (trang đã khởi động lại, mã bảo vệ đã được " +
    "làm mới); làm tiếp bình thường.";

  function say(text, level) {
    if (!status) return;
    status.textContent = text || "";
    status.className = "notice " + (level || "");
    status.hidden = !text;
  }

  function post(fields, headers) {
    var body = new FormData(form);
    Object.keys(fields).forEach(function (k) { body.set(k, fields[k]); });
    return fetch(form.action, { method: "POST", body: body, headers: headers || {}, credentials: "same-origin" });
  }

  function isJson(r) { return (r.headers.get("Content-Type") || "").indexOf("application/json") === 0; }

  /* Post the form; a token the server no longer knows (it restarted) comes back refused with a
     fresh one, and the request goes once more with it. A lost connection is said, once. */
  function send(fields, headers) {
    var renewed = false;
    return post(fields, headers).then(function (r) {
      if (r.status !== 400 || !isJson(r)) return r;
      return r.json().then(function (body) {
        if (body.error !== "csrf" || !body.csrf_token) return r;
        form.querySelector("input[name=csrf_token]").value = body.csrf_token;
        renewed = true;
        return post(fields, headers);
      });
    }).then(function (r) {
      if (renewed) say(RENEWED, "ok");
      else if (offline) say("", "");
      offline = false;
      return r;
    }, function (error) {
      offline = true;
      say(OFFLINE, "error");
      throw error;
    });
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
    if (busy) { again = true; return busy; }
    var mine = ++sequence;
    var started = Date.now();
    busy = send({ _action: "validate", _show: showAll ? "1" : "0" }, { Accept: "application/json" })
      .then(function (r) {
        if (r.ok) return r.json();
        say("Không kiểm tra được kế hoạch lúc này (kehoach trả lời mã " + r.status + "); nội " +
            "dung đang gõ vẫn còn. Bấm “Kiểm tra” để thử lại.", "error");
        return null;
      })
      .then(function (result) { if (result && mine === sequence) show(result); })
      .catch(function () { /* said by send */ })
      .then(function () {
        lastTook = Date.now() - started;
        busy = null;
        if (again) { again = false; later(); }
      });
    return busy;
  }

  function later() {
    clearTimeout(timer);
    timer = setTimeout(validate, Math.max(300, Math.min(lastTook, 3000)));
  }

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
    return send(fields, { "X-Kehoach-Partial": "fields" })
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
      .catch(function () {
        // Without a connection, a full submit would leave the page and what was typed.
        if (!offline) form.requestSubmit ? form.requestSubmit() : form.submit();
      });
  }

  function preview() {
    var panel = document.getElementById("preview");
    panel.innerHTML = '<p class="busy" role="status">Đang tạo bản xem trước (LibreOffice)…</p>';
    return send({ _action: "preview" }, { "X-Kehoach-Partial": "preview" })
      .then(function (r) {
        if (!r.ok && isJson(r)) throw new Error(r.status);
        return r.text();
      })
      .then(function (html) { panel.innerHTML = html; })
      .catch(function () {
        panel.innerHTML = '<p class="notice error" role="alert">Không tạo được bản xem trước: không kết nối được với kehoach serve.</p>';
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
      var running = busy;
      (running ? running.then(validate) : validate()).then(function () {
        var first = form.querySelector("[aria-invalid='true']");
        if (first) first.focus(); else document.getElementById("summary").scrollIntoView();
      });
    }
  });

  /* Save, download: a whole page comes back. When the server was not reachable, look first,
     so that the page is not left for the browser's own error page. */
  form.addEventListener("submit", function (event) {
    if (!offline) return;
    event.preventDefault();
    var submitter = event.submitter;
    validate().then(function () {
      if (!offline) submitter ? form.requestSubmit(submitter) : form.requestSubmit();
    });
  });
})();
