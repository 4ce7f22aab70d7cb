// `--data FILE`: the whole emulator state (companies, apps, OAuth grants, clock offset) as one JSON
// file, rewritten shortly after each change and reloaded on start. Writes go to a temporary file that
// is renamed over the old one, so a crash never leaves half a file behind.
import { existsSync, readFileSync } from "node:fs";
import { mkdir, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { EmulatorState, PersistedState } from "../state.ts";

const DEBOUNCE_MS = 100;

export class Persistence {
  readonly #file: string;
  readonly #state: EmulatorState;
  #timer: NodeJS.Timeout | undefined;
  #writing: Promise<void> | undefined;
  #dirty = false;
  readonly #unsubscribe: () => void;

  constructor(file: string, state: EmulatorState) {
    this.#file = file;
    this.#state = state;
    this.#unsubscribe = state.onChange(() => this.#schedule());
  }

  /** Restores the state from the file; false when there is no file yet. */
  load(): boolean {
    if (!existsSync(this.#file)) return false;
    const saved = JSON.parse(readFileSync(this.#file, "utf8")) as PersistedState;
    if (saved.version !== 1)
      throw new Error(`${this.#file}: unknown emulator state version ${String(saved.version)}`);
    this.#state.restore(saved);
    return true;
  }

  #schedule(): void {
    this.#dirty = true;
    if (this.#timer) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.flush();
    }, DEBOUNCE_MS);
  }

  /** Writes pending changes now and waits until they are on disk. */
  async flush(): Promise<void> {
    if (this.#timer) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    while (this.#writing) await this.#writing;
    if (!this.#dirty) return;
    this.#dirty = false;
    this.#writing = this.#write().finally(() => {
      this.#writing = undefined;
    });
    await this.#writing;
  }

  async #write(): Promise<void> {
    const json = JSON.stringify(this.#state.snapshot());
    await mkdir(dirname(this.#file), { recursive: true });
    const tmp = `${this.#file}.${process.pid}.tmp`;
    await writeFile(tmp, json);
    await rename(tmp, this.#file);
  }

  async close(): Promise<void> {
    this.#unsubscribe();
    await this.flush();
  }
}
