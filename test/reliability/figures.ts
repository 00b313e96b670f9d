/** Prints one suite's figures as a table on stdout (jest keeps it out of its own reporting). */
export class Figures {
  private readonly rows: Array<[string, string]> = [];

  constructor(private readonly part: string) {}

  add(name: string, value: string | number): void {
    this.rows.push([name, String(value)]);
  }

  print(): void {
    const width = Math.max(...this.rows.map(([name]) => name.length), 10);
    const lines = [`\n== reliability: ${this.part} ==`, ...this.rows.map(([name, value]) => `${name.padEnd(width)}  ${value}`), ''];
    process.stdout.write(`${lines.join('\n')}\n`);
  }
}

/** What no answer may carry: SQL, a stack frame, a file path of ours. */
export const LEAK = /\b(select|insert|update|delete)\b.*\b(from|into|set)\b|\n\s+at |\.ts:\d+|node_modules|sqlite_|er_[a-z_]+/i;
