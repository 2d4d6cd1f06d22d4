/**
 * Reads until `done` holds (or 200 reads), for what the gateway does after it has answered:
 * a webhook delivery is processed after its 202, a sync pass after the request that started it.
 */
export async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  let value = await read();
  for (let attempt = 0; attempt < 200 && !done(value); attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    value = await read();
  }
  return value;
}
