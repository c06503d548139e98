// Progressive enhancement for the campaign and thank-you pages. Everything
// works without it; with it: a live count, whom the chosen state's letters
// go to, the signature as typed, inline validation, submission without a
// reload (asking for the district in place when the ZIP code spans several),
// a copy-link button, the language chosen remembered in this browser (no
// cookie), and in a partner's frame, the frame's height.
(function () {
  "use strict";

  var $ = function (selector, root) { return (root || document).querySelector(selector); };

  // What the script says, in the page's language: the server's catalogs
  // give it (#page-messages), so the two never differ.
  var SAY = (function () {
    var data = $("#page-messages");
    return data ? JSON.parse(data.textContent) : {};
  })();

  // A number as the page's language writes it (25,000 in English), by the
  // rules the server's pages follow too (shared/src/web/numbers.rs).
  function grouped(number) {
    return new Intl.NumberFormat(document.documentElement.lang).format(number);
  }

  // The count came with the page, so it is asked for once more at most: 15 s
  // after the page is first in view (a wait while it is hidden starts again
  // when it shows). A view costs the page and at most this one request;
  // every ask is a paid request.
  function liveCount() {
    var counter = $("[data-count-url]");
    if (!counter || !window.fetch) return;
    var timer = null;
    var refresh = function () {
      document.removeEventListener("visibilitychange", whenSeen);
      fetch(counter.getAttribute("data-count-url"), { headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (body) {
          if (!body) return;
          $("[data-count]", counter).textContent = grouped(body.count);
          var bar = $("progress", counter);
          bar.value = Math.min(100, Math.floor((body.count * 100) / Math.max(1, body.goal)));
          bar.textContent = bar.value + "%";
        })
        .catch(function () {});
    };
    var whenSeen = function () {
      clearTimeout(timer);
      if (document.visibilityState === "visible") timer = setTimeout(refresh, 15000);
    };
    document.addEventListener("visibilitychange", whenSeen);
    whenSeen();
  }

  // The form's token, asked for when the visitor first touches the form (the
  // page is the same for everyone, so a CDN may share it): the fill time
  // counts from then. It fills the field only while empty, so a token the
  // server sent back is kept. Without one (no script, or the ask failed) the
  // server asks the visitor once more, with a token, and keeps the letter.
  function formToken(form) {
    var field = form.elements.form_token;
    var asked = null;
    var ask = function () {
      if (!asked) {
        asked = fetch(field.getAttribute("data-fetch"), { headers: { Accept: "application/json" } })
          .then(function (r) { return r.ok ? r.json() : null; })
          .then(function (body) { if (body && !field.value) field.value = body.form_token; })
          .catch(function () {});
      }
      return asked;
    };
    ["focusin", "pointerdown", "input", "change"].forEach(function (type) {
      form.addEventListener(type, ask);
    });
    return ask;
  }

  function recipients(form) {
    var data = $("#recipients-data");
    var select = $("#state", form);
    var out = $("#recipients", form);
    if (!data || !select || !out) return;
    var byState = JSON.parse(data.textContent);
    var show = function () { out.textContent = byState[select.value.toUpperCase()] || ""; };
    select.addEventListener("change", show);
    show();
  }

  // The district question: drawn from a refused letter's choices, and
  // dropped when the address changes, so a stale answer is never sent.
  function districtChoice(form) {
    var choice = $("#district-choice", form);
    if (!choice) return;
    LABELS.district = choice.getAttribute("data-label");
    var drop = function () { choice.textContent = ""; };
    $("#zip", form).addEventListener("change", drop);
    $("#state", form).addEventListener("change", drop);
  }

  function askDistrict(form, options, message) {
    var choice = $("#district-choice", form);
    var fieldset = document.createElement("fieldset");
    fieldset.className = "choice invalid";
    fieldset.setAttribute("aria-describedby", "district-error");
    var legend = document.createElement("legend");
    legend.textContent = LABELS.district;
    var error = document.createElement("p");
    error.className = "error";
    error.id = "district-error";
    error.textContent = message;
    fieldset.appendChild(legend);
    fieldset.appendChild(error);
    options.forEach(function (option, i) {
      var id = i === 0 ? "district" : "district-" + option.district;
      var row = document.createElement("div");
      row.className = "radio";
      var input = document.createElement("input");
      input.type = "radio";
      input.name = "district";
      input.id = id;
      input.value = option.value;
      var label = document.createElement("label");
      label.htmlFor = id;
      label.textContent = option.label;
      row.appendChild(input);
      row.appendChild(label);
      fieldset.appendChild(row);
    });
    var hint = document.createElement("p");
    hint.className = "hint";
    var link = document.createElement("a");
    link.href = choice.getAttribute("data-find");
    link.textContent = SAY.districtFind;
    hint.appendChild(document.createTextNode(SAY.districtUnsure + " "));
    hint.appendChild(link);
    fieldset.appendChild(hint);
    choice.textContent = "";
    choice.appendChild(fieldset);
  }

  function signature(form) {
    var out = $("#signature-name", form);
    if (!out) return;
    var first = $("#first_name", form), last = $("#last_name", form);
    var show = function () { out.textContent = (first.value + " " + last.value).trim() || SAY.yourName; };
    first.addEventListener("input", show);
    last.addEventListener("input", show);
    show();
  }

  // Each field carries its label, its messages and its early check from
  // the server's own definition (data attributes), so the two never differ.
  var LABELS = {};

  function checkField(field) {
    var value = field.value.trim();
    if (field.required && !value) return field.getAttribute("data-required-message");
    var pattern = field.getAttribute("data-pattern");
    if (value && pattern && !new RegExp(pattern).test(value)) return field.getAttribute("data-pattern-message");
    return "";
  }

  function showError(field, message) {
    var id = field.name + "-error";
    var error = document.getElementById(id);
    var wrapper = field.closest(".field");
    // A field's hint stays among what describes it, with its error or without.
    var hint = document.getElementById(field.name + "-hint");
    if (message) {
      if (!error) {
        error = document.createElement("p");
        error.className = "error";
        error.id = id;
        field.parentNode.insertBefore(error, field);
      }
      error.textContent = message;
      field.setAttribute("aria-invalid", "true");
      field.setAttribute("aria-describedby", hint ? hint.id + " " + id : id);
      wrapper.classList.add("invalid");
    } else {
      if (error) error.remove();
      field.removeAttribute("aria-invalid");
      if (hint) field.setAttribute("aria-describedby", hint.id);
      else field.removeAttribute("aria-describedby");
      wrapper.classList.remove("invalid");
    }
  }

  function showSummary(form, errors) {
    var old = $("#error-summary");
    if (old) old.remove();
    var names = Object.keys(errors);
    if (!names.length) return;
    var summary = document.createElement("div");
    summary.className = "error-summary";
    summary.id = "error-summary";
    summary.setAttribute("role", "alert");
    summary.tabIndex = -1;
    var heading = document.createElement("h3");
    heading.textContent = names.length === 1 ? SAY.correctOne : SAY.correctOther.replace("{count}", names.length);
    var list = document.createElement("ul");
    names.forEach(function (name) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = "#" + name;
      link.textContent = (LABELS[name] || name) + ": " + errors[name];
      item.appendChild(link);
      list.appendChild(item);
    });
    summary.appendChild(heading);
    summary.appendChild(list);
    form.parentNode.insertBefore(summary, form);
    summary.focus();
  }

  // The fields checked one by one; the district's radio buttons are asked as a group.
  function fieldsOf(form) {
    return Array.prototype.filter.call(form.elements, function (el) { return LABELS[el.name] !== undefined && el.type !== "radio"; });
  }

  function validation(form, tokenReady) {
    fieldsOf(form).forEach(function (field) {
      field.addEventListener("blur", function () { showError(field, checkField(field)); });
    });
    form.addEventListener("submit", function (event) {
      if (!window.fetch) return;
      event.preventDefault();
      var errors = {};
      fieldsOf(form).forEach(function (field) {
        var message = checkField(field);
        showError(field, message);
        if (message) errors[field.name] = message;
      });
      if (Object.keys(errors).length) { showSummary(form, errors); return; }
      tokenReady().then(function () { submit(form); });
    });
  }

  function showNotice(form, message) {
    var notice = $("#notice");
    if (!notice) {
      notice = document.createElement("div");
      notice.className = "notice";
      notice.id = "notice";
      notice.setAttribute("role", "alert");
      notice.tabIndex = -1;
      notice.appendChild(document.createElement("p"));
      form.parentNode.insertBefore(notice, form);
    }
    notice.firstChild.textContent = message;
    notice.focus();
  }

  function submit(form) {
    // Every named field the form would post (its token and honeypot too),
    // the checkbox as true or false, the district only as chosen.
    var letter = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || (el.type === "radio" && !el.checked)) return;
      letter[el.name] = el.type === "checkbox" ? el.checked : el.value;
    });
    var button = $("button[type=submit]", form);
    button.disabled = true;
    button.textContent = SAY.sending;
    fetch(form.action, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(letter)
    })
      .then(function (response) {
        if (response.status === 201) {
          return response.json().then(function (body) {
            var at = body.district ? "&district=" + encodeURIComponent(body.district) : "";
            var thanks = form.getAttribute("data-thanks");
            var joint = thanks.indexOf("?") < 0 ? "?" : "&";
            window.location.assign(thanks + joint + "state=" + encodeURIComponent(letter.state.toUpperCase()) + at);
          });
        }
        if (response.status === 409) {
          // Sent back to be sent again (too soon after the page came, say):
          // the server's sentence above the form, and its fresh token.
          return response.json().then(function (body) {
            form.elements.form_token.value = body.form_token;
            showNotice(form, body.error);
            button.disabled = false;
            button.textContent = SAY.send;
          });
        }
        if (response.status === 422) {
          return response.json().then(function (body) {
            var choices = body.choices && body.choices.district;
            if (choices && body.errors.district) askDistrict(form, choices, body.errors.district);
            fieldsOf(form).forEach(function (field) { showError(field, body.errors[field.name] || ""); });
            showSummary(form, body.errors);
            button.disabled = false;
            button.textContent = SAY.send;
          });
        }
        form.submit();
      })
      .catch(function () { form.submit(); });
  }

  function copyLink() {
    var button = $("#copy-link");
    var input = $("#share-url");
    if (!button || !input || !navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(input.value).then(function () {
        $("#copy-status").textContent = SAY.linkCopied;
      });
    });
  }

  // In a partner's frame (docs/embeds.md): the page's height, and nothing
  // else, goes to the partner's page once it has said hello from one of
  // the origins that may frame this page, so its script can size the
  // frame; and links that leave the site open in a tab of their own, so
  // the frame keeps the letter.
  function embedded() {
    var allowed = document.body.getAttribute("data-embed-origins");
    if (allowed === null || window.parent === window) return;
    var origins = allowed.split(" ");
    var partner = null;
    var tell = function () {
      var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
      if (partner) window.parent.postMessage({ lettersFrameHeight: height }, partner);
    };
    window.addEventListener("message", function (event) {
      if (event.source !== window.parent || event.data !== "letters:hello" || origins.indexOf(event.origin) < 0) return;
      partner = event.origin;
      tell();
    });
    if (window.ResizeObserver) new ResizeObserver(tell).observe(document.body);
    else window.addEventListener("resize", tell);
    document.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest("a[href]");
      if (link && /^https?:$/.test(link.protocol) && link.origin !== window.location.origin) {
        link.target = "_blank";
        link.rel = "noopener";
      }
    });
  }

  // The language switch is a plain link carrying ?lang=; the choice is
  // kept in this browser's own storage (never a cookie), so a later visit
  // without ?lang= opens in it where the page offers it.
  function rememberLanguage() {
    var store;
    try { store = window.localStorage; } catch (e) { return; }
    if (!store) return;
    Array.prototype.forEach.call(document.querySelectorAll("nav.languages a[data-language]"), function (link) {
      link.addEventListener("click", function () { store.setItem("language", link.getAttribute("data-language")); });
    });
    var current = $("nav.languages [aria-current]");
    if (current && /[?&]lang=/.test(window.location.search)) store.setItem("language", current.getAttribute("lang"));
    var wanted = store.getItem("language");
    if (!wanted || /[?&]lang=/.test(window.location.search)) return;
    var other = $('nav.languages a[data-language="' + wanted + '"]');
    if (other) window.location.replace(other.href);
  }

  rememberLanguage();
  var form = $("form.letter");
  if (form) {
    Array.prototype.forEach.call(form.querySelectorAll("[data-label]"), function (el) {
      LABELS[el.name] = el.getAttribute("data-label");
    });
    recipients(form);
    districtChoice(form);
    signature(form);
    validation(form, formToken(form));
  }
  liveCount();
  copyLink();
  embedded();
})();
