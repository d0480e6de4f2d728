// The keys a session used (read or wrote), listed in the database for the next session's preload().

/** How many of the keys used in a session are listed for the next one. */
const KEPT = 1000;

/**
 * The keys used in this session, least recent first, saved (through `save`) with the next batch of writes, a
 * second after a change, or when asked to (the page being hidden, the cache closed), at most once a second
 * with writes: a reload then reads the records its last screen showed, not everything the database holds.
 */
export class UsedKeys {
  readonly #used = new Set<string>();
  readonly #save: (keys: string[]) => void;
  #changed = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #savedAt = Number.NEGATIVE_INFINITY;

  constructor(save: (keys: string[]) => void) {
    this.#save = save;
  }

  /** Notes `key` as used now. */
  use(key: string): void {
    this.#used.delete(key);
    this.#used.add(key);
    if (this.#used.size > KEPT) this.#used.delete(this.#used.values().next().value!);
    this.#changed = true;
    if (this.#timer !== undefined) return;
    this.#timer = setTimeout(() => this.save(), 1000);
    (this.#timer as { unref?: () => void }).unref?.();
  }

  /** Saves the list now if it changed since it was last saved. */
  save(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (!this.#changed) return;
    this.#changed = false;
    this.#savedAt = Date.now();
    this.#save([...this.#used]);
  }

  /** Saves the list with a batch of writes, unless it was saved less than a second ago (the timer will). */
  saveIfDue(): void {
    if (Date.now() - this.#savedAt >= 1000) this.save();
  }
}
