/** Where `tool-gateway` and runApp print; a seam for tests. */
export interface Console {
  out(line: string): void;
  err(line: string): void;
}

export const processConsole: Console = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};
