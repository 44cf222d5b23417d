/**
 * Waits, if the current minute has less than `needMs` left, until the next one opens: a test that
 * counts calls against per-minute limits must make them all in one window (core/lanes/fixed-window.ts).
 */
export async function withinOneWindow(needMs = 15_000): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < needMs) await new Promise((resolve) => setTimeout(resolve, left + 50));
}
