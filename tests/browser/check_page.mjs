#!/usr/bin/env node
// Open one HTML file from disk in headless Chromium, with the network cut off,
// and print ONE JSON object on stdout describing what the page did.
//
//   node check_page.mjs <file.html> [--screenshot out.png] [--pdf out.pdf]
//
// playwright-core and axe-core are looked up in the cache folder that
// setup_browser.sh fills: $SURVEY_BROWSER_DIR, else $SURVEY_CACHE/browser,
// else ~/.cache/survey/browser. Chromium is Debian's /usr/bin/chromium
// ($SURVEY_CHROMIUM overrides). Exit 0 when the page was checked, whatever
// was found in it; 2 on bad arguments; 1 when the check itself failed.
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
// Schemes that never leave the machine. blob: and about: are made by the page
// itself; everything else (http, https, ws, ftp, ...) is blocked and recorded.
const LOCAL_SCHEMES = ['file:', 'data:', 'blob:', 'about:'];
const NAV_TIMEOUT_MS = 60_000;
const IMAGE_SETTLE_MS = 5_000;

function usage(message) {
  process.stderr.write(
    `check_page: ${message}\n` +
      'usage: node check_page.mjs <file.html> [--screenshot out.png] [--pdf out.pdf]\n',
  );
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { file: null, screenshot: null, pdf: null };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--screenshot' || arg === '--pdf') {
      const value = argv[++i];
      if (!value) usage(`${arg} needs a file name`);
      opts[arg.slice(2)] = path.resolve(value);
    } else if (arg.startsWith('--')) {
      usage(`unknown option ${arg}`);
    } else if (opts.file === null) {
      opts.file = path.resolve(arg);
    } else {
      usage(`one HTML file only (got ${opts.file} and ${arg})`);
    }
  }
  if (opts.file === null) usage('no HTML file given');
  if (!existsSync(opts.file)) usage(`no such file: ${opts.file}`);
  return opts;
}

function cacheDir() {
  if (process.env.SURVEY_BROWSER_DIR) return process.env.SURVEY_BROWSER_DIR;
  if (process.env.SURVEY_CACHE) return path.join(process.env.SURVEY_CACHE, 'browser');
  return path.join(os.homedir(), '.cache', 'survey', 'browser');
}

function isLocal(url) {
  return LOCAL_SCHEMES.some((scheme) => url.startsWith(scheme));
}

// data: URLs of embedded images run to megabytes: keep the head of them.
function shortUrl(url) {
  if (url && url.length > 120) return `${url.slice(0, 80)}… (${url.length} chars)`;
  return url;
}

// Pages in a PDF written by Chromium (Skia), whose object dictionaries are
// plain text (only content streams are compressed): the /Count of the root of
// the page tree (the largest one), else the number of /Type /Page objects.
function countPdfPages(buffer) {
  const text = buffer.toString('latin1');
  const counts = [...text.matchAll(/\/Type\s*\/Pages\b[^>]*?\/Count\s+(\d+)/gs)].map((m) =>
    Number(m[1]),
  );
  const objects = (text.match(/\/Type\s*\/Page(?![a-zA-Z])/g) || []).length;
  const count = counts.length ? Math.max(...counts) : objects;
  if (counts.length && count !== objects) {
    process.stderr.write(`check_page: PDF /Count ${count} but ${objects} page objects\n`);
  }
  if (count === 0) {
    process.stderr.write('check_page: no page found in the PDF (format changed?)\n');
    return null;
  }
  return count;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const modules = path.join(cacheDir(), 'node_modules');
  const axePath = path.join(modules, 'axe-core', 'axe.min.js');
  if (!existsSync(path.join(modules, 'playwright-core')) || !existsSync(axePath)) {
    throw new Error(
      `playwright-core / axe-core not found in ${modules}: run tests/browser/setup_browser.sh`,
    );
  }
  // ESM ignores NODE_PATH: resolve from the cache folder explicitly.
  const require = createRequire(path.join(modules, 'survey-check-page.js'));
  const { chromium } = require('playwright-core');

  const url = pathToFileURL(opts.file).href;
  const result = {
    url,
    title: null,
    lang: null,
    requests_blocked: [],
    console_errors: [],
    page_errors: [],
    broken_images: [],
    images_without_alt: [],
    headings: [],
    violations: [],
    pdf_pages: null,
  };

  // launch() gives Chromium a new, empty temporary --user-data-dir of its own
  // and removes it on close.
  const browser = await chromium.launch({
    executablePath: process.env.SURVEY_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: NAV_TIMEOUT_MS,
  });
  try {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      locale: 'fr-FR',
      serviceWorkers: 'block',
    });
    const blocked = new Set();
    const block = (u) => {
      if (!blocked.has(u)) {
        blocked.add(u);
        result.requests_blocked.push(u);
      }
    };
    await context.route('**/*', async (route) => {
      const u = route.request().url();
      if (isLocal(u)) return route.continue();
      block(u);
      return route.abort('blockedbyclient');
    });
    await context.routeWebSocket(/.*/, (ws) => {
      block(ws.url());
      return ws.close();
    });

    const page = await context.newPage();
    // Safety net: anything that reached the network layer without the router.
    page.on('request', (req) => {
      if (!isLocal(req.url())) block(req.url());
    });
    page.on('console', (msg) => {
      if (msg.type() !== 'error') return;
      // "Failed to load resource" says nothing of which one: add where it came from.
      const { url: where, lineNumber } = msg.location();
      const at = where ? ` [${shortUrl(where)}${lineNumber ? `:${lineNumber + 1}` : ''}]` : '';
      result.console_errors.push(`${msg.text()}${at}`);
    });
    page.on('pageerror', (err) => {
      result.page_errors.push(err.name ? `${err.name}: ${err.message}` : String(err));
    });
    page.on('dialog', (dialog) => dialog.dismiss().catch(() => {}));

    await page.goto(url, { waitUntil: 'load', timeout: NAV_TIMEOUT_MS });
    // Let web fonts and the first frames (charts drawn by scripts) settle.
    await page.evaluate(async () => {
      await document.fonts.ready;
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    });

    // Images: load the lazy ones too, wait for all to succeed or fail, then judge.
    const images = await page.evaluate(async (settleMs) => {
      const imgs = [...document.images];
      for (const img of imgs) if (img.loading === 'lazy') img.loading = 'eager';
      const settle = (img) =>
        img.complete
          ? Promise.resolve()
          : new Promise((r) => {
              img.addEventListener('load', r, { once: true });
              img.addEventListener('error', r, { once: true });
            });
      await Promise.race([
        Promise.all(imgs.map(settle)),
        new Promise((r) => setTimeout(r, settleMs)),
      ]);
      return imgs.map((img) => ({
        src: img.currentSrc || img.getAttribute('src') || '',
        broken: img.naturalWidth === 0,
        hasAlt: img.hasAttribute('alt'),
      }));
    }, IMAGE_SETTLE_MS);
    const label = (img) => shortUrl(img.src) || '(no src)';
    result.broken_images = images.filter((i) => i.broken).map(label);
    result.images_without_alt = images.filter((i) => !i.hasAlt).map(label);

    Object.assign(
      result,
      await page.evaluate(() => {
        const clean = (s) => (s || '').replace(/\s+/g, ' ').trim();
        const headings = [
          ...document.querySelectorAll('h1, h2, h3, h4, h5, h6, [role="heading"]'),
        ].map((h) => {
          const level = /^H[1-6]$/.test(h.tagName)
            ? Number(h.tagName[1])
            : Number(h.getAttribute('aria-level') || 2);
          return [level, clean(h.textContent)];
        });
        return {
          title: document.title,
          lang: document.documentElement.getAttribute('lang'),
          headings,
        };
      }),
    );

    await page.addScriptTag({ path: axePath });
    const axeResults = await page.evaluate(() =>
      window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'best-practice'] }),
    );
    result.violations = axeResults.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({
        target: n.target.map(String).join(' '),
        html: n.html.length > 300 ? `${n.html.slice(0, 300)}…` : n.html,
      })),
    }));

    if (opts.screenshot) {
      await page.screenshot({ path: opts.screenshot, fullPage: true });
    }
    if (opts.pdf) {
      const buffer = await page.pdf({
        path: opts.pdf,
        format: 'A4',
        printBackground: true,
        preferCSSPageSize: true,
      });
      result.pdf_pages = countPdfPages(buffer);
    }
    await context.close();
  } finally {
    await browser.close();
  }
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((err) => {
  process.stderr.write(`check_page: ${err && err.stack ? err.stack : err}\n`);
  process.exit(1);
});
