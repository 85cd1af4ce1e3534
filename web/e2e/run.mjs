// End-to-end test of the web app in headless Chromium (Debian's package, driven by
// playwright-core): a real `genui serve` on SQLite with its in-process worker, a real
// compound set from testdata/, every step screenshotted into e2e/artifacts/.
//
// Usage: node e2e/run.mjs   (GENUI_BIN = the genui binary, default target/debug/genui;
//                            CHROMIUM = the browser, default /usr/bin/chromium)
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

// evaluated through the driver: the app's Content-Security-Policy refuses inline scripts
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const artifacts = join(here, "artifacts");
const binary = process.env.GENUI_BIN ?? join(root, "target/debug/genui");
const browserPath = process.env.CHROMIUM ?? "/usr/bin/chromium";
// A copy of ../shared/data/wdl_rf_gpcr/A4.csv.gz (441 5-HT4 ligands; testdata/README.md): the
// issue's walk, with the file a chemist of that target would bring.
const csv = join(root, "testdata/A4.csv.gz");
// A ChEMBL activity download of 160 5-HT1A Ki values, 19 of them censored (testdata/README.md).
const chemblExport = join(root, "testdata/chembl/5ht1a_censored_export.csv");

const freePort = () =>
  new Promise((ok, fail) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
    s.on("error", fail);
  });

async function waitReady(url, server) {
  for (let i = 0; i < 300; i++) {
    if (server.exitCode !== null) throw new Error(`genui exited with ${server.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error("genui did not become ready in 60 s");
}

rmSync(artifacts, { recursive: true, force: true });
mkdirSync(artifacts, { recursive: true });
const data = mkdtempSync(join(tmpdir(), "genui-e2e-"));
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const env = { ...process.env, GENUI_DATA_MOUNT: data, GENUI_MODE: "debug", RUST_LOG: "warn" };
for (const k of ["POSTGRES_HOST", "REDIS_HOST", "GENUI_FRONTEND_APP_PATH"]) delete env[k];
const server = spawn(binary, ["serve", "--bind", `127.0.0.1:${port}`], { env, stdio: ["ignore", "inherit", "inherit"] });

let browser;
let failed = false;
const problems = [];
try {
  await waitReady(`${base}/api/ready`, server);
  browser = await chromium.launch({
    executablePath: browserPath,
    args: [
      "--no-sandbox", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--use-angle=swiftshader", "--enable-unsafe-swiftshader",
    ],
  });
  const wide = { width: 1440, height: 900 };
  const narrow = { width: 800, height: 900 };
  const page = await browser.newPage({ viewport: wide });
  page.setDefaultTimeout(30_000);
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  // which request a "Failed to load resource" in the console was
  const refused = [];
  page.on("response", (r) => r.status() >= 400 && refused.push(`${r.status()} ${r.request().method()} ${r.url()}`));
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console: ${m.text()}`);
  });

  // axe-core on the page as a step leaves it: critical violations fail the walk, serious ones
  // are listed.
  const accessibility = async (name) => {
    if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(axeSource);
    const violations = await page.evaluate(async () =>
      (await window.axe.run({ exclude: [["[data-third-party]"]] }, { resultTypes: ["violations"] })).violations
        .filter((v) => v.impact === "critical" || v.impact === "serious")
        .map((v) => ({ impact: v.impact, id: v.id, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) })));
    for (const v of violations) console.log(`     axe ${v.impact} on ${name}: ${v.id} (${v.help}) at ${v.nodes.join(", ")}`);
    const critical = violations.filter((v) => v.impact === "critical");
    if (critical.length) throw new Error(`critical accessibility violations: ${critical.map((v) => v.id).join(", ")}`);
  };

  let n = 0;
  const step = async (name, body) => {
    n += 1;
    const file = join(artifacts, `${String(n).padStart(2, "0")}-${name}`);
    const started = Date.now();
    try {
      await body();
      await page.screenshot({ path: `${file}.png`, fullPage: true });
      // the same page on a narrow window (a laptop's half screen)
      await page.setViewportSize(narrow);
      await page.waitForTimeout(150);
      await page.screenshot({ path: `${file}-800.png`, fullPage: true });
      await page.setViewportSize(wide);
      await accessibility(name);
      console.log(`ok   ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    } catch (e) {
      await page.screenshot({ path: `${file}-FAILED.png`, fullPage: true }).catch(() => {});
      console.log(`FAIL ${name}: ${e.message}`);
      throw e;
    }
  };
  const choose = async (label, option) => {
    await page.getByRole("textbox", { name: label, exact: true }).click();
    await page.getByRole("option", { name: option, exact: true }).click();
  };

  await step("register", async () => {
    await page.goto(`${base}/register`);
    await page.getByRole("textbox", { name: "Username", exact: true }).waitFor();
    const load = await page.evaluate(() => {
      const nav = performance.getEntriesByType("navigation")[0];
      const bytes = performance.getEntriesByType("resource").reduce((sum, r) => sum + r.transferSize, nav.transferSize);
      return { ready: Math.round(performance.now()), load: Math.round(nav.loadEventEnd), kB: Math.round(bytes / 1024) };
    });
    console.log(`first load: ${load.kB} kB transferred, load event at ${load.load} ms, form shown at ${load.ready} ms`);
    await page.getByRole("textbox", { name: "Username", exact: true }).fill("e2e-chemist");
    await page.locator('input[type="password"]').fill("serotonin-4-ligands");
    await page.getByRole("button", { name: "Register" }).click();
    await page.getByRole("heading", { name: "Projects" }).waitFor();
  });

  await step("create-project", async () => {
    await page.getByRole("button", { name: "New project" }).click();
    await page.getByRole("textbox", { name: "Name", exact: true }).fill("5-HT4 ligands");
    await page.getByRole("button", { name: "Create" }).click();
    await page.getByRole("heading", { name: "5-HT4 ligands" }).waitFor();
  });

  await step("bad-uploads", async () => {
    await page.getByRole("tab", { name: "Compound sets" }).click();
    await page.getByRole("link", { name: "Import a compound set" }).click();
    const input = page.locator('input[type="file"]');
    await input.setInputFiles({ name: "empty.csv", mimeType: "text/csv", buffer: Buffer.alloc(0) });
    await page.getByText("the file is empty").waitFor();
    const binary = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256));
    await input.setInputFiles({ name: "compounds.xlsx", mimeType: "application/octet-stream", buffer: binary });
    await page.getByText(/the file is not text: upload a CSV or SD file/).waitFor();
    // the browser logs the two refused previews; they are expected
    for (let i = 0; i < 2; i++) {
      const refused = problems.findIndex((p) => p.includes("status of 422") || p.includes("status of 400"));
      if (refused >= 0) problems.splice(refused, 1);
    }
  });

  await step("csv-preview", async () => {
    await page.locator('input[type="file"]').setInputFiles(csv);
    await page.getByRole("table", { name: "file preview" }).waitFor();
    // The columns are guessed from their names.
    for (const [label, column] of [["SMILES column", "smiles"], ["Activity column", "STANDARD_VALUE"]]) {
      const guessed = await page.getByRole("textbox", { name: label, exact: true }).inputValue();
      if (guessed !== column) throw new Error(`${label}: guessed ${JSON.stringify(guessed)}, not ${column}`);
    }
    // each row drawn from the column mapped to SMILES, as the import will read it
    const drawn = page.getByRole("table", { name: "file preview" }).getByRole("img");
    await drawn.first().waitFor();
    if ((await drawn.count()) < 5) throw new Error(`${await drawn.count()} structures drawn in the preview`);
    await page.getByRole("textbox", { name: "Activity type", exact: true }).fill("pKi-9");
    await page.getByRole("textbox", { name: "Name of the set", exact: true }).fill("A4 5-HT4");
  });

  await step("import", async () => {
    await page.getByRole("button", { name: "Import", exact: true }).click();
    await page.getByText(/Imported \d+ molecules of 441 records/).waitFor({ timeout: 120_000 });
    await page.getByTestId("molecule-row").first().waitFor();
    await page.getByRole("img", { name: "histogram of pKi-9" }).waitFor();
  });

  await step("bad-search-recovers", async () => {
    const before = problems.length;
    await page.getByRole("textbox", { name: "search query", exact: true }).fill("c1ccc(");
    await page.getByRole("button", { name: "Search" }).click();
    await page.getByRole("alert").first().waitFor();
    const alerts = await page.getByRole("alert").count();
    if (alerts !== 1) throw new Error(`a bad query shows ${alerts} alerts`);
    // The molecules stay on the page.
    await page.getByTestId("molecule-row").first().waitFor({ timeout: 5000 });
    // The browser logs the refused request; that one is expected.
    const expected = problems.slice(before).filter((p) => p.includes("status of 422"));
    if (expected.length !== 1) throw new Error(`expected one refused search, got: ${problems.slice(before)}`);
    problems.splice(problems.indexOf(expected[0]), 1);
  });

  await step("substructure-search", async () => {
    await page.getByRole("textbox", { name: "search query", exact: true }).fill("c1ccc2[nH]ccc2c1");
    await page.getByRole("button", { name: "Search" }).click();
    const count = page.getByTestId("search-count");
    await count.waitFor();
    const hits = Number((await count.textContent()).split(" ")[0].replace(/,/g, ""));
    if (!(hits > 0)) throw new Error(`an indole search found ${hits} hits`);
    await page.getByTestId("molecule-row").first().waitFor();
  });

  await step("browse-in-url", async () => {
    await page.goto(page.url().split("?")[0]);
    await page.getByRole("columnheader", { name: /^MW/ }).getByRole("button").click();
    await page.waitForURL(/sort=mw/);
    await page.getByText("Grid", { exact: true }).click();
    await page.waitForURL(/view=grid/);
    await page.getByTestId("molecule-card").first().waitFor();
    // back undoes the last step: the table again, still sorted by MW
    await page.goBack();
    await page.getByTestId("molecule-row").first().waitFor();
    if (!page.url().includes("sort=mw") || page.url().includes("view=grid")) throw new Error(`back led to ${page.url()}`);
    await page.getByRole("button", { name: /^Columns/ }).click();
    await page.getByRole("checkbox", { name: "TPSA" }).click();
    await page.waitForURL(/columns=/);
    await page.keyboard.press("Escape");
    await page.getByRole("columnheader", { name: /^TPSA/ }).waitFor({ state: "detached", timeout: 5000 });
  });

  await step("molecule-page", async () => {
    const first = page.getByTestId("molecule-row").first().getByRole("link");
    await first.click();
    await page.getByRole("table", { name: "identifiers" }).waitFor();
    const id = Number(page.url().split("/molecules/")[1]);
    const activities = await page.evaluate(async (id) => (await (await fetch(`/api/molecules/${id}`)).json()).activities.length, id);
    if (!(activities > 0)) throw new Error(`molecule ${id} has no activities to show`);
    const measured = page.getByRole("table", { name: "activities from A4 5-HT4 activities" });
    const rows = await measured.locator("tbody tr").count();
    if (rows !== activities) throw new Error(`${rows} rows for ${activities} measured activities`);
    await measured.getByText("pKi-9").first().waitFor();
    await page.goBack();
    await page.getByTestId("molecule-row").first().waitFor();
  });

  await step("train-random-forest", async () => {
    await page.getByRole("tab", { name: "QSAR models" }).click();
    await page.getByRole("link", { name: "Train a model" }).click();
    await choose("Compound set", "A4 5-HT4");
    await page.getByRole("radio", { name: "pKi-9" }).check();
    await page.getByRole("button", { name: "Next" }).click();
    await page.getByRole("textbox", { name: "Activity threshold", exact: true }).fill("-1");
    await page.getByRole("button", { name: "Next" }).click();
    await page.getByRole("button", { name: "Next" }).click();
    await page.getByRole("button", { name: "Next" }).click();
    await page.getByRole("textbox", { name: "Model name", exact: true }).fill("RF on A4");
    await page.getByRole("button", { name: "Train" }).click();
    await page.getByRole("img", { name: "ROC curve" }).waitFor({ timeout: 180_000 });
    await page.getByRole("table", { name: "metrics" }).waitFor();
    // How far its probabilities can be trusted: calibrated, judged on the cross-validation and the test set.
    await page.getByRole("img", { name: "reliability diagram" }).waitFor();
    const calibration = page.getByRole("table", { name: "calibration" });
    await calibration.getByRole("row", { name: /^cross-validation/ }).waitFor();
    await calibration.getByRole("row", { name: /^test set/ }).waitFor();
  });

  await step("predict-a-set", async () => {
    await choose("Predict activities for", "A4 5-HT4");
    await page.getByRole("button", { name: "Predict", exact: true }).click();
    // The result shows by itself once the task is done.
    await page.getByRole("table", { name: "predictions" }).waitFor({ timeout: 120_000 });
  });

  await step("delete-predictions", async () => {
    await page.getByRole("button", { name: "Delete these predictions" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Delete" }).click();
    await page.getByRole("table", { name: "predictions" }).waitFor({ state: "detached" });
    const left = await page.evaluate(async () => (await (await fetch(location.pathname.replace("/projects/1/models/", "/api/qsar/models/") + "/predictions")).json()).length);
    if (left !== 0) throw new Error(`${left} prediction sets left`);
  });

  await step("regression-tooltip", async () => {
    await page.getByRole("tab", { name: "QSAR models" }).click();
    await page.getByRole("link", { name: "Train a model" }).click();
    await choose("Compound set", "A4 5-HT4");
    await page.getByRole("radio", { name: "pKi-9" }).check();
    await page.getByRole("button", { name: "Next" }).click();
    await page.getByText("Regression", { exact: true }).click();
    await page.getByRole("button", { name: "Next" }).click();
    await choose("Algorithm", "Random forest");
    await page.getByRole("button", { name: "Next" }).click();
    await page.getByRole("button", { name: "Next" }).click();
    await page.getByRole("textbox", { name: "Model name", exact: true }).fill("RF regression on A4");
    await page.getByRole("button", { name: "Train" }).click();
    // hovering a point of observed vs predicted shows that molecule
    const chart = page.getByRole("img", { name: "Cross-validation observed vs predicted" });
    await chart.waitFor({ timeout: 180_000 });
    await chart.locator("canvas").waitFor();
    await chart.scrollIntoViewIfNeeded();
    const box = await chart.locator(".u-over").boundingBox();
    const tooltip = page.getByTestId("chart-tooltip");
    // predictions gather about the middle: scan rows outward from it
    const rows = Array.from({ length: 17 }, (_, i) => 0.5 + (i % 2 ? 1 : -1) * Math.ceil(i / 2) * 0.05);
    outer: for (const gy of rows) {
      for (let gx = 0.05; gx < 1; gx += 0.03) {
        await page.mouse.move(box.x + gx * box.width, box.y + gy * box.height);
        if (await tooltip.isVisible()) break outer;
      }
    }
    await tooltip.getByRole("img").waitFor({ timeout: 2000 });
  });

  await step("prediction-intervals", async () => {
    // The model's intervals by similarity to its training set, then predictions with them.
    // Its card: the data's fingerprint, the seed, the software.
    await page.getByRole("table", { name: "model card" }).getByText("Training set SHA-256").waitFor();
    const intervals = page.getByRole("table", { name: "prediction intervals" });
    await intervals.getByRole("row").filter({ hasText: /^90 %/ }).waitFor();
    await choose("Predict activities for", "A4 5-HT4");
    await page.getByRole("textbox", { name: "Interval confidence" }).fill("0.8");
    await page.getByRole("button", { name: "Predict", exact: true }).click();
    const table = page.getByRole("table", { name: "predictions" });
    await table.getByRole("columnheader", { name: "80 % interval" }).waitFor({ timeout: 120_000 });
    const first = await table.getByRole("row").nth(1).getByRole("cell").nth(2).innerText();
    if (!/^-?[\d.]+ – -?[\d.]+$/.test(first)) throw new Error(`interval cell ${JSON.stringify(first)}`);
    // The set's molecule table shows the predictions in a column of their own, with intervals.
    const modelPage = page.url();
    await page.goto(`${base}/projects/1/compound-sets`);
    await page.getByRole("link", { name: "A4 5-HT4" }).click();
    const molecules = page.getByRole("table", { name: "molecules" });
    const header = molecules.getByRole("columnheader", { name: /predictions: .* \(predicted\)$/ }).first();
    await header.waitFor();
    const column = await header.evaluate((th) => [...th.parentElement.children].indexOf(th));
    const cell = await molecules.getByTestId("molecule-row").first().getByRole("cell").nth(column).innerText();
    if (!/^-?[\d.]+ \(-?[\d.]+ – -?[\d.]+\)$/.test(cell)) throw new Error(`prediction cell ${JSON.stringify(cell)}`);
    await page.goto(modelPage);
    await page.getByRole("table", { name: "model card" }).waitFor();
  });

  await step("import-model", async () => {
    // The model file, downloaded as a user would, imported: its page shows the same card.
    const id = page.url().split("/models/")[1].split(/[?#]/)[0];
    const card = page.getByRole("table", { name: "model card" });
    const hash = await card.getByRole("row", { name: /Training set SHA-256/ }).getByRole("cell").innerText();
    const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    const file = Buffer.from(await (await fetch(`${base}/api/qsar/models/${id}/file`, { headers: { cookie } })).arrayBuffer());
    await page.getByRole("tab", { name: "QSAR models" }).click();
    await page.getByRole("button", { name: "Import a model file" }).click();
    const dialog = page.getByRole("dialog", { name: "Import a model file" });
    await dialog.locator('input[type="file"]').setInputFiles({ name: "model.genui-qsar", mimeType: "application/octet-stream", buffer: file });
    await dialog.getByRole("textbox", { name: "Name", exact: true }).fill("imported model");
    await dialog.getByRole("button", { name: "Import" }).click();
    await page.getByRole("heading", { name: "imported model" }).waitFor();
    await page.getByRole("table", { name: "model card" }).getByText(hash, { exact: true }).waitFor();
  });

  await step("fine-tune-generator", async () => {
    await page.getByRole("tab", { name: "Generators" }).click();
    await page.getByRole("table", { name: "networks" }).getByRole("link", { name: /GenUI default/ }).waitFor();
    await page.getByRole("link", { name: "1. Train a network" }).click();
    await page.getByRole("textbox", { name: "Compound sets to train on" }).click({ force: true });
    await page.getByRole("option", { name: /^A4 5-HT4/ }).click();
    await page.keyboard.press("Escape");
    await page.getByRole("textbox", { name: "Epochs (best kept)", exact: true }).fill("2");
    await page.getByRole("textbox", { name: "Network name", exact: true }).fill("A4 generator");
    await page.getByRole("button", { name: "Train" }).click();
    await page.getByRole("heading", { name: "A4 generator" }).waitFor();
    await page.getByRole("img", { name: "loss per epoch" }).waitFor({ timeout: 180_000 });
    await page.getByRole("heading", { name: "Sample molecules" }).waitFor({ timeout: 180_000 });
  });

  await step("import-network", async () => {
    // the fine-tuned network's two files, downloaded as a user would, imported as a new network
    const url = page.url();
    const id = url.split("/networks/")[1];
    const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    const download = async (part) => Buffer.from(await (await fetch(`${base}/api/generators/networks/${id}/${part}`, { headers: { cookie } })).arrayBuffer());
    const [config, weights] = [await download("config"), await download("weights")];
    await page.getByRole("tab", { name: "Generators" }).click();
    await page.getByRole("button", { name: "Import a network" }).click();
    const dialog = page.getByRole("dialog", { name: "Import a network" });
    await dialog.locator('input[type="file"]').nth(0).setInputFiles({ name: "config.json", mimeType: "application/json", buffer: config });
    await dialog.locator('input[type="file"]').nth(1).setInputFiles({ name: "weights.safetensors", mimeType: "application/octet-stream", buffer: weights });
    await dialog.getByRole("textbox", { name: "Name", exact: true }).fill("A4 generator, imported");
    await dialog.getByRole("button", { name: "Import" }).click();
    await page.getByRole("heading", { name: "A4 generator, imported" }).waitFor();
    await page.getByRole("heading", { name: "Sample molecules" }).waitFor();
  });

  await step("build-objective", async () => {
    await page.getByRole("tab", { name: "Generators" }).click();
    await page.getByRole("link", { name: "2. Build an objective" }).click();
    // The default objective is QED with a clipped modifier: its curve comes from the server.
    await page.getByRole("img", { name: "desirability curve" }).waitFor();
    await page.getByRole("button", { name: "Add an objective" }).click();
    await page.getByText("QSAR model", { exact: true }).last().click();
    await choose("QSAR model", "RF on A4");
    // The model's score reads in its own terms: a classifier's probability of being active.
    const summary = "P(active pKi-9) (RF on A4) 0 → 1, desired at 0.5";
    await page.getByTestId("objective-summary").filter({ hasText: summary }).waitFor();
    await page.getByRole("textbox", { name: "Objective name", exact: true }).fill("active and drug-like");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    const environments = page.getByRole("table", { name: "environments" });
    await environments.getByText("active and drug-like").waitFor();
    await environments.getByText(summary, { exact: true }).waitFor();
  });

  await step("optimize-agent", async () => {
    await page.getByRole("link", { name: "3. Optimize an agent" }).click();
    await choose("Start from", "A4 generator (finetuned)");
    // DrugEx's setup: the fine-tuned network explores with the shipped one as prior, which
    // fine-tuning keeps possible by keeping its parent's vocabulary.
    await choose("Exploration network (default: the start network)", "GenUI default (MOSES LSTM)");
    await choose("Objective", "active and drug-like");
    await page.getByRole("textbox", { name: "Epochs (best kept)", exact: true }).fill("2");
    await page.getByRole("textbox", { name: "Molecules per epoch", exact: true }).fill("64");
    await page.getByRole("textbox", { name: "Agent name", exact: true }).fill("A4 agent");
    await page.getByRole("button", { name: "Optimize" }).click();
    await page.getByRole("heading", { name: "A4 agent" }).waitFor();
    await page.getByRole("img", { name: "ratios per epoch" }).waitFor({ timeout: 180_000 });
    await page.getByRole("heading", { name: "Sample molecules" }).waitFor({ timeout: 180_000 });
  });

  await step("sample-generated-set", async () => {
    await choose("Score with objective (optional)", "active and drug-like");
    await page.getByRole("button", { name: "Preview 20" }).click();
    await page.getByRole("table", { name: "preview" }).waitFor({ timeout: 60_000 });
    await page.getByRole("textbox", { name: "Molecules", exact: true }).fill("200");
    await page.getByRole("textbox", { name: "New compound set", exact: true }).fill("A4 generated");
    await page.getByRole("button", { name: "Sample into a set" }).click();
    await page.getByRole("heading", { name: "A4 generated" }).waitFor();
    await page.getByText(/Imported \d+ molecules of 200 records/).waitFor({ timeout: 180_000 });
    await page.getByRole("img", { name: "histogram of desired" }).waitFor();
    await page.getByTestId("molecule-row").first().waitFor();
  });

  await step("score-a-set", async () => {
    await page.getByRole("tab", { name: "Generators" }).click();
    await page.getByRole("textbox", { name: "compound set to score with active and drug-like", exact: true }).click();
    await page.getByRole("option", { name: /^A4 5-HT4 \(/ }).click();
    await page.getByRole("button", { name: "Score", exact: true }).click();
    await page.getByRole("link", { name: "scores", exact: true }).click({ timeout: 120_000 });
    await page.getByRole("heading", { name: "active and drug-like scores" }).waitFor();
    await page.getByRole("img", { name: "histogram of desired" }).waitFor();
  });

  // Fragment-based design: a small graph transformer learns the set's fragments, decorates a
  // drawn scaffold at its one attachment point, and an agent optimizes the decorations.
  const scaffold = "c1ccc2[nH]ccc2c1";
  await step("pretrain-graph-transformer", async () => {
    await page.getByRole("tab", { name: "Generators" }).click();
    await page.getByRole("link", { name: "1. Train a network" }).click();
    await page.getByText("Pretrain a new one", { exact: true }).click();
    await choose("Network", "Graph transformer (grows fragments)");
    await page.getByRole("textbox", { name: "Width", exact: true }).fill("32");
    await page.getByRole("textbox", { name: "Layers", exact: true }).fill("1");
    await page.getByRole("textbox", { name: "Compound sets to train on" }).click({ force: true });
    await page.getByRole("option", { name: /^A4 5-HT4/ }).click();
    await page.keyboard.press("Escape");
    await page.getByRole("textbox", { name: "Epochs (best kept)", exact: true }).fill("1");
    await page.getByRole("textbox", { name: "Network name", exact: true }).fill("A4 fragments");
    await page.getByRole("button", { name: "Train" }).click();
    await page.getByRole("heading", { name: "A4 fragments" }).waitFor();
    await page.getByRole("heading", { name: "Sample molecules" }).waitFor({ timeout: 180_000 });
    await page.getByRole("columnheader", { name: "Fragments kept" }).waitFor();
  });

  // The scaffold goes into the structure editor through its API (window.ketcher): drawing it with
  // clicks on the canvas would test Ketcher, not us. The step's screenshot shows the editor.
  await step("draw-scaffold", async () => {
    await page.getByRole("button", { name: "Draw…" }).click();
    await page.getByRole("dialog", { name: "Draw a fragment or scaffold" }).waitFor();
    // the lazy chunk, then Indigo's WebAssembly module, come from our own server
    await page.waitForFunction(() => window.ketcher !== undefined, null, { timeout: 120_000 });
    await page.evaluate((smiles) => window.ketcher.setMolecule(smiles), `*${scaffold}`);
  });

  await step("decorate-scaffold", async () => {
    await page.getByRole("button", { name: "Add to fragments" }).click();
    await page.getByRole("dialog", { name: "Draw a fragment or scaffold" }).waitFor({ state: "detached" });
    // Ketcher's SMILES of the scaffold, one line with its one attachment point and the indole's
    // [nH]; that it is the scaffold the preview below checks on the server's canonical SMILES.
    const drawn = await page.getByRole("textbox", { name: "Fragments or scaffolds, one SMILES per line" }).inputValue();
    if (drawn.includes("\n") || drawn.split("*").length !== 2 || !drawn.includes("[nH]")) {
      throw new Error(`the drawn scaffold reached the form as ${JSON.stringify(drawn)}`);
    }
    await page.getByRole("button", { name: "Preview 20" }).click();
    const preview = page.getByRole("table", { name: "preview" });
    await preview.waitFor({ timeout: 60_000 });
    const grownFrom = await preview.locator("tbody tr td:nth-child(2)").allInnerTexts();
    if (grownFrom.length !== 20 || grownFrom.some((t) => t.trim() !== scaffold)) {
      throw new Error(`not every molecule grew from the scaffold: ${grownFrom.join(", ")}`);
    }
    await page.getByRole("textbox", { name: "Molecules", exact: true }).fill("50");
    await page.getByRole("textbox", { name: "New compound set", exact: true }).fill("A4 decorated");
    await page.getByRole("button", { name: "Sample into a set" }).click();
    await page.getByRole("heading", { name: "A4 decorated" }).waitFor();
    await page.getByText(/Imported \d+ molecules of 50 records/).waitFor({ timeout: 180_000 });
    await page.getByTestId("molecule-row").first().waitFor();
  });

  await step("optimize-decorations", async () => {
    await page.getByRole("tab", { name: "Generators" }).click();
    await page.getByRole("link", { name: "3. Optimize an agent" }).click();
    await choose("Start from", "A4 fragments (pretrained)");
    await page.getByRole("textbox", { name: "Fragments or scaffolds, one SMILES per line" }).fill(`*${scaffold}`);
    await choose("Objective", "active and drug-like");
    await page.getByRole("textbox", { name: "Epochs (best kept)", exact: true }).fill("2");
    await page.getByRole("textbox", { name: "Molecules per epoch", exact: true }).fill("32");
    await page.getByRole("textbox", { name: "Agent name", exact: true }).fill("A4 decorator");
    await page.getByRole("button", { name: "Optimize" }).click();
    await page.getByRole("heading", { name: "A4 decorator" }).waitFor();
    await page.getByRole("img", { name: "ratios per epoch" }).waitFor({ timeout: 180_000 });
    await page.getByRole("heading", { name: "Sample molecules" }).waitFor({ timeout: 180_000 });
  });

  await step("build-map", async () => {
    await page.getByRole("tab", { name: "Maps" }).click();
    await page.getByRole("link", { name: "Build a map" }).click();
    await page.getByRole("textbox", { name: "Compound sets" }).click({ force: true });
    await page.getByRole("option", { name: /^A4 5-HT4/ }).click();
    await page.keyboard.press("Escape");
    await page.getByRole("textbox", { name: "Map name", exact: true }).fill("A4 t-SNE");
    await page.getByRole("button", { name: "Build" }).click();
    await page.getByTestId("map-canvas").waitFor({ timeout: 180_000 });
  });

  await step("colour-by-value", async () => {
    // where are the actives: the measured pKi on the map
    await page.getByRole("textbox", { name: "Activities from" }).click();
    await page.getByRole("option", { name: "A4 5-HT4 activities", exact: true }).click();
    await page.getByRole("textbox", { name: "Colour by" }).click();
    await page.getByRole("option", { name: "pKi-9", exact: true }).click();
    // The legend's ramp, as the app drew it, then the canvas' pixels matched to it.
    const legend = await page.locator("div[style*='linear-gradient']").first().getAttribute("style");
    const ramp = [...legend.matchAll(/rgb\((\d+), (\d+), (\d+)\)/g)].map((m) => m.slice(1, 4).map(Number));
    if (ramp.length < 10) throw new Error(`no colour ramp in the legend: ${legend}`);
    await page.waitForTimeout(500);
    const shot = (await page.getByTestId("map-canvas").screenshot()).toString("base64");
    const { rampPixels, greyPixels, shades } = await page.evaluate(async ({ shot, ramp }) => {
      const image = new Image();
      image.src = `data:image/png;base64,${shot}`;
      await image.decode();
      const c = document.createElement("canvas");
      c.width = image.width;
      c.height = image.height;
      const ctx = c.getContext("2d");
      ctx.drawImage(image, 0, 0);
      const { data } = ctx.getImageData(0, 0, c.width, c.height);
      const palette = [[200, 200, 200], ...ramp];
      const seen = new Map();
      for (let i = 0; i < data.length; i += 4) {
        let best = -1, bestD = 12 * 12 * 3;
        palette.forEach(([r, g, b], k) => {
          const d = (data[i] - r) ** 2 + (data[i + 1] - g) ** 2 + (data[i + 2] - b) ** 2;
          if (d < bestD) { best = k; bestD = d; }
        });
        if (best >= 0) seen.set(best, (seen.get(best) ?? 0) + 1);
      }
      const greyPixels = seen.get(0) ?? 0;
      seen.delete(0);
      return { rampPixels: [...seen.values()].reduce((a, b) => a + b, 0), greyPixels, shades: seen.size };
    }, { shot, ramp });
    if (shades < 5 || rampPixels < greyPixels) {
      throw new Error(`the map is not coloured by the scale: ${shades} of its colours on ${rampPixels} pixels, ${greyPixels} grey pixels`);
    }
  });

  await step("hover-point", async () => {
    const canvas = page.getByTestId("map-canvas");
    const box = await canvas.boundingBox();
    const mapId = page.url().split("/maps/")[1];
    // Where the scatter draws the first point: the app fits the map into [-1, 1]² and the
    // default camera shows that square at the canvas' height, centred.
    const [nx, ny] = await page.evaluate(async (id) => {
      const p = await (await fetch(`/api/maps/${id}/points`)).json();
      const span = Math.max(Math.max(...p.x) - Math.min(...p.x), Math.max(...p.y) - Math.min(...p.y)) || 1;
      const cx = (Math.max(...p.x) + Math.min(...p.x)) / 2, cy = (Math.max(...p.y) + Math.min(...p.y)) / 2;
      return [((p.x[0] - cx) * 1.9) / span, ((p.y[0] - cy) * 1.9) / span];
    }, mapId);
    const px = box.x + box.width / 2 + (nx * box.height) / 2;
    const py = box.y + box.height / 2 - (ny * box.height) / 2;
    const hover = page.getByTestId("map-hover");
    outer: for (let r = 0; r <= 12; r += 2) {
      for (const [dx, dy] of [[0, 0], [r, 0], [-r, 0], [0, r], [0, -r], [r, r], [-r, -r], [r, -r], [-r, r]]) {
        await page.mouse.move(px + dx, py + dy);
        await page.waitForTimeout(30);
        if (await hover.isVisible()) break outer;
      }
    }
    await hover.waitFor({ timeout: 2000 });
    await hover.getByRole("img").waitFor();
  });

  await step("lasso-selection", async () => {
    await page.mouse.move(10, 10);
    await page.getByText("Lasso select").click();
    const box = await page.getByTestId("map-canvas").boundingBox();
    // A loop around the middle of the map.
    const cx = box.x + box.width / 2, cy = box.y + box.height / 2, r = box.height * 0.3;
    await page.mouse.move(cx + r, cy);
    await page.mouse.down();
    // Slowly enough for the scatter's throttled lasso to record every vertex.
    // It ends short of where it began: a release next to the press counts as a click.
    for (let a = 0; a <= 1.85 * Math.PI; a += Math.PI / 24) {
      await page.mouse.move(cx + r * Math.cos(a), cy + r * Math.sin(a), { steps: 4 });
      await page.waitForTimeout(25);
    }
    await page.mouse.up();
    const title = page.getByTestId("selection-title");
    await title.waitFor();
    const selected = Number((await title.textContent()).split(" ")[0].replace(/,/g, ""));
    if (!(selected > 1)) throw new Error(`the lasso selected ${selected} points`);
    await page.getByRole("table", { name: "selected molecules" }).waitFor();
  });

  await step("save-selection", async () => {
    await page.getByRole("textbox", { name: "Save the selection as a compound set", exact: true }).fill("Map centre");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.getByRole("heading", { name: "Map centre" }).waitFor();
    await page.getByText(/Imported \d+ molecules of \d+ records/).waitFor({ timeout: 120_000 });
  });

  await step("rename-set", async () => {
    await page.getByRole("button", { name: "Rename" }).last().click();
    const name = page.getByRole("dialog").getByRole("textbox", { name: "Name", exact: true });
    await name.fill("Centre of the map");
    await page.getByRole("dialog").getByRole("button", { name: "Save" }).click();
    await page.getByRole("heading", { name: "Centre of the map" }).waitFor();
  });

  await step("structure-elsewhere", async () => {
    // a molecule of the saved selection is in the first set and on the map too
    await page.getByTestId("molecule-row").first().getByRole("link").click();
    await page.getByRole("table", { name: "identifiers" }).waitFor();
    await page.getByText("map: A4 t-SNE").waitFor();
    await page.getByText("A4 5-HT4", { exact: true }).click();
    await page.getByRole("table", { name: "activities from A4 5-HT4 activities" }).waitFor();
  });

  await step("chembl-export", async () => {
    // A ChEMBL download: its censored values counted, ChEMBL's detail beside each value with links.
    await page.goto(`${base}/projects/1/compound-sets`);
    await page.getByRole("link", { name: "Import a compound set" }).click();
    await page.getByRole("tab", { name: "ChEMBL" }).click();
    const panel = page.getByRole("tabpanel", { name: "ChEMBL" });
    await panel.getByRole("textbox", { name: "Name of the set", exact: true }).fill("5-HT1A ChEMBL export");
    await panel.getByRole("textbox", { name: "Keep only this target organism (optional)" }).fill("Homo sapiens");
    await panel.locator('input[type="file"]').setInputFiles(chemblExport);
    await panel.getByRole("button", { name: "Import the file" }).click();
    await page.getByText(/Imported \d+ molecules of 160 records/).waitFor({ timeout: 120_000 });
    await page.getByTestId("molecule-row").first().getByRole("link").click();
    const measured = page.getByRole("table", { name: /^activities from 5-HT1A ChEMBL export/ });
    await measured.getByRole("link", { name: "CHEMBL214" }).first().waitFor();
    await measured.getByText("Serotonin 1a (5-HT1a) receptor (Homo sapiens)").first().waitFor();
  });

  await step("project-overview", async () => {
    await page.goto(`${base}/projects/1`);
    const card = page.getByRole("link", { name: "Generators (networks and agents)" }).locator("..");
    const [networks, agents] = await page.evaluate(async () =>
      Promise.all(["networks", "agents"].map(async (k) => (await (await fetch(`/api/generators/${k}?project_id=1`)).json()).count)));
    if (!(agents > 0)) throw new Error("the walk made no agent");
    await card.getByText(String(networks + agents), { exact: true }).waitFor();
  });

  await step("tasks-page", async () => {
    await page.goto(`${base}/projects/1/tasks`);
    const tasks = page.getByRole("table", { name: "tasks" });
    // titled for people, linked to their object, timed; where they ran only on demand
    const imported = tasks.getByRole("row").filter({ hasText: "Import A4 5-HT4" }).first();
    await imported.waitFor();
    const text = await imported.innerText();
    if (!/\d s\b|\d min\b/.test(text)) throw new Error(`no duration in ${JSON.stringify(text)}`);
    if (/celery|queue|worker/.test(await tasks.innerText())) throw new Error("the tasks table shows infrastructure labels");
    const model = await tasks.getByRole("link", { name: "Train QSAR model RF on A4" }).getAttribute("href");
    if (!/\/projects\/1\/models\/\d+$/.test(model ?? "")) throw new Error(`the model task links to ${model}`);
  });

  for (const [name, path, heading] of [
    ["projects-list", "/", "Projects"], ["compound-sets-list", "/projects/1/compound-sets", "Compound sets"],
    ["models-list", "/projects/1/models", "QSAR models"], ["maps-list", "/projects/1/maps", "Chemical space maps"],
    ["account", "/account", "Account"],
  ]) {
    await step(name, async () => {
      await page.goto(`${base}${path}`);
      await page.getByRole("heading", { name: heading, exact: true }).first().waitFor();
    });
  }

  await step("unknown-page", async () => {
    await page.goto(`${base}/projects/1/no-such-page`);
    await page.getByRole("heading", { name: "Page not found" }).waitFor();
    if ((await page.textContent("body")).includes("[object Object]")) throw new Error("[object Object] on the 404 page");
  });

  await step("log-out", async () => {
    await page.goto(`${base}/`);
    await page.getByRole("button", { name: "Log out" }).click();
    await page.getByRole("textbox", { name: "Username", exact: true }).waitFor();
  });

  const relevant = problems.filter((p) => !p.includes("favicon"));
  if (relevant.length) throw new Error(`the page reported errors:\n${relevant.join("\n")}\nrefused requests:\n${refused.join("\n")}`);
} catch (e) {
  failed = true;
  console.error(e.message);
} finally {
  await browser?.close();
  server.kill("SIGTERM");
  rmSync(data, { recursive: true, force: true });
}
console.log(failed ? "end-to-end test FAILED (screenshots in web/e2e/artifacts)" : "end-to-end test passed");
process.exit(failed ? 1 : 0);
