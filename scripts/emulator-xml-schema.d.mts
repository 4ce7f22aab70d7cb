import type { XmlType } from "../src/emulator/xml/schema.ts";

export function deriveSchema(dir: string): Record<string, XmlType>;
export function render(types: Record<string, XmlType>): string;
