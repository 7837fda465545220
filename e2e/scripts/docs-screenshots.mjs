// Refreshes docs/screenshots/ (shown in the README) from the screenshots the browser tests wrote to
// e2e/artifacts/screenshots/: a chosen few, scaled down in Chromium until each PNG is under 150 kB.
// Run after e2e/tests/call-layouts.test.mjs:
//   bash e2e/run-in-netns.sh node e2e/scripts/docs-screenshots.mjs
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium, REPO_ROOT } from '../lib/index.mjs';

const FROM = join(REPO_ROOT, 'e2e', 'artifacts', 'screenshots');
const TO = join(REPO_ROOT, 'docs', 'screenshots');
const MAX_BYTES = 150 * 1024;

/** Artifact name → the width (CSS pixels) it is first tried at in the docs. */
const CHOSEN = {
  'prejoin-desktop': 800,
  'call-2-people-phone': 390,
  'call-4-people-desktop': 800,
  'call-8-tiles-desktop': 800,
  'screen-share-phone-landscape': 844,
  'hands-and-reaction-desktop': 800,
};

const browser = await launchChromium();
try {
  const page = await browser.newPage();
  mkdirSync(TO, { recursive: true });
  for (const [name, firstWidth] of Object.entries(CHOSEN)) {
    const source = join(FROM, `${name}.png`);
    statSync(source); // a missing artifact fails here, naming it
    const original = readFileSync(source).toString('base64');
    let width = firstWidth;
    for (;;) {
      const scaled = await page.evaluate(async ({ original, width }) => {
        const image = new Image();
        image.src = `data:image/png;base64,${original}`;
        await image.decode();
        const canvas = document.createElement('canvas');
        canvas.width = Math.min(width, image.naturalWidth);
        canvas.height = Math.round((image.naturalHeight * canvas.width) / image.naturalWidth);
        const g = canvas.getContext('2d');
        g.imageSmoothingQuality = 'high';
        g.drawImage(image, 0, 0, canvas.width, canvas.height);
        return canvas.toDataURL('image/png').slice('data:image/png;base64,'.length);
      }, { original, width });
      const bytes = Buffer.from(scaled, 'base64');
      if (bytes.length <= MAX_BYTES || width < 200) {
        writeFileSync(join(TO, `${name}.png`), bytes);
        console.log(`${name}.png ${width} px wide, ${Math.round(bytes.length / 1024)} kB`);
        break;
      }
      width = Math.round(width * 0.85);
    }
  }
} finally {
  await browser.close();
}
