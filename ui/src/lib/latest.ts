// "The latest request wins": a list screen reloads whenever a filter changes, and answers can come
// back out of order. `Latest` hands only the newest request's result, error and end of loading to
// the screen; anything an older request delivers later is dropped.
//
// Plain TypeScript, no runes: the screen keeps its `$state` and its `$effect`, and passes setters.
// `run` calls the loader synchronously, so whatever the loader reads inside the `$effect` is tracked
// exactly as if the screen had called it itself.

export interface LatestHandlers<T> {
  /** `true` when a request starts; `false` when the newest one ends (after `ok` or `err`). */
  loading: (on: boolean) => void;
  /** The newest request's result. */
  ok: (value: T) => void;
  /** The newest request's error (also what `ok` throws). */
  err: (error: unknown) => void;
}

export class Latest {
  #seq = 0;

  /** Makes every request in flight stale: its result, error and end are ignored from now on. */
  cancel(): void {
    this.#seq++;
  }

  /**
   * Starts `load` as the newest request (anything still in flight becomes stale), calls
   * `loading(true)`, and delivers its outcome only if no newer `run` or `cancel` came since.
   * A loader that throws instead of rejecting counts as an error. The returned promise settles
   * once this request is over, stale or not (screens need not wait for it; tests do).
   */
  run<T>(load: () => Promise<T>, on: LatestHandlers<T>): Promise<void> {
    const mine = ++this.#seq;
    const current = () => mine === this.#seq;
    on.loading(true);
    let pending: Promise<T>;
    try {
      pending = load();
    } catch (e) {
      pending = Promise.reject(e);
    }
    return pending
      .then((value) => {
        if (current()) on.ok(value);
      })
      .catch((e: unknown) => {
        if (current()) on.err(e);
      })
      .finally(() => {
        if (current()) on.loading(false);
      });
  }
}
