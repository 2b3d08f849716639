// The sample's pages: one header for every page, and the two ways to log out.
//  - the header's "Log out" is a plain HTML form POSTing to the LogoutFilter at ./logout
//    (303 to the redirect target; works without JavaScript);
//  - "Log out…" in the page and the user menu asks for confirmation, shows "Logging out…" and
//    calls the JAX-RS LogoutResource at ./api/logout with fetch, then goes to the redirect target.
// Either way the other open tabs follow (moonkey-tabs.js): signed-in pages leave for the
// signed-out page as soon as one tab logs out.
// In the offline demo, the pages also show what MoonKey (the emulator) received.
"use strict";

const SIGNED_OUT_PAGE = "signed-out.html"; // the filter's "redirect", relative to the app

async function currentUser() {
  const response = await fetch("api/me", { headers: { Accept: "application/json" }, cache: "no-store" });
  return response.status === 200 ? response.json() : null;
}

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value);
  }
  node.append(...children);
  return node;
}

function renderHeader(user) {
  const header = document.getElementById("site-header");
  const account = el("div", { class: "account" });
  if (user) {
    moonkeyTabs.follow(SIGNED_OUT_PAGE); // another tab's logout takes this one to the signed-out page
    const name = user.email || user.id;
    const items = el("div", { class: "menu-items", id: "user-menu", hidden: "" },
      el("a", { href: "./#profile" }, "Profile"),
      el("a", { href: "./#settings" }, "Settings"),
      el("button", { type: "button", id: "menu-logout", onclick: () => confirmLogout() }, "Log out"));
    const toggle = el("button", { type: "button", class: "avatar", id: "user-menu-button", "aria-haspopup": "true",
      title: name, onclick: () => { items.hidden = !items.hidden; } }, name.charAt(0).toUpperCase());
    document.addEventListener("click", (event) => { if (!toggle.parentNode.contains(event.target)) items.hidden = true; });
    account.append(
      el("span", { class: "welcome", id: "welcome" }, `Welcome, ${name}!`),
      el("form", { method: "post", action: "logout", class: "inline", id: "logout-form", onsubmit: guardUnsaved },
        el("button", { type: "submit", id: "logout-button" }, "Log out")),
      el("div", { class: "menu" }, toggle, items));
  } else {
    account.append(el("a", { href: "login.html", class: "button primary", id: "login-link" }, "Login"));
  }
  header.replaceChildren(
    el("a", { href: "./", class: "brand" }, "Moon", el("span", {}, "Key"), " sample"),
    el("nav", {}, el("a", { href: "./" }, "Home"), el("a", { href: "editor.html" }, "Editor"),
      user ? el("a", { href: "devices.html", id: "devices-link" }, "Your devices") : ""),
    account);
}

// Pages with a form set this when the user has typed something not yet saved.
window.sampleUnsaved = () => false;

function guardUnsaved(event) {
  if (window.sampleUnsaved()) {
    event.preventDefault();
    confirmLogout({ unsaved: true, thenSubmit: event.target });
  }
}

function confirmLogout({ unsaved = window.sampleUnsaved(), thenSubmit = null } = {}) {
  const dialog = document.getElementById("logout-dialog") || document.body.appendChild(buildDialog());
  dialog.querySelector("#logout-question").textContent = unsaved
    ? "You have unsaved changes. They will be lost if you log out now. Log out anyway?"
    : "Are you sure you want to log out?";
  dialog.querySelector("#logout-yes").textContent = unsaved ? "Log out anyway" : "Yes";
  dialog.querySelector("#logout-error").textContent = "";
  dialog.dataset.form = thenSubmit ? "yes" : "";
  dialog.submitForm = thenSubmit;
  dialog.showModal();
}

function buildDialog() {
  const yes = el("button", { type: "button", class: "danger", id: "logout-yes", onclick: () => logOut(dialog) }, "Yes");
  const cancel = el("button", { type: "button", id: "logout-cancel", onclick: () => dialog.close() }, "Cancel");
  const dialog = el("dialog", { id: "logout-dialog" },
    el("h2", {}, "Log out"),
    el("p", { id: "logout-question" }),
    el("p", { class: "status", id: "logout-error" }),
    el("div", { class: "actions" }, cancel, yes));
  return dialog;
}

async function logOut(dialog) {
  window.sampleUnsaved = () => false;
  if (dialog.submitForm) {
    dialog.submitForm.submit(); // the filter answers 303 to the redirect target
    return;
  }
  const yes = dialog.querySelector("#logout-yes");
  yes.disabled = true;
  dialog.querySelector("#logout-cancel").disabled = true;
  yes.textContent = "Logging out…";
  try {
    // Session, cookies and MoonKey session are gone once this answers, whatever MoonKey said.
    const response = await fetch("api/logout", {
      method: "POST", credentials: "same-origin", headers: { Accept: "application/json" } });
    const body = await response.json().catch(() => ({}));
    if (response.status >= 500) console.warn("Logout: the MoonKey session may still be active", body);
    moonkeyTabs.announce(); // the other tabs leave their signed-in pages now
    window.location.assign(SIGNED_OUT_PAGE);
  } catch (error) {
    dialog.querySelector("#logout-error").textContent = "Could not reach the server. Please try again.";
    yes.disabled = false;
    dialog.querySelector("#logout-cancel").disabled = false;
    yes.textContent = "Yes";
  }
}

// The offline demo's launcher serves what MoonKey received, with MoonKey's answers, at
// ./_demo/moonkey-calls (newest first); anywhere else there is no such panel.
async function showMoonKeyCalls() {
  const demo = await fetch("api/demo", { cache: "no-store" }).then((r) => r.json()).catch(() => ({}));
  if (!demo.emulator_url) return;
  const rows = el("tbody", { id: "moonkey-calls-rows" });
  const journal = el("a", { id: "moonkey-journal" }, "/_emulator/requests");
  const panel = el("section", { class: "card", id: "moonkey-calls", hidden: "" },
    el("h2", {}, "What MoonKey received"),
    el("p", { class: "muted" }, "Each call this server made to MoonKey (here the local emulator) and MoonKey's answer,",
      " newest first. Credentials appear only as short hashes. The emulator's own journal: ", journal, "."),
    el("table", { class: "calls" },
      el("thead", {}, el("tr", {}, el("th", {}, "Time"), el("th", {}, "Request"), el("th", {}, "Answer"))),
      rows),
    el("button", { type: "button", id: "moonkey-calls-refresh", onclick: () => refresh() }, "Refresh"));
  document.querySelector("main").append(panel);

  async function refresh() {
    const response = await fetch("_demo/moonkey-calls", { headers: { Accept: "application/json" }, cache: "no-store" })
      .catch(() => null);
    if (!response || !response.ok) { panel.hidden = true; return; }
    const body = await response.json();
    journal.href = body.journal;
    journal.textContent = body.journal;
    rows.replaceChildren(...(body.calls.length ? body.calls.map((call) => el("tr", { class: "call" },
      el("td", {}, new Date(call.at).toLocaleTimeString()),
      el("td", {}, el("code", {}, call.request)),
      el("td", { class: call.status < 300 ? "ok" : "failed" }, String(call.status))))
      : [el("tr", {}, el("td", { colspan: "3", class: "muted" }, "Nothing yet."))]));
    panel.hidden = false;
  }
  await refresh();
}

window.sample = { currentUser, renderHeader, confirmLogout, showMoonKeyCalls };
