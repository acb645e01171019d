// aseanway dashboard: draw the charts, run simulations as background jobs, grow the forecast table.
// Plain JavaScript, no framework; every asset comes from this server.
"use strict";

function drawCharts(root) {
  if (typeof Plotly === "undefined") return;
  (root || document).querySelectorAll("[data-figure]").forEach(function (el) {
    if (el.dataset.drawn) return;
    var fig = JSON.parse(el.dataset.figure);
    Plotly.newPlot(el, fig.data, fig.layout, { displaylogo: false, responsive: true });
    el.dataset.drawn = "1";
  });
}

function collectRun(form) {
  var stances = {};
  form.querySelectorAll("input[data-issue]").forEach(function (inp) {
    var issue = inp.dataset.issue, actor = inp.dataset.actor;
    stances[issue] = stances[issue] || {};
    stances[issue][actor] = stances[issue][actor] || {};
    stances[issue][actor][inp.dataset.field] = inp.value === "" ? null : Number(inp.value);
  });
  return {
    scenario_yaml: form.querySelector("#scenario-base").value,
    runs: Number(form.querySelector("#runs").value),
    seed: Number(form.querySelector("#seed").value),
    stances: stances,
    lang: document.body.dataset.lang,
  };
}

function showError(form, text) {
  var box = form.querySelector("#run-error");
  box.textContent = form.dataset.msgFailed + " " + text;
  box.hidden = false;
}

function detailText(body) {
  if (typeof body.detail === "string") return body.detail;
  if (Array.isArray(body.detail)) {
    return body.detail.map(function (d) { return (d.loc || []).join(".") + ": " + d.msg; }).join("; ");
  }
  return JSON.stringify(body);
}

function poll(form, jobId) {
  var status = form.querySelector("#run-status");
  var bar = form.querySelector("#run-progress");
  var text = form.querySelector("#run-text");
  fetch("/api/jobs/" + jobId).then(function (r) { return r.json(); }).then(function (job) {
    if (job.status === "queued" || job.status === "running") {
      if (job.total) { bar.max = job.total; bar.value = job.done; }
      text.textContent = (job.status === "queued" ? form.dataset.msgQueued : form.dataset.msgRunning) +
        (job.total ? " " + job.done + "/" + job.total : "");
      setTimeout(function () { poll(form, jobId); }, 300);
      return;
    }
    form.querySelector("#run-button").disabled = false;
    if (job.status === "failed") { status.hidden = true; showError(form, job.error); return; }
    bar.max = 1; bar.value = 1;
    text.textContent = form.dataset.msgDone;
    fetch("/simulate/result/" + jobId + "?lang=" + document.body.dataset.lang)
      .then(function (r) { return r.text(); })
      .then(function (html) {
        var out = document.getElementById("run-result");
        out.innerHTML = html;
        drawCharts(out);
        out.scrollIntoView({ behavior: "smooth" });
      });
  });
}

function setupRun() {
  var form = document.getElementById("run-form");
  if (!form) return;
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    form.querySelector("#run-error").hidden = true;
    form.querySelector("#run-button").disabled = true;
    var status = form.querySelector("#run-status");
    status.hidden = false;
    form.querySelector("#run-progress").removeAttribute("value");
    form.querySelector("#run-text").textContent = form.dataset.msgQueued;
    fetch("/api/run", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(collectRun(form)),
    }).then(function (r) {
      return r.json().then(function (body) { return { ok: r.ok, body: body }; });
    }).then(function (res) {
      if (!res.ok) {
        form.querySelector("#run-button").disabled = false;
        status.hidden = true;
        showError(form, detailText(res.body));
        return;
      }
      poll(form, res.body.job_id);
    });
  });
}

function setupTable() {
  var button = document.getElementById("add-row");
  if (!button) return;
  button.addEventListener("click", function () {
    var body = document.querySelector("#edit-table tbody");
    var last = body.querySelector("tr:last-child");
    var row = last.cloneNode(true);
    row.querySelectorAll("input").forEach(function (inp) { inp.value = ""; });
    body.appendChild(row);
  });
}

document.addEventListener("DOMContentLoaded", function () {
  drawCharts();
  setupRun();
  setupTable();
});
