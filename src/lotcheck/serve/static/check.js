// lotcheck serve, the check page: upload, watch progress, show the report, sort and filter it.
// Served from /static (no inline script: the Content-Security-Policy can forbid them).
"use strict";

(function () {
  const POLL_MS = 500;

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, (all, name) => (name in values ? String(values[name]) : all));
  }

  function showError(text) {
    const box = document.getElementById("check-error");
    box.textContent = text;
    box.hidden = false;
  }

  // the page's own errors say {"error": text}; the API's (a refused upload: too large, too
  // many files, the CSRF token) {"error": {"code", "message"}}; FastAPI's {"detail": ...}
  function reason(body, response) {
    const detail = body.detail;
    if (body.error && typeof body.error === "object" && body.error.message) return body.error.message;
    if (body.error) return body.error;
    if (typeof detail === "string") return detail;
    if (detail && detail.message) return detail.message;
    return String(response.status);
  }

  async function answer(response) {
    let body = null;
    try {
      body = await response.json();
    } catch (e) {
      body = null;
    }
    return body || {};
  }

  function cellKey(row, column) {
    const cell = row.cells[column];
    if (!cell) return "";
    return cell.dataset.key !== undefined ? cell.dataset.key : cell.textContent.trim();
  }

  function setUpTable(table) {
    const body = table.tBodies[0];
    const headers = Array.from(table.tHead.rows[0].cells);
    headers.forEach((th) => {
      const button = th.querySelector("button.sort");
      if (!button) return;
      button.addEventListener("click", () => {
        const column = Number(button.dataset.column);
        const ascending = th.getAttribute("aria-sort") !== "ascending";
        headers.forEach((other) => other.setAttribute("aria-sort", "none"));
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        const rows = Array.from(body.rows);
        rows.sort((a, b) => {
          const order = cellKey(a, column).localeCompare(cellKey(b, column), undefined, { numeric: true });
          return ascending ? order : -order;
        });
        rows.forEach((row) => body.appendChild(row));
      });
    });
    const severity = document.getElementById("filter-severity");
    const text = document.getElementById("filter-text");
    const shown = document.getElementById("shown");
    function filter() {
      const wanted = severity ? severity.value : "";
      const needle = text ? text.value.trim().toLocaleLowerCase() : "";
      let count = 0;
      Array.from(body.rows).forEach((row) => {
        const visible = (!wanted || row.dataset.severity === wanted) &&
          (!needle || row.textContent.toLocaleLowerCase().includes(needle));
        row.hidden = !visible;
        if (visible) count += 1;
      });
      if (shown) shown.textContent = fill(shown.dataset.template, { shown: count, total: body.rows.length });
    }
    if (severity) severity.addEventListener("change", filter);
    if (text) text.addEventListener("input", filter);
  }

  async function showReport(job) {
    const response = await fetch(`/jobs/${encodeURIComponent(job)}/view`, { credentials: "same-origin" });
    const target = document.getElementById("report");
    target.innerHTML = await response.text();
    const table = document.getElementById("findings");
    if (table) setUpTable(table);
    const heading = document.getElementById("report-heading");
    if (heading) heading.focus();
  }

  async function watch(job, form) {
    const bar = document.getElementById("progress");
    const text = document.getElementById("progress-text");
    for (;;) {
      const response = await fetch(`/jobs/${encodeURIComponent(job)}/progress`, { credentials: "same-origin" });
      const state = await answer(response);
      if (!response.ok) {
        showError(reason(state, response));
        return;
      }
      bar.max = Math.max(state.total, 1);
      bar.value = state.done;
      text.textContent = fill(form.dataset.progress, { done: state.done, total: state.total });
      if (state.state === "done") {
        await showReport(job);
        return;
      }
      if (state.state === "failed") {
        showError(state.error || "");
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  async function submit(event, form) {
    event.preventDefault();
    const files = document.getElementById("files");
    document.getElementById("check-error").hidden = true;
    if (!files.files.length) {
      showError(form.dataset.choose);
      return;
    }
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    document.getElementById("report").innerHTML = "";
    document.getElementById("progress-box").hidden = false;
    document.getElementById("progress-text").textContent = form.dataset.sending;
    try {
      const response = await fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin" });
      const body = await answer(response);
      if (!response.ok) {
        showError(reason(body, response));
        return;
      }
      await watch(body.job, form);
    } catch (error) {
      showError(String(error));
    } finally {
      button.disabled = false;
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    const form = document.getElementById("check-form");
    if (form) form.addEventListener("submit", (event) => submit(event, form));
    const table = document.getElementById("findings");
    if (table) setUpTable(table);
  });
})();
