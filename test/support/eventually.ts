/**
 * Polls until `check` holds, for effects that happen in another process or queue (a worker
 * sending mail, a job being processed). The deadline only keeps a broken test from hanging: it
 * bounds nothing about speed. Never use it to wait for "nothing more": assert on rows instead.
 */
export async function eventually<T>(what: string, check: () => Promise<T | null | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
