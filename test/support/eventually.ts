/**
 * Reads until `done` holds (or `tries` reads, `intervalMs` apart: 200 reads 10 ms apart unless
 * told), for what the gateway does after it has answered: a webhook delivery is processed after
 * its 202, a sync pass after the request that started it, another replica's sync on its own clock.
 */
export async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, { tries = 200, intervalMs = 10 } = {}): Promise<T> {
  let value = await read();
  for (let attempt = 0; attempt < tries && !done(value); attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
    value = await read();
  }
  return value;
}
