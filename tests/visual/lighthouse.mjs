// Lighthouse on several pages in one Node process, for tests/test_lighthouse.py:
// the command line would load Lighthouse again for every page. Each page gets
// a browser of its own, as a first visit (one browser would remember, say, a
// missing favicon from the page before and not report it again).
//   CHROME_PATH=/usr/bin/chromium node tests/visual/lighthouse.mjs OUT_DIR NAME=URL...
// writes OUT_DIR/NAME.report.json and OUT_DIR/NAME.report.html for each page.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import * as chromeLauncher from "chrome-launcher"; // Lighthouse's own launcher (its dependency)
import lighthouse from "lighthouse";

const [outDir, ...pages] = process.argv.slice(2);
for (const page of pages) {
  const [name, url] = [page.slice(0, page.indexOf("=")), page.slice(page.indexOf("=") + 1)];
  const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROME_PATH,
    chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                  "--disable-background-networking"],
  });
  try {
    const result = await lighthouse(url, {
      port: chrome.port, output: ["json", "html"], logLevel: "error",
      onlyCategories: ["accessibility", "best-practices", "seo", "performance"],
    });
    writeFileSync(join(outDir, `${name}.report.json`), result.report[0]);
    writeFileSync(join(outDir, `${name}.report.html`), result.report[1]);
  } finally {
    await chrome.kill();
  }
}
