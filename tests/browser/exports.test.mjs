// The reports people take to meetings (issue #15 item 4), from the pages of
// the demo: each «Last ned CSV» and «Last ned Excel» button is clicked, the
// download saved, the CSV read here and the XLSX with a real reader
// (Debian's python3-openpyxl, tests/xlsx/read_xlsx.py), and their figures
// must equal the API's answers (GetTeamGap, GetOrgSummary,
// GetTrainingDemand with the budget); a tillitsvalgt's export hides what the
// API hides. And each view printed: no navigation or buttons, the heatmap in
// its colours.
//
//   SKILLPATHD_BIN=build/skillpathd node --test tests/browser/exports.test.mjs
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { repo } from "../common/skillpathd.mjs";
import { startWeb } from "./pages.mjs";

const shots = process.env.SKILLPATH_SCREENSHOTS || join(repo, "build/screenshots");

let web;
let saved; // where the downloads are saved under their own names (openpyxl goes by the extension)
before(async () => {
  mkdirSync(shots, { recursive: true });
  web = await startWeb("skillpath-exports-");
  saved = mkdtempSync(join(tmpdir(), "skillpath-exports-"));
});
after(async () => {
  await web?.stop();
  if (saved) rmSync(saved, { recursive: true, force: true });
});

// Clicks `testid` and saves its download: {name, path, bytes}.
async function download(page, testid) {
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByTestId(testid).click()]);
  const name = file.suggestedFilename();
  const path = join(saved, `${testid}-${name}`);
  await file.saveAs(path);
  return { name, path, bytes: readFileSync(path) };
}

// One CSV line split at `sep`, quotes taken off.
function fields(line, sep) {
  const out = [""];
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') (out[out.length - 1] += '"'), i++;
      else if (c === '"') quoted = false;
      else out[out.length - 1] += c;
    } else if (c === '"') quoted = true;
    else if (c === sep) out.push("");
    else out[out.length - 1] += c;
  }
  return out;
}

// The header and rows of the CSV sheet `name` ("<name>: <title>" heads it).
function section(bytes, name, sep = ";") {
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], "a byte order mark");
  const lines = bytes.subarray(3).toString("utf8").split("\r\n");
  const at = lines.findIndex((l) => l.startsWith(`${name}: `));
  if (at < 0) return [];
  const rows = [];
  for (let i = at + 1; i < lines.length && lines[i] !== ""; i++) rows.push(fields(lines[i], sep));
  return rows;
}

// A number as the Norwegian CSV writes it (decimal comma).
const num = (text) => {
  assert.match(text, /^-?\d+(,\d+)?(e[-+]\d+)?$/, `a number: '${text}'`);
  return Number(text.replace(",", "."));
};

// The rows (from the header down, without the notes) of the XLSX sheet `name`.
function xlsx(path, name) {
  const python = process.env.XLSX_PYTHON || "/usr/bin/python3"; // Debian's, where python3-openpyxl is
  const book = JSON.parse(execFileSync(python, [join(repo, "tests/xlsx/read_xlsx.py"), path]).toString());
  const sheet = book.sheets.find((s) => s.name === name);
  assert.ok(sheet, `sheet ${name} in ${book.sheets.map((s) => s.name)}`);
  assert.equal(sheet.freeze.slice(-1), "3", "the title and header rows frozen");
  assert.ok(sheet.bold[1].slice(0, 2).every(Boolean), "a bold header");
  const rows = [];
  for (const row of sheet.rows.slice(1)) {
    if (row[0] === null && (row.length < 2 || row[1] === null)) break;
    rows.push(row);
  }
  return rows;
}

const or0 = (v) => v ?? 0;
// What an XLSX file holds of a number: libxlsxwriter writes it with 16
// significant digits (%.16g; Excel itself keeps 15), correctly rounded as
// toPrecision(16) rounds.
const x16 = (v) => Number(v.toPrecision(16));

test("the manager's team heatmap downloads as CSV and Excel with GetTeamGap's figures", async () => {
  const page = await web.openView("MANAGER", "team", "heatmap");
  const unit = await page.getByTestId("team-unit").inputValue();
  const team = await web.api("MANAGER", "GapService/GetTeamGap", { orgUnitId: unit });
  assert.ok(team.rows.length > 0);

  const csv = await download(page, "team-export-csv");
  assert.match(csv.name, new RegExp(`^skillpath-team-${unit}-\\d{4}-\\d{2}-\\d{2}\\.csv$`));
  const heat = section(csv.bytes, "Varmekart");
  assert.equal(heat[0][1], "Navn");
  assert.equal(heat.length, team.rows.length + 1);
  team.rows.forEach((row, i) => {
    const line = heat[i + 1];
    assert.equal(line[0], row.personId);
    assert.equal(line[1], row.name);
    assert.equal(num(line[2]), or0(row.gapScore));
    assert.equal(num(line[3]), or0(row.requiredMetRatio));
    row.cells.forEach((cell, c) => {
      if (cell.targetLevel) assert.equal(num(line[4 + c]), or0(cell.gap), `${row.personId} ${team.competenceIds[c]}`);
      else assert.equal(line[4 + c], "");
    });
  });
  const cov = section(csv.bytes, "Dekning");
  assert.equal(cov.length, team.coverage.length + 1);
  team.coverage.forEach((c, i) => {
    assert.equal(cov[i + 1][0], c.competenceId);
    assert.equal(num(cov[i + 1][2]), or0(c.requiredCount));
    assert.equal(num(cov[i + 1][4]), or0(c.holders));
    assert.equal(num(cov[i + 1][5]), or0(c.meanGap));
  });

  const excel = await download(page, "team-export-xlsx");
  assert.match(excel.name, /\.xlsx$/);
  const rows = xlsx(excel.path, "Varmekart");
  assert.equal(rows.length, team.rows.length + 1);
  team.rows.forEach((row, i) => {
    const line = rows[i + 1];
    assert.equal(line[0], row.personId);
    assert.equal(line[2], x16(or0(row.gapScore)));
    assert.equal(line[3], x16(or0(row.requiredMetRatio)));
    row.cells.forEach((cell, c) => assert.equal(line[4 + c], cell.targetLevel ? or0(cell.gap) : null));
  });
  const cells = xlsx(excel.path, "Celler");
  assert.equal(cells.length, 1 + team.rows.length * team.competenceIds.length);
  assert.deepEqual(page.errors, []);
});

test("HR's summary and training demand with the budget download with the API's figures", async () => {
  const page = await web.openView("HR", "hr", "units");
  const summary = await web.api("HR", "GapService/GetOrgSummary", { topN: 10 });
  const units = [...(summary.units || []), summary.total];

  const csv = await download(page, "summary-export-csv");
  const rows = section(csv.bytes, "Enheter");
  assert.equal(rows.length, units.length + 1);
  units.forEach((u, i) => {
    const line = rows[i + 1];
    assert.equal(line[0], u.orgUnitId);
    assert.equal(num(line[2]), or0(u.people));
    assert.equal(num(line[3]), or0(u.requiredTotal));
    assert.equal(num(line[4]), or0(u.requiredMet));
    assert.equal(num(line[5]), or0(u.gapScore));
  });
  const top = section(csv.bytes, "Største gap");
  assert.deepEqual(
    top.slice(1).map((l) => [l[0], num(l[2]), num(l[3])]),
    summary.topGaps.map((g) => [g.competenceId, or0(g.peopleWithGap), or0(g.totalWeightedGap)]),
  );
  const excel = await download(page, "summary-export-xlsx");
  const sheet = xlsx(excel.path, "Enheter");
  assert.deepEqual(
    sheet.slice(1).map((l) => [l[0], l[2], l[3], l[4], l[5]]),
    units.map((u) => [u.orgUnitId, or0(u.people), or0(u.requiredTotal), or0(u.requiredMet), x16(or0(u.gapScore))]),
  );

  // The demand with the page's budget, as the page shows it.
  const budget = Number(await page.getByTestId("budget").inputValue());
  assert.ok(budget > 0);
  await page.getByTestId("simulate").click();
  await page.getByTestId("allocation").waitFor({ timeout: 240000 });
  const demand = await web.api("HR", "PlanService/GetTrainingDemand", { orgUnitId: "", budget });
  const funded = demand.allocation.funded || [];
  const unfunded = demand.allocation.unfunded || [];
  assert.ok(funded.length > 0);

  const dcsv = await download(page, "demand-export-csv");
  assert.match(dcsv.name, /^skillpath-demand-all-/);
  const res = section(dcsv.bytes, "Kurs");
  assert.equal(res.length, demand.resources.length + 2); // the header and the total
  demand.resources.forEach((r, i) => {
    const line = res[i + 1];
    assert.equal(line[0], r.resourceId);
    assert.equal(num(line[2]), or0(r.learners));
    assert.equal(num(line[3]), or0(r.totalHours));
    assert.equal(num(line[4]), or0(r.totalCost));
  });
  assert.equal(num(res.at(-1)[4]), or0(demand.totalCost));
  const steps = section(dcsv.bytes, "Budsjett");
  assert.deepEqual(
    steps.slice(1).map((l) => [l[0], l[1], l[3], num(l[5])]),
    [...funded.map((f) => ["ja", f.personId, f.resourceId, or0(f.cost)]), ...unfunded.map((f) => ["nei", f.personId, f.resourceId, or0(f.cost)])],
  );
  const sum = section(dcsv.bytes, "Sammendrag");
  assert.equal(num(sum[3][1]), budget);
  assert.equal(num(sum[4][1]), or0(demand.allocation.spent));

  const dxlsx = await download(page, "demand-export-xlsx");
  const resources = xlsx(dxlsx.path, "Kurs");
  assert.deepEqual(
    resources.slice(1, -1).map((l) => [l[0], l[2], l[3], l[4]]),
    demand.resources.map((r) => [r.resourceId, or0(r.learners), x16(or0(r.totalHours)), x16(or0(r.totalCost))]),
  );
  const budgetSheet = xlsx(dxlsx.path, "Budsjett");
  assert.equal(budgetSheet.length, funded.length + unfunded.length + 1);
  assert.deepEqual(page.errors, []);
});

test("a tillitsvalgt's summary export hides what the API hides", async () => {
  const page = await web.openView("AGGREGATE", "hr", "units");
  const summary = await web.api("AGGREGATE", "GapService/GetOrgSummary", { topN: 10 });
  const units = [...(summary.units || []), summary.total];
  const csv = await download(page, "summary-export-csv");
  const rows = section(csv.bytes, "Enheter");
  assert.equal(rows.length, units.length + 1);
  let hidden = 0;
  units.forEach((u, i) => {
    const line = rows[i + 1];
    assert.equal(num(line[2]), or0(u.people));
    if (u.totalsWithheld) {
      hidden++;
      assert.deepEqual(line.slice(3), ["skjult", "skjult", "skjult"]);
    } else {
      assert.equal(num(line[5]), or0(u.gapScore));
    }
  });
  const areas = section(csv.bytes, "Områder");
  const withheldAreas = units.flatMap((u) => (u.areas || []).filter((a) => a.withheld));
  assert.equal(areas.filter((l) => l[4] === "skjult").length, withheldAreas.length);
  assert.ok(hidden + withheldAreas.length > 0, "the demo hides something from a tillitsvalgt");
  // No person's name or id in the file.
  const text = csv.bytes.toString("utf8");
  assert.ok(!/\bE1\d{3}\b/.test(text), "no employee number");
  assert.deepEqual(page.errors, []);
});

test("each view prints without navigation, buttons or forms, the heatmap in its colours", async () => {
  const team = await web.openView("MANAGER", "team", "heatmap");
  await team.emulateMedia({ media: "print" });
  assert.equal(await team.locator("#nav").isVisible(), false);
  assert.equal(await team.getByTestId("team-export-csv").isVisible(), false);
  assert.equal(await team.getByTestId("team-unit").isVisible(), false);
  assert.equal(await team.getByTestId("heatmap").isVisible(), true);
  const adjust = await team.locator(".heatmap td.cell").first().evaluate((el) => getComputedStyle(el).printColorAdjust);
  assert.equal(adjust, "exact");
  const wrap = await team.locator(".table-wrap").first().evaluate((el) => getComputedStyle(el).overflowX);
  assert.equal(wrap, "visible");
  const pdf = await team.pdf({ format: "A4", landscape: true });
  assert.ok(pdf.length > 1000);
  await team.screenshot({ path: join(shots, "team-print.png"), fullPage: true });

  const hr = await web.openView("HR", "hr", "units");
  await hr.emulateMedia({ media: "print" });
  assert.equal(await hr.locator("#nav").isVisible(), false);
  assert.equal(await hr.getByTestId("summary-export-xlsx").isVisible(), false);
  assert.equal(await hr.getByTestId("units").isVisible(), true);
  assert.equal(await hr.getByTestId("top-gaps").isVisible(), true);

  const learner = await web.openView("EMPLOYEE", "learner", "calendar-feed");
  await learner.emulateMedia({ media: "print" });
  assert.equal(await learner.locator("#nav").isVisible(), false);
  assert.equal(await learner.locator("main h1").first().isVisible(), true);
  await team.emulateMedia({ media: "screen" });
  assert.equal(await team.locator("#nav").isVisible(), true);
});
