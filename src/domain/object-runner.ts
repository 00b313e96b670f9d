/** Runs fn while holding the named object's lock (one sync per object across paths and processes). */
export interface ObjectRunner {
  run<T>(key: string, fn: () => Promise<T>): Promise<T>;
}
