// The reporter page: upload a bundle with a submit token, then follow the case through its
// per-case link (/#case=<id>&key=<key>). The key lives in the URL's fragment, which the
// browser never sends to the server; the page sends it in the X-Pocsift-Case-Key header.
"use strict";

const DECISIONS = {
  "eligible": "Eligible: this looks like a valid security report for Django. It goes to the security team.",
  "ineligible": "Not eligible under Django's security policy, as it stands. See what to fix below.",
  "redirect": "This belongs elsewhere than Django's security team.",
  "needs-review": "A person needs to look at this: pocsift could not confirm the issue on its own.",
};
const ROUTES = {
  "python-security": "It goes to the Python security team (the flaw is in Python's standard library).",
  "third-party-maintainers": "It goes to the maintainers of the third-party package involved.",
  "public-tracker": "It can be reported in public: it is a hardening issue, not a vulnerability.",
};
const STATUS = {
  "queued": "Waiting for a free checker…",
  "running": "Running your proof of concept in the sandbox on each Django release…",
  "done": "Done.",
  "failed": "The check failed.",
};

function $(id) { return document.getElementById(id); }

function show(el, text) { el.textContent = text; el.hidden = false; }

function caseFromHash() {
  const params = new URLSearchParams(location.hash.slice(1));
  const id = params.get("case"), key = params.get("key");
  return id && key ? { id, key } : null;
}

async function upload(event) {
  event.preventDefault();
  const file = $("bundle").files[0];
  const token = $("token").value.trim();
  $("upload-error").hidden = true;
  if (!file || !token) return;
  $("submit").disabled = true;
  try {
    const response = await fetch("/v1/cases", {
      method: "POST",
      headers: { "Authorization": "Bearer " + token, "Content-Type": "application/octet-stream" },
      body: file,
    });
    const body = await response.json().catch(() => ({}));
    if (response.status === 202 || response.status === 200) {
      location.hash = body.link.split("#")[1];
      return;
    }
    const retry = response.headers.get("Retry-After");
    show($("upload-error"), (body.message || "The upload failed (" + response.status + ").") +
         (retry ? " Try again in " + retry + " seconds." : ""));
  } catch (e) {
    show($("upload-error"), "The server could not be reached: " + e.message);
  } finally {
    $("submit").disabled = false;
  }
}

function renderVerdict(view) {
  const verdict = view.verdict || {};
  const record = view.record || {};
  const decision = $("decision");
  decision.className = "decision " + verdict.decision;
  decision.textContent = DECISIONS[verdict.decision] || verdict.decision;
  const route = record.verdict && ROUTES[record.verdict.route];
  if (route && verdict.source === "engine") decision.textContent += " " + route;
  $("severity").textContent = verdict.severity
      ? "Severity: " + verdict.severity + "." : "Severity: not rated.";
  $("summary").textContent = (record.verdict && record.verdict.summary) || "";
  if (view.override) {
    show($("override-note"), "A triager changed the verdict to \"" + view.override.decision +
         "\" on " + view.override.at + ": " + view.override.reason);
  }
  const list = $("failed-rules");
  list.replaceChildren();
  for (const rule of view.failed_rules || []) {
    const item = document.createElement("li");
    const id = document.createElement("span");
    id.className = "rule-id";
    id.textContent = rule.rule + ": ";
    item.append(id, document.createTextNode(rule.message));
    const fix = document.createElement("span");
    fix.className = "fix";
    fix.textContent = "How to fix: " + rule.fix;
    const policy = document.createElement("span");
    policy.className = "policy";
    policy.textContent = "Policy — " + rule.policy;
    item.append(fix, policy);
    list.append(item);
  }
  $("failed-heading").hidden = list.children.length === 0;
  const rows = $("affected").tBodies[0];
  rows.replaceChildren();
  for (const row of record.affected || []) {
    const tr = document.createElement("tr");
    const reproduced = row.reproduced === null ? "—" : row.reproduced ? "yes" : "no";
    for (const cell of [row.series, row.version || "—", row.supported ? "yes" : "no",
                        row.tested ? "yes" : "no", reproduced]) {
      const td = document.createElement("td");
      td.textContent = cell;
      tr.append(td);
    }
    rows.append(tr);
  }
  $("verdict").hidden = false;
}

// Each followed link gets a generation; a poll loop of an earlier link stops at its next turn.
let generation = 0;

function resetCaseView(ref) {
  $("upload-section").hidden = true;
  $("case-section").hidden = false;
  $("case-id").textContent = ref.id;
  $("verdict").hidden = true;
  $("override-note").hidden = true;
  $("case-error").hidden = true;
  $("progress").hidden = false;
  $("progress").classList.remove("finished");
  $("status").textContent = "Waiting…";
}

async function follow(ref) {
  const mine = ++generation;
  resetCaseView(ref);
  while (mine === generation) {
    let response;
    try {
      response = await fetch("/v1/cases/" + encodeURIComponent(ref.id),
                             { headers: { "X-Pocsift-Case-Key": ref.key } });
    } catch (e) {
      $("status").textContent = "The server could not be reached; retrying…";
      await new Promise((r) => setTimeout(r, 3000));
      continue;
    }
    if (response.status === 404) {
      show($("case-error"), "This link does not open any case. Check that you copied all of it.");
      $("progress").hidden = true;
      return;
    }
    const view = await response.json().catch(() => ({}));
    if (mine !== generation) return;
    if (!response.ok) {
      $("status").textContent = (view.message || "The server answered " + response.status) + "; retrying…";
      await new Promise((r) => setTimeout(r, 3000));
      continue;
    }
    const attempts = view.attempts > 1 && view.status !== "done" ? " (attempt " + view.attempts + ")" : "";
    $("status").textContent = (STATUS[view.status] || view.status) + attempts;
    if (view.status === "done") {
      $("progress").classList.add("finished");
      renderVerdict(view);
      return;
    }
    if (view.status === "failed") {
      $("progress").classList.add("finished");
      show($("case-error"), "pocsift could not check this report: " + (view.failure || "unknown reason") +
           ". The failure is kept with the case for the security team; you need not resubmit.");
      return;
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}

function route() {
  const ref = caseFromHash();
  if (ref) follow(ref);
}

document.addEventListener("DOMContentLoaded", () => {
  $("upload-form").addEventListener("submit", upload);
  $("another").addEventListener("click", () => { location.hash = ""; });
  window.addEventListener("hashchange", () => {
    if (caseFromHash()) route(); else location.reload();
  });
  route();
});
