// What the call benches run inside the people's pages: pressing Join the moment the form is there, and noting when
// the page first decodes a video frame.

/**
 * Runs in every page before its scripts: `window.__firstDecodeAt` is when the page first decoded a video frame, on
 * any of its connections (polled every 10 ms).
 */
export const FIRST_DECODE_PROBE = () => {
  window.__firstDecodeAt = null;
  const timer = setInterval(async () => {
    for (const pc of window.__otterPeerConnections ?? []) {
      if (pc.connectionState === 'closed') continue;
      let frames = 0;
      try {
        (await pc.getStats()).forEach((s) => {
          if (s.type === 'inbound-rtp' && s.kind === 'video') frames += s.framesDecoded ?? 0;
        });
      } catch {
        continue;
      }
      if (frames > 0 && window.__firstDecodeAt === null) {
        window.__firstDecodeAt = Date.now();
        clearInterval(timer);
      }
    }
  }, 10);
};

/**
 * For `page.evaluate(JOIN_AT_ONCE, name)`: types the name and presses Join the moment the pre-join form is there,
 * inside the page. The driver's own round trips for typing and clicking (its actionability checks, each a wait on
 * the page) cost 400–900 ms per person on a loaded machine and are no part of the app's start, which the floor's
 * pages never pay. The name goes in through the input's native value setter and an `input` event (what React
 * listens to), then the form is submitted by clicking its button, as a person's click would.
 */
export const JOIN_AT_ONCE = (typed) =>
  new Promise((resolve) => {
    const attempt = () => {
      const field = document.querySelector('#name');
      if (!field) return setTimeout(attempt, 4);
      if (field.value !== typed) {
        Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(field, typed);
        field.dispatchEvent(new Event('input', { bubbles: true }));
      }
      const button = document.querySelector('[data-testid="join"]');
      if (!button || button.disabled) return setTimeout(attempt, 4);
      button.click();
      resolve();
    };
    attempt();
  });
