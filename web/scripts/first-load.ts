// A build step that weighs what a browser fetches before the first page shows: index.html, the
// entry chunk, the chunks it imports statically and their CSS, gzipped as the server sends them.
// The build prints it and fails past the budget; lazy chunks (structure editor, charts, map
// explorer's WebGL) do not count.
import { gzipSync } from "node:zlib";
import type { Plugin } from "vite";

/** Most kilobytes (gzip) the first load may take. */
export const FIRST_LOAD_BUDGET_KB = 500;

type Output = { type: "chunk"; code: string; imports: string[]; isEntry: boolean; viteMetadata?: { importedCss: Set<string> } } | { type: "asset"; source: string | Uint8Array };

export function firstLoad(): Plugin {
  return {
    name: "genui-first-load",
    apply: "build",
    generateBundle(_options, bundle) {
      const files = bundle as unknown as Record<string, Output>;
      const wanted = new Set<string>(["index.html"]);
      const visit = (name: string) => {
        const file = files[name];
        if (wanted.has(name) || !file) return;
        wanted.add(name);
        if (file.type === "chunk") {
          file.imports.forEach(visit);
          file.viteMetadata?.importedCss.forEach((css) => wanted.add(css));
        }
      };
      Object.entries(files).forEach(([name, f]) => f.type === "chunk" && f.isEntry && visit(name));
      let bytes = 0;
      for (const name of wanted) {
        const file = files[name];
        if (!file) continue;
        bytes += gzipSync(file.type === "chunk" ? file.code : file.source).length;
      }
      const kB = Math.round(bytes / 1024);
      const line = `first load: ${kB} kB gzip in ${wanted.size} files (budget ${FIRST_LOAD_BUDGET_KB} kB)`;
      if (kB > FIRST_LOAD_BUDGET_KB) this.error(line);
      console.log(line);
    },
  };
}
