// Languages in the real web app (headless Chromium) against local Otter: `?lang=de` and the browser's language pick
// German, an unknown language falls back to English, the right-to-left test language mirrors the call screen, and
// every error screen is worded in both languages. Writes screenshots (languages-*.png, errors-<lang>-*.png) to
// e2e/artifacts/screenshots. Runs inside e2e/run-in-netns.sh.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { launchChromium, REPO_ROOT, startOtter } from '../lib/index.mjs';
import { STEP_TIMEOUT_MS, WEB_DIR, requireBuiltWebApp } from '../lib/webapp.mjs';

const SCREENSHOTS = join(REPO_ROOT, 'e2e', 'artifacts', 'screenshots');
const DESKTOP = { width: 1280, height: 720 };

/** The words the tests look for, per language (the catalogs are webapp/src/app/i18n/*.ts). */
const WORDS = {
  en: {
    prejoin: 'Join the call',
    join: 'Join',
    yourName: 'Your name',
    leave: 'Leave the call',
    mute: 'Mute microphone',
    people: 'People, 1 in the call',
    title: '● Call · 1 person · Otter',
    errors: {
      'bad-link': ['InvalidLink', 'This link does not work'],
      'room-full': ['RoomFull', 'This room is full'],
      removed: ['Removed', 'You were removed from the call'],
      left: ['left', 'You left the call'],
      'room-ended': ['RoomEnded', 'This call has ended'],
    },
    tryAgain: 'Try again',
    rejoin: 'Rejoin',
  },
  de: {
    prejoin: 'Anruf beitreten',
    join: 'Beitreten',
    yourName: 'Ihr Name',
    leave: 'Anruf verlassen',
    mute: 'Mikrofon stummschalten',
    people: 'Personen, 1 im Anruf',
    title: '● Anruf · 1 Person · Otter',
    errors: {
      'bad-link': ['InvalidLink', 'Dieser Link funktioniert nicht'],
      'room-full': ['RoomFull', 'Dieser Raum ist voll'],
      removed: ['Removed', 'Sie wurden aus dem Anruf entfernt'],
      left: ['left', 'Sie haben den Anruf verlassen'],
      'room-ended': ['RoomEnded', 'Dieser Anruf ist beendet'],
    },
    tryAgain: 'Erneut versuchen',
    rejoin: 'Wieder beitreten',
  },
};

/** The room link with `?lang=` (none when `lang` is undefined: the browser's language decides). */
function linkIn(link, lang) {
  const url = new URL(link);
  url.search = lang ? `?lang=${encodeURIComponent(lang)}` : '';
  return url.toString();
}

describe('languages', () => {
  let otter;
  let browser;
  const contexts = [];

  /** A page in a browser context of its own whose browser prefers `locale`, at `link` in `lang`. */
  async function open(link, { lang, locale = 'en-US', viewport = DESKTOP } = {}) {
    const context = await browser.newContext({ locale, viewport });
    context.setDefaultTimeout(STEP_TIMEOUT_MS);
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(linkIn(link, lang), { timeout: STEP_TIMEOUT_MS });
    return page;
  }

  /** Joins from the pre-join screen by test ids, which are the same in every language. */
  async function joinCall(page, name) {
    await page.getByTestId('name').fill(name);
    await page.getByTestId('join').click();
    await page.getByTestId('call-screen').waitFor();
  }

  /** `<html lang dir>` once the app has settled its language (it sets `dir`; index.html has none), which is after load. */
  const htmlLang = async (page) => {
    await page.waitForFunction(() => document.documentElement.dir !== '', null, { timeout: STEP_TIMEOUT_MS });
    return page.evaluate(() => ({ lang: document.documentElement.lang, dir: document.documentElement.dir }));
  };
  const boxOf = async (locator) => {
    const box = await locator.boundingBox();
    assert.ok(box, 'visible');
    return box;
  };

  /** Waits for the full-page message of `kind`, checks its heading, and saves a screenshot. */
  async function errorScreen(page, lang, name) {
    const [kind, heading] = WORDS[lang].errors[name];
    const screen = page.locator(`[data-testid="status-screen"][data-kind="${kind}"]`);
    await screen.waitFor();
    assert.equal((await screen.locator('h1').innerText()).trim(), heading);
    assert.equal((await htmlLang(page)).lang, lang);
    await page.screenshot({ path: join(SCREENSHOTS, `errors-${lang}-${name}.png`) });
    return screen;
  }

  before(async () => {
    requireBuiltWebApp();
    mkdirSync(SCREENSHOTS, { recursive: true });
    otter = await startOtter({ webDir: WEB_DIR });
    browser = await launchChromium();
  });

  after(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
    await browser?.close();
    await otter?.stop();
  });

  test('?lang=de shows the pre-join and call screens in German, over an English browser', async () => {
    const room = await otter.createRoom({ name: 'Sprechstunde' });
    const words = WORDS.de;
    const page = await open(room.hostUrl, { lang: 'de', locale: 'en-US' });
    await page.getByRole('heading', { name: words.prejoin }).waitFor();
    assert.deepEqual(await htmlLang(page), { lang: 'de', dir: 'ltr' });
    assert.equal((await page.getByTestId('join').innerText()).trim(), words.join);
    await page.getByLabel(words.yourName).waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'languages-de-prejoin.png') });

    await joinCall(page, 'Hanna');
    const controls = page.getByTestId('call-screen').locator('nav.controls');
    await controls.getByRole('button', { name: words.leave }).waitFor();
    await controls.getByRole('button', { name: words.mute }).waitFor();
    await controls.getByRole('button', { name: words.people }).waitFor();
    assert.equal(await page.title(), words.title);
    assert.equal((await page.getByTestId('toggle-sounds').innerText()).trim(), 'Töne an');
    assert.match(await page.getByTestId('call-timer').innerText(), /^\d\d:\d\d$/);
    // No English word of the call screen is left in what the person reads.
    const text = await page.getByTestId('call-screen').innerText();
    for (const english of ['Leave', 'Mute', 'Sounds', 'People', 'Camera']) assert.ok(!text.includes(english), `"${english}" in: ${text}`);
    await page.screenshot({ path: join(SCREENSHOTS, 'languages-de-call.png') });
  });

  test("the browser's language is the default, and English when we do not speak it", async () => {
    const room = await otter.createRoom({ name: 'Browser language' });
    const cases = [
      { locale: 'de-DE', expected: 'de' },
      { locale: 'de-AT', expected: 'de' },
      { locale: 'en-US', expected: 'en' },
      { locale: 'fr-FR', expected: 'en' },
      { locale: 'de-DE', lang: 'en', expected: 'en' },
    ];
    for (const { locale, lang, expected } of cases) {
      const page = await open(room.url, { locale, lang });
      await page.getByRole('heading', { name: WORDS[expected].prejoin }).waitFor();
      assert.deepEqual(await htmlLang(page), { lang: expected, dir: 'ltr' }, `${locale} ${lang ?? ''}`);
      await page.context().close();
    }
  });

  test('the right-to-left test language sets dir=rtl and mirrors the call screen', async () => {
    const room = await otter.createRoom({ name: 'RTL' });
    const rtl = await open(room.hostUrl, { lang: 'ar-x-pseudo' });
    assert.deepEqual(await htmlLang(rtl), { lang: 'ar-x-pseudo', dir: 'rtl' });
    await joinCall(rtl, 'Rami');
    const ltr = await open(room.url, { lang: 'en' });
    await joinCall(ltr, 'Lena');

    for (const [page, direction] of [
      [ltr, 'ltr'],
      [rtl, 'rtl'],
    ]) {
      const mic = await boxOf(page.getByTestId('toggle-mic'));
      const leave = await boxOf(page.getByTestId('leave'));
      const tile = await boxOf(page.getByTestId('tile-local'));
      const caption = await boxOf(page.getByTestId('tile-local').locator('figcaption'));
      const sounds = await boxOf(page.getByTestId('toggle-sounds'));
      const roomName = await boxOf(page.getByTestId('room-name'));
      if (direction === 'ltr') {
        assert.ok(mic.x < leave.x, `ltr: the microphone comes first, on the left (${mic.x} < ${leave.x})`);
        assert.ok(caption.x - tile.x < tile.x + tile.width - (caption.x + caption.width), 'ltr: the name sits on the left of the tile');
        assert.ok(roomName.x < sounds.x, 'ltr: the room name on the left of the header, the sound switch on the right');
      } else {
        assert.ok(mic.x > leave.x, `rtl: the toolbar mirrors, the microphone on the right (${mic.x} > ${leave.x})`);
        assert.ok(caption.x - tile.x > tile.x + tile.width - (caption.x + caption.width), 'rtl: the name sits on the right of the tile');
        assert.ok(roomName.x > sounds.x, 'rtl: the room name on the right of the header, the sound switch on the left');
      }
    }
    // The test language brackets every message: a plain English word would be one that skipped the catalog.
    const label = await rtl.getByTestId('leave').getAttribute('aria-label');
    assert.match(label, /^\[.*\]$/);
    await rtl.screenshot({ path: join(SCREENSHOTS, 'languages-rtl-call.png') });
  });

  for (const lang of ['en', 'de']) {
    test(`every error screen in ${lang === 'en' ? 'English' : 'German'}: bad link, room full, removed, left, room ended`, async () => {
      const words = WORDS[lang];
      const bad = await open(new URL('/room/no-such-room', otter.webUrl).toString(), { lang });
      await errorScreen(bad, lang, 'bad-link');

      const room = await otter.createRoom({ name: `Errors ${lang}`, maxParticipants: 2 });
      const host = await open(room.hostUrl, { lang: 'en' });
      await joinCall(host, 'Host');
      const ana = await open(room.url, { lang });
      await joinCall(ana, 'Ana');
      const ben = await open(room.url, { lang });
      await ben.getByTestId('name').fill('Ben');
      await ben.getByTestId('join').click();
      const full = await errorScreen(ben, lang, 'room-full');

      const anaId = await ana.getByTestId('call-screen').getAttribute('data-peer-id');
      await host.getByTestId(`tile-${anaId}`).getByRole('button', { name: 'Remove Ana from the call' }).click();
      await errorScreen(ana, lang, 'removed');

      await full.getByRole('button', { name: words.tryAgain }).click();
      await joinCall(ben, 'Ben');
      await ben.getByTestId('leave').click();
      const left = await errorScreen(ben, lang, 'left');

      await host.getByTestId('end-for-all').click();
      await host.locator('[data-testid="status-screen"][data-kind="ended-by-host"]').waitFor();
      await left.getByRole('button', { name: words.rejoin }).click();
      await ben.getByTestId('join').click();
      await errorScreen(ben, lang, 'room-ended');
    });
  }
});
