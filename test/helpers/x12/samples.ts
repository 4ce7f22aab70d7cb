// Where the shared X12 sample files live (read-only fixtures outside the repository), for the tests:
// `../shared/x12/samples/` relative to the repository root, whatever the working directory.
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const samplesDir = fileURLToPath(new URL("../../../../shared/x12/samples/", import.meta.url));

export function sampleNames(): string[] {
  return readdirSync(samplesDir)
    .filter((n) => n.endsWith(".edi"))
    .sort();
}

export function readSample(name: string): Buffer {
  return readFileSync(samplesDir + name);
}
