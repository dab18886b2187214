// «Last ned CSV», «Last ned Excel» and «Skriv ut» under a report (issue #15
// item 4). The server makes the file (ReportService) from the very call the
// view shows (GetTeamGap, GetOrgSummary, GetTrainingDemand), with the same
// access and the same hidden figures, in the page's language; this only
// saves what comes back. Printing uses the print style (style.css, @media
// print): no navigation, buttons or forms, the heatmap in its colours.
import { call } from "../api.js";
import { h } from "../dom.js";
import { language, t } from "../i18n.js";

// `method`: "ExportTeamGap", "ExportOrgSummary" or "ExportTrainingDemand";
// `request()`: the underlying call's request as the view holds it when the
// button is pressed; `testid`: the buttons are `${testid}-csv`,
// `${testid}-xlsx` and `${testid}-print`.
export function exportButtons(app, method, request, testid) {
  const download = (format, label) =>
    h(
      "button",
      {
        type: "button",
        "data-testid": `${testid}-${format}`,
        onclick: async () => {
          const file = await app.busy("busy.export", () =>
            call(`ReportService/${method}`, { request: request(), format, language: language() }),
          );
          if (file) save(file);
        },
      },
      t(label),
    );
  return h(
    "div",
    { class: "actions export-buttons" },
    download("csv", "export.csv"),
    download("xlsx", "export.xlsx"),
    h("button", { type: "button", "data-testid": `${testid}-print`, onclick: () => window.print() }, t("export.print")),
  );
}

// The file's bytes come base64-encoded (protobuf's JSON form of `bytes`).
function save(file) {
  const bytes = Uint8Array.from(atob(file.content || ""), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: file.contentType }));
  const a = h("a", { href: url, download: file.fileName });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
