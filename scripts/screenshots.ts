/**
 * Screenshots of the explainer in each language for the README: serves the built site
 * (run `npm run build` first) and captures the top of each page in headless Chromium.
 * Usage: npm exec -- node scripts/screenshots.ts [outDir=docs/screenshots] [theme=light|dark]
 */
import { launchChromium } from '../tools/chromium.ts';
import { startStaticServer } from '../tools/static-server.ts';
import { LANGUAGE_CODES } from '../src/integrations/languages.ts';

const outDir = process.argv[2] ?? 'docs/screenshots';
const theme = process.argv[3] ?? 'light';
if (theme !== 'light' && theme !== 'dark') throw new Error(`theme must be "light" or "dark", got "${theme}"`);

const server = await startStaticServer('dist');
const browser = await launchChromium({ webgpu: false });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, colorScheme: theme });
  for (const lang of LANGUAGE_CODES) {
    await page.goto(`${server.url}/${lang}/stepweight-decay/`, { waitUntil: 'networkidle' });
    const path = `${outDir}/stepweight-decay-${lang}${theme === 'dark' ? '-dark' : ''}.png`;
    await page.screenshot({ path });
    console.log(path);
  }
} finally {
  await browser.close();
  await server.close();
}
