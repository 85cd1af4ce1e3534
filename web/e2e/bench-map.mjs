// Benchmark of the map explorer with a large map, in headless Chromium: the built app
// (web/dist) served statically, the API answered by this script with a synthetic map of N
// points (default 100,000). Prints: time from navigation to the drawn map, frames per second
// while zooming and panning, and the delay from pointer to hover card.
//
// Usage: node e2e/bench-map.mjs [points]     (after scripts/build-ui.sh)
// Software WebGL (SwiftShader) here; a real GPU is faster.
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { dirname, extname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const dist = resolve(dirname(fileURLToPath(import.meta.url)), "../dist");
const n = Number(process.argv[2] ?? 100_000);

/** Gaussian clusters, seeded, symmetric around (0, 0) with point 0 at the centre. */
function syntheticPoints(count) {
  let seed = 42;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const gauss = () => Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());
  const x = [0, -40, 40], y = [0, -40, 40];
  const centres = Array.from({ length: 30 }, () => [random() * 60 - 30, random() * 60 - 30]);
  while (x.length < count) {
    const [cx, cy] = centres[x.length % centres.length];
    x.push(Math.max(-39, Math.min(39, cx + gauss() * 2)));
    y.push(Math.max(-39, Math.min(39, cy + gauss() * 2)));
  }
  return {
    count,
    x,
    y,
    placed: x.map(() => false),
    smiles: x.map((_, i) => `CC(=O)Nc1ccc(O)cc1${"C".repeat(i % 7)}`),
    molecule_ids: x.map((_, i) => [i + 1]),
    compound_set_ids: x.map((_, i) => [1 + (i % 3)]),
    properties: Object.fromEntries(
      ["mw", "logp", "tpsa", "hbd", "hba", "qed", "sa_score"].map((p, k) => [p, x.map((v, i) => v + y[i] * k)]),
    ),
    activities: {},
  };
}

const points = JSON.stringify(syntheticPoints(n));
const now = new Date().toISOString();
const page = (results) => ({ count: results.length, next: null, previous: null, results });
const api = {
  "/api/accounts/me": { id: 1, username: "bench", email: "", is_admin: false, created_at: now },
  "/api/projects/1": { id: 1, name: "Benchmark", description: "", owner_id: 1, created_at: now, updated_at: now },
  "/api/tasks": page([]),
  "/api/activity-sets": page([]),
  "/api/compound-sets": page([1, 2, 3].map((id) => ({
    id, project_id: 1, name: `set ${id}`, description: "", source_kind: "csv", source: {}, status: "ready",
    task_id: null, molecule_count: Math.round(n / 3), report: null, imported_at: now, created_at: now,
  }))),
  "/api/maps/1": {
    id: 1, project_id: 1, name: `${n} points`, description: "", status: "ready", task_id: null,
    spec: { compound_set_ids: [1, 2, 3], algorithm: "tsne", parameters: null, seed: 42 },
    summary: { points: n, molecules: n, compound_sets: [1, 2, 3] }, built_at: now, created_at: now,
  },
};
const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="220" height="150"><circle cx="110" cy="75" r="40"/></svg>';

const server = createServer((req, res) => {
  const path = new URL(req.url, "http://x").pathname;
  if (path === "/api/maps/1/points") {
    res.writeHead(200, { "content-type": "application/json" });
    return res.end(points);
  }
  if (path === "/api/tasks/events") {
    res.writeHead(204);
    return res.end();
  }
  if (path.endsWith("/depiction.svg")) {
    res.writeHead(200, { "content-type": "image/svg+xml" });
    return res.end(svg);
  }
  if (path in api) {
    res.writeHead(200, { "content-type": "application/json" });
    return res.end(JSON.stringify(api[path]));
  }
  const file = path.startsWith("/assets/") ? join(dist, path) : join(dist, "index.html");
  const types = { ".js": "text/javascript", ".css": "text/css", ".html": "text/html" };
  res.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream" });
  res.end(readFileSync(file));
});
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const base = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--use-angle=swiftshader", "--enable-unsafe-swiftshader"],
});
try {
  const tab = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const started = Date.now();
  await tab.goto(`${base}/projects/1/maps/1`);
  const canvas = tab.getByTestId("map-canvas");
  await canvas.waitFor({ timeout: 120_000 });
  // Drawn once the scatter has painted a frame after the points arrived.
  await tab.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
  const shown = Date.now() - started;

  // The browser's own frame rate here, idle, as the yardstick for the one while moving.
  const idleFps = await tab.evaluate(
    () => new Promise((ok) => {
      const frames = [];
      const tick = (t) => {
        frames.push(t);
        if (t - frames[0] < 1000) requestAnimationFrame(tick);
        else ok((frames.length - 1) / ((t - frames[0]) / 1000));
      };
      requestAnimationFrame(tick);
    }),
  );
  const box = await canvas.boundingBox();
  const cx = box.x + box.width / 2, cy = box.y + box.height / 2;
  await tab.evaluate(() => {
    window.__frames = [];
    const tick = (t) => {
      window.__frames.push(t);
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  await tab.mouse.move(cx, cy);
  for (let i = 0; i < 20; i++) {
    await tab.mouse.wheel(0, i < 10 ? -120 : 120);
    await tab.waitForTimeout(40);
  }
  await tab.mouse.down();
  for (let i = 0; i < 30; i++) await tab.mouse.move(cx + i * 5, cy + i * 3, { steps: 2 });
  await tab.mouse.up();
  const frames = await tab.evaluate(() => window.__frames);
  const gaps = frames.slice(1).map((t, i) => t - frames[i]).sort((a, b) => a - b);
  const seconds = (frames[frames.length - 1] - frames[0]) / 1000;
  const fps = (frames.length - 1) / seconds;
  const p95 = gaps[Math.floor(gaps.length * 0.95)];

  // The centre point (point 0) sits in the middle of the canvas after a reset of the view.
  await tab.keyboard.press("Escape");
  await tab.goto(`${base}/projects/1/maps/1`);
  await canvas.waitFor();
  await tab.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
  await tab.mouse.move(cx - 30, cy - 30);
  const before = Date.now();
  await tab.mouse.move(cx, cy);
  await tab.getByTestId("map-hover").waitFor({ timeout: 10_000 });
  const hover = Date.now() - before;

  console.log(`map explorer, ${n.toLocaleString("en")} points (software WebGL):`);
  console.log(`  navigation to drawn map: ${(shown / 1000).toFixed(2)} s (incl. ${(points.length / 1e6).toFixed(1)} MB of points)`);
  console.log(`  zoom and pan: ${fps.toFixed(0)} frames/s (idle: ${idleFps.toFixed(0)}), 95th-percentile frame ${p95.toFixed(0)} ms`);
  console.log(`  pointer to hover card: ${hover} ms`);
} finally {
  await browser.close();
  server.close();
}
