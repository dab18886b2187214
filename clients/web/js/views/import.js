// «Import»: HR and ADMIN load org units or people from an HR system's
// export. The file goes to OrgService.ImportOrgUnits/ImportPeople as a
// dry run first, and the page shows the difference against what is stored
// (created, changed field by field, deactivated, unchanged) and every
// rejected row with its line; "Confirm" sends the same file again to be
// applied, all or nothing. Large files show the upload's progress, then
// that the server is comparing.
import { call, upload } from "../api.js";
import { figure, h, table } from "../dom.js";
import { number, t } from "../i18n.js";
import { indented, treeOrder } from "../units.js";

const CHUNK = 1 << 20; // bytes of the file per stream message
const state = { kind: "people", file: null, map: "", ignore: "", sync: false, syncUnit: "", result: null, applied: null };

export async function renderImport(main, app) {
  const listed = await app.busy("busy", () => call("OrgService/ListOrgUnits", {}));
  const units = treeOrder(listed?.orgUnits || []);
  drawImport(main, app, units);
}

// The page from what is chosen in `state`; a new choice draws it again
// without asking the server for the units again.
function drawImport(main, app, units) {
  const fileInput = h("input", {
    type: "file",
    accept: ".csv,.tsv,.txt,.jsonl,.json,text/csv",
    "data-testid": "import-file",
    "aria-label": t("import.file"),
    onchange: (e) => {
      state.file = e.target.files[0] || null;
      state.result = null;
      state.applied = null;
      draw();
    },
  });
  const kind = h(
    "select",
    {
      "data-testid": "import-kind",
      "aria-label": t("import.kind"),
      onchange: (e) => {
        state.kind = e.target.value;
        state.result = null;
        state.applied = null;
        draw();
      },
    },
    ["people", "units"].map((k) => h("option", { value: k, selected: state.kind === k }, t(`import.kind.${k}`))),
  );
  const map = h("input", {
    type: "text",
    class: "wide",
    value: state.map,
    placeholder: "id=Ansattnr, org_unit_id=Enhetskode",
    "data-testid": "import-map",
    "aria-label": t("import.map"),
    oninput: (e) => (state.map = e.target.value),
  });
  const ignore = h("input", {
    type: "text",
    value: state.ignore,
    placeholder: "Stillingsprosent, Lønnstrinn",
    "data-testid": "import-ignore",
    "aria-label": t("import.ignore"),
    oninput: (e) => (state.ignore = e.target.value),
  });
  // --sync-unit: the file is the whole truth for this unit's subtree only.
  const syncUnit = h(
    "select",
    { "data-testid": "import-sync-unit", "aria-label": t("import.sync.unit"), disabled: !state.sync, onchange: (e) => (state.syncUnit = e.target.value) },
    h("option", { value: "" }, t("import.sync.all")),
    units.map((u) => h("option", { value: u.id, selected: u.id === state.syncUnit }, `${indented(u)} (${u.id})`)),
  );
  const sync = h("input", {
    type: "checkbox",
    checked: state.sync,
    "data-testid": "import-sync",
    onchange: (e) => {
      state.sync = e.target.checked;
      syncUnit.disabled = !state.sync;
    },
  });
  const progress = h("div", { class: "upload", "data-testid": "import-progress", hidden: true });
  const resultBox = h("div", { "data-testid": "import-result" });
  const form = h(
    "div",
    { class: "card" },
    h("p", { class: "muted" }, t("import.help")),
    h("div", { class: "row" }, h("label", {}, `${t("import.kind")} `, kind), h("label", {}, `${t("import.file")} `, fileInput)),
    h("div", { class: "row" }, h("label", {}, `${t("import.map")} `, map), h("label", {}, `${t("import.ignore")} `, ignore)),
    h(
      "div",
      { class: "row", hidden: state.kind !== "people" },
      h("label", {}, sync, ` ${t("import.sync")}`),
      h("label", {}, `${t("import.sync.unit")} `, syncUnit),
    ),
    h(
      "div",
      { class: "row" },
      h("button", { class: "primary", type: "button", "data-testid": "import-dry-run", disabled: !state.file, onclick: () => run(true) }, t("import.dryrun")),
    ),
    progress,
  );
  main.replaceChildren(h("h1", {}, t("import.title")), form, resultBox);
  if (state.file) {
    // A re-render (language switch) keeps the chosen file.
    const files = new DataTransfer();
    files.items.add(state.file);
    fileInput.files = files.files;
  }
  drawResult();

  function draw() {
    drawImport(main, app, units);
  }

  async function run(dryRun) {
    const options = optionsOf(dryRun);
    if (!options) return;
    const method = state.kind === "people" ? "OrgService/ImportPeople" : "OrgService/ImportOrgUnits";
    progress.hidden = false;
    const bar = h("progress", { max: 100, value: 0 });
    const label = h("span", { "data-testid": "import-progress-text" }, t("import.reading"));
    progress.replaceChildren(bar, label);
    const result = await app.busy(dryRun ? "import.busy.dryrun" : "import.busy.apply", async () => {
      const messages = [{ options }, ...(await chunks(state.file))];
      return upload(method, messages, (sent, total) => {
        bar.value = total ? (100 * sent) / total : 0;
        label.textContent =
          sent < total
            ? t("import.sending").replace("{sent}", megabytes(sent)).replace("{total}", megabytes(total))
            : t(dryRun ? "import.comparing" : "import.applying");
      });
    });
    progress.hidden = true;
    if (!result) return;
    if (dryRun) {
      state.result = result;
      state.applied = null;
    } else {
      state.applied = result;
      state.result = result.applied ? null : result;
      // New or renamed units: the unit list (the sync scope) is read again.
      if (result.applied && state.kind === "units") return renderImport(main, app);
    }
    drawResult();
  }

  function optionsOf(dryRun) {
    const fields = {};
    for (const pair of state.map.split(",").map((s) => s.trim()).filter(Boolean)) {
      const eq = pair.indexOf("=");
      if (eq <= 0) {
        app.busy("busy", () => Promise.reject(new Error(t("import.map.bad").replace("{pair}", pair))));
        return null;
      }
      fields[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
    }
    return {
      dryRun,
      map: fields,
      ignore: state.ignore.split(",").map((s) => s.trim()).filter(Boolean),
      sync: state.kind === "people" && state.sync,
      syncUnitIds: state.kind === "people" && state.sync && state.syncUnit ? [state.syncUnit] : [],
      fileName: state.file.name,
      contentLength: String(state.file.size),
    };
  }

  function drawResult() {
    const parts = [];
    if (state.applied?.applied) {
      parts.push(h("div", { class: "card ok", "data-testid": "import-applied" }, h("h2", {}, t("import.applied")), counts(state.applied)));
    } else if (state.applied && !state.result) {
      parts.push(h("div", { class: "card", "data-testid": "import-nothing" }, h("p", {}, t("import.nothing"))));
    }
    const r = state.result;
    if (r) {
      const changing = Number(r.created || 0) + Number(r.changed || 0) + Number(r.deactivated || 0);
      const rejected = Number(r.rejected || 0);
      const confirm =
        r.dryRun && !rejected && changing > 0
          ? h("button", { class: "primary", type: "button", "data-testid": "import-confirm", onclick: () => run(false) }, t(changing === 1 ? "import.confirm.one" : "import.confirm").replace("{n}", number(changing)))
          : null;
      parts.push(
        h(
          "div",
          { class: "card" },
          h("h2", {}, t(rejected ? "import.rejected.title" : "import.diff.title")),
          counts(r),
          h("p", { class: "muted", "data-testid": "import-read-as" }, readAs(r)),
          rejected ? h("p", { class: "error-text" }, t("import.rejected.help")) : !changing ? h("p", { "data-testid": "import-same" }, t("import.same")) : null,
          confirm,
        ),
      );
      if ((r.errors || []).length) parts.push(problems(r.errors, r.errorsTruncated, "import.errors", "import-errors"));
      if ((r.warnings || []).length) parts.push(problems(r.warnings, false, "import.warnings", "import-warnings"));
      if ((r.changes || []).length) parts.push(changes(r));
    }
    resultBox.replaceChildren(...parts);
  }
}

function counts(r) {
  return h(
    "div",
    { class: "figures" },
    ["created", "changed", "deactivated", "unchanged", "rejected"].map((k) => figure(number(Number(r[k] || 0)), t(`import.${k}`), `import-${k}`)),
  );
}

function readAs(r) {
  const format = r.format === "jsonl" ? "JSON Lines" : "CSV";
  const separator = r.separator === "TAB" ? t("import.tab") : `«${r.separator || ","}»`;
  const rows = Number(r.rows || 0);
  return t(rows === 1 ? "import.readas.one" : "import.readas").replace("{rows}", number(rows)).replace("{format}", r.format === "jsonl" ? format : `${format}, ${separator}`);
}

function problems(list, truncated, title, testid) {
  return h(
    "div",
    { class: "card" },
    h("h2", {}, t(title)),
    table(
      [{ label: t("import.line"), num: true }, { label: t("import.column") }, { label: "id" }, { label: t("import.message") }],
      list.map((p) => h("tr", {}, h("td", { class: "num" }, p.line || ""), h("td", {}, p.column || ""), h("td", {}, p.id || ""), h("td", {}, p.message))),
      { "data-testid": testid },
    ),
    truncated ? h("p", { class: "muted" }, t("import.truncated")) : null,
  );
}

function changes(r) {
  const kindText = (k) => t(`import.kind.${String(k).toLowerCase()}`);
  return h(
    "div",
    { class: "card" },
    h("h2", {}, t("import.changes")),
    table(
      [{ label: t("import.change") }, { label: "id" }, { label: t("import.name") }, { label: t("import.line"), num: true }, { label: t("import.fields") }],
      r.changes.map((c) =>
        h(
          "tr",
          { "data-testid": `import-change-${c.id}` },
          h("td", {}, kindText(c.kind)),
          h("td", {}, c.id),
          h("td", {}, c.name || ""),
          h("td", { class: "num" }, c.line && c.line !== "0" ? c.line : ""),
          h(
            "td",
            {},
            (c.fields || []).map((f) => h("div", {}, h("code", {}, f.field), `: ${f.before || "–"} → ${f.after || "–"}`)),
          ),
        ),
      ),
      { "data-testid": "import-changes" },
    ),
    r.changesTruncated ? h("p", { class: "muted" }, t("import.truncated")) : null,
  );
}

// The file as stream messages: {content} of CHUNK bytes each, base64 (the
// JSON mapping of bytes).
async function chunks(file) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const out = [];
  for (let at = 0; at < bytes.length; at += CHUNK) out.push({ content: base64(bytes.subarray(at, at + CHUNK)) });
  return out;
}

function base64(bytes) {
  let binary = "";
  for (let at = 0; at < bytes.length; at += 0x8000) binary += String.fromCharCode.apply(null, bytes.subarray(at, at + 0x8000));
  return btoa(binary);
}

function megabytes(n) {
  return number(n / (1 << 20), 1);
}
