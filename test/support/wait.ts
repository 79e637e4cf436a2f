/**
 * Polls `check` (sync or async) every `everyMs` until it returns something truthy, which is
 * returned: no fixed sleeps where a condition exists. A check that throws counts as not yet; the
 * last error is in the timeout's message.
 */
export async function waitFor<T>(check: () => T | Promise<T>, timeoutMs = 10_000, what = 'condition', everyMs = 25): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
      lastError = undefined;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      const why = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${why}`);
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
