// The demo shop's catalogue: fasteners sold by the box, parts machined to drawing, the bar stock they
// are cut from, and the services and charges that show up on its invoices. Prices are integer cents so
// every sum stays exact; they become decimal strings only when a record is built.
import type { Random } from "./random.ts";

export type PartFamily = "fastener" | "machined" | "material" | "service" | "charge";

export interface Part {
  sku?: string;
  name: string;
  description: string;
  family: PartFamily;
  unitPriceCents: number;
  unitCostCents: number;
  /** Whole boxes, bars or pieces in stock; only for stocked parts. */
  quantityOnHand?: number;
}

interface Thread {
  label: string;
  code: string;
  diameter: number;
}

const INCH_THREADS: readonly Thread[] = [
  { label: "1/4-20", code: "025", diameter: 0.25 },
  { label: "5/16-18", code: "031", diameter: 0.3125 },
  { label: "3/8-16", code: "037", diameter: 0.375 },
  { label: "7/16-14", code: "043", diameter: 0.4375 },
  { label: "1/2-13", code: "050", diameter: 0.5 },
  { label: "5/8-11", code: "062", diameter: 0.625 },
  { label: "3/4-10", code: "075", diameter: 0.75 },
];

const FINE_THREADS: readonly Thread[] = [
  { label: "1/4-28", code: "025F", diameter: 0.25 },
  { label: "3/8-24", code: "037F", diameter: 0.375 },
  { label: "1/2-20", code: "050F", diameter: 0.5 },
];

const METRIC_THREADS: readonly Thread[] = [
  { label: "M5-0.8", code: "M05", diameter: 0.197 },
  { label: "M6-1.0", code: "M06", diameter: 0.236 },
  { label: "M8-1.25", code: "M08", diameter: 0.315 },
  { label: "M10-1.5", code: "M10", diameter: 0.394 },
  { label: "M12-1.75", code: "M12", diameter: 0.472 },
];

const INCH_LENGTHS: readonly (readonly [string, string, number])[] = [
  ["3/4", "075", 0.75],
  ["1", "100", 1],
  ["1-1/4", "125", 1.25],
  ["1-1/2", "150", 1.5],
  ["2", "200", 2],
  ["2-1/2", "250", 2.5],
  ["3", "300", 3],
  ["4", "400", 4],
  ["6", "600", 6],
];

const METRIC_LENGTHS: readonly (readonly [string, string, number])[] = [
  ["12", "012", 0.47],
  ["16", "016", 0.63],
  ["20", "020", 0.79],
  ["25", "025", 0.98],
  ["30", "030", 1.18],
  ["40", "040", 1.57],
  ["50", "050", 1.97],
];

interface Grade {
  label: string;
  code: string;
  /** Cost relative to plain zinc-plated grade 5 steel. */
  factor: number;
}

const HEX_GRADES: readonly Grade[] = [
  { label: "Grade 5 Zinc", code: "G5Z", factor: 1 },
  { label: "Grade 8 Yellow Zinc", code: "G8Y", factor: 1.7 },
  { label: "18-8 Stainless", code: "SS", factor: 3.1 },
];

function boxQuantity(diameter: number, length: number): number {
  const size = diameter * diameter * length;
  if (size < 0.1) return 100;
  if (size < 0.5) return 50;
  return 25;
}

function fastenerPrice(random: Random, perPieceCost: number, box: number): [number, number] {
  // The formulas below give a steel price per piece; distributor cost runs about twice that.
  const cost = Math.max(250, Math.round(perPieceCost * 2 * box * 100));
  const price = Math.round((cost * random.int(145, 195)) / 100);
  return [price, cost];
}

function stock(random: Random, family: PartFamily): number {
  if (family === "material") return random.int(0, 40);
  return random.chance(0.08) ? 0 : random.int(4, 240);
}

function fasteners(random: Random): Part[] {
  const out: Part[] = [];
  for (const grade of HEX_GRADES) {
    for (const thread of [...INCH_THREADS, ...FINE_THREADS]) {
      for (const [len, lenCode, inches] of INCH_LENGTHS) {
        if (inches > thread.diameter * 14) continue;
        const box = boxQuantity(thread.diameter, inches);
        const [price, cost] = fastenerPrice(
          random,
          (0.018 + 0.28 * thread.diameter ** 2 * inches) * grade.factor,
          box,
        );
        out.push({
          sku: `HCS-${grade.code}-${thread.code}-${lenCode}`,
          name: `Hex Cap Screw ${thread.label} x ${len} ${grade.label} (Box/${box})`,
          description: `Hex head cap screw, ${thread.label} UN thread, ${len} in long, ${grade.label.toLowerCase()}, box of ${box}`,
          family: "fastener",
          unitPriceCents: price,
          unitCostCents: cost,
        });
      }
    }
  }
  for (const thread of METRIC_THREADS) {
    for (const [len, lenCode, inches] of METRIC_LENGTHS) {
      const box = boxQuantity(thread.diameter, inches);
      const [price, cost] = fastenerPrice(random, (0.03 + 0.42 * thread.diameter ** 2 * inches) * 1.4, box);
      out.push({
        sku: `SHCS-${thread.code}-${lenCode}`,
        name: `Socket Head Cap Screw ${thread.label} x ${len}mm Class 12.9 Black Oxide (Box/${box})`,
        description: `Socket head cap screw, ${thread.label} metric, ${len} mm long, alloy steel class 12.9, black oxide, box of ${box}`,
        family: "fastener",
        unitPriceCents: price,
        unitCostCents: cost,
      });
    }
  }
  const nutKinds: readonly (readonly [string, string, number])[] = [
    ["Finished Hex Nut", "HN", 1],
    ["Nylon Insert Lock Nut", "NLN", 1.8],
    ["Serrated Flange Nut", "SFN", 1.6],
    ["Heavy Hex Nut", "HHN", 1.4],
  ];
  for (const [kind, code, factor] of nutKinds) {
    for (const grade of HEX_GRADES) {
      for (const thread of INCH_THREADS) {
        const box = thread.diameter < 0.5 ? 100 : 50;
        const [price, cost] = fastenerPrice(
          random,
          (0.012 + 0.2 * thread.diameter ** 2) * factor * grade.factor,
          box,
        );
        out.push({
          sku: `${code}-${grade.code}-${thread.code}`,
          name: `${kind} ${thread.label} ${grade.label} (Box/${box})`,
          description: `${kind.toLowerCase()}, ${thread.label} UN thread, ${grade.label.toLowerCase()}, box of ${box}`,
          family: "fastener",
          unitPriceCents: price,
          unitCostCents: cost,
        });
      }
    }
  }
  const washerKinds: readonly (readonly [string, string, number])[] = [
    ["Flat Washer SAE", "FWS", 1],
    ["Flat Washer USS", "FWU", 1.2],
    ["Split Lock Washer", "SLW", 1.1],
    ["Fender Washer", "FDW", 1.5],
  ];
  for (const [kind, code, factor] of washerKinds) {
    for (const grade of [HEX_GRADES[0], HEX_GRADES[2]]) {
      if (!grade) continue;
      for (const thread of INCH_THREADS) {
        const size = thread.label.split("-")[0] ?? thread.label;
        const [price, cost] = fastenerPrice(
          random,
          (0.006 + 0.08 * thread.diameter ** 2) * factor * grade.factor,
          100,
        );
        out.push({
          sku: `${code}-${grade.code}-${thread.code}`,
          name: `${kind} ${size} ${grade.label.replace("Grade 5 ", "")} (Box/100)`,
          description: `${kind.toLowerCase()} for ${size} in bolts, ${grade.label.replace("Grade 5 ", "").toLowerCase()}, box of 100`,
          family: "fastener",
          unitPriceCents: price,
          unitCostCents: cost,
        });
      }
    }
  }
  for (const thread of INCH_THREADS) {
    for (const [feet, factor] of [
      [3, 1],
      [6, 1.9],
      [12, 3.6],
    ] as const) {
      const cost = Math.round((90 + 1400 * thread.diameter ** 2) * factor);
      out.push({
        sku: `TR-${thread.code}-${String(feet).padStart(2, "0")}`,
        name: `Threaded Rod ${thread.label} x ${feet} ft Zinc`,
        description: `All-thread rod, ${thread.label} UN, ${feet} ft length, low carbon steel, zinc plated`,
        family: "fastener",
        unitPriceCents: Math.round((cost * random.int(150, 185)) / 100),
        unitCostCents: cost,
      });
    }
  }
  for (const thread of INCH_THREADS.slice(0, 5)) {
    for (const [len, lenCode, inches] of INCH_LENGTHS.slice(0, 6)) {
      const [price, cost] = fastenerPrice(random, 0.02 + 0.22 * thread.diameter ** 2 * inches, 50);
      out.push({
        sku: `CB-G5Z-${thread.code}-${lenCode}`,
        name: `Carriage Bolt ${thread.label} x ${len} Zinc (Box/50)`,
        description: `Round head square neck carriage bolt, ${thread.label} x ${len} in, grade 2 zinc, box of 50`,
        family: "fastener",
        unitPriceCents: price,
        unitCostCents: cost,
      });
    }
  }
  return out;
}

const MATERIALS: readonly (readonly [string, string, number])[] = [
  ["1018 Cold Rolled Steel", "1018", 1],
  ["4140 Pre-Hard Alloy Steel", "4140", 1.9],
  ["6061-T6 Aluminum", "6061", 1.6],
  ["303 Stainless", "303", 3.4],
  ["C360 Brass", "C360", 3.9],
  ["932 Bearing Bronze", "932", 4.6],
];

const DIAMETERS: readonly (readonly [string, string, number])[] = [
  ["0.500", "050", 0.5],
  ["0.750", "075", 0.75],
  ["1.000", "100", 1],
  ["1.250", "125", 1.25],
  ["1.500", "150", 1.5],
  ["2.000", "200", 2],
];

function materials(random: Random): Part[] {
  const out: Part[] = [];
  for (const [material, code, factor] of MATERIALS) {
    for (const [dia, diaCode, inches] of DIAMETERS) {
      const cost = Math.round((1800 + 5200 * inches ** 2) * factor);
      out.push({
        sku: `BAR-${code}-${diaCode}-12`,
        name: `Round Bar ${material} ${dia} in x 12 ft`,
        description: `${material} round bar stock, ${dia} in diameter, 12 ft random length, mill certs on request`,
        family: "material",
        unitPriceCents: Math.round((cost * random.int(125, 145)) / 100),
        unitCostCents: cost,
      });
    }
  }
  return out;
}

const MACHINED_KINDS: readonly (readonly [string, string, string, number])[] = [
  ["Bushing", "BSH", "flanged bushing, bored and reamed", 1],
  ["Spacer", "SPC", "turned spacer, faced both ends, deburred", 0.6],
  ["Shaft", "SFT", "turned and ground shaft with keyway", 2.4],
  ["Pin", "PIN", "clevis pin with cross hole", 0.5],
  ["Mounting Bracket", "BRK", "milled mounting bracket, drilled and tapped", 1.8],
  ["Flange Adapter", "FLA", "flange adapter, bolt circle drilled", 2.2],
  ["Bearing Housing", "BHS", "bearing housing, bored to H7", 3],
  ["Coupling Hub", "CPH", "coupling hub with set screw", 1.7],
  ["Guide Rail Block", "GRB", "guide rail block, milled six sides", 1.4],
  ["Hydraulic Fitting Body", "HFB", "fitting body, drilled and threaded SAE port", 1.5],
];

function machined(random: Random): Part[] {
  const out: Part[] = [];
  for (const [kind, code, text, factor] of MACHINED_KINDS) {
    for (const [material, matCode, matFactor] of MATERIALS) {
      const cost = Math.round((350 + random.int(0, 900)) * factor * (0.6 + matFactor / 3));
      const revision = random.pick(["A", "B", "C", "D"]);
      const number = `${code}-${matCode}-${random.int(100, 999)}`;
      out.push({
        sku: number,
        name: `${kind} ${material} ${number} Rev ${revision}`,
        description: `Machined ${text}, ${material}, per drawing ${number} revision ${revision}`,
        family: "machined",
        unitPriceCents: Math.round((cost * random.int(160, 240)) / 100),
        unitCostCents: cost,
      });
    }
  }
  // Parts machined to a customer's own drawing carry the customer's number in the name and no SKU of ours.
  const prefixes = ["Cust Dwg", "Print", "PN", "Job", "Dwg"];
  for (let i = 0; i < 30; i++) {
    const [kind, , text, factor] = random.pick(MACHINED_KINDS);
    const [material, , matFactor] = random.pick(MATERIALS);
    const cost = Math.round((500 + random.int(0, 1800)) * factor * (0.6 + matFactor / 3));
    const drawing = `${random.pick(prefixes)} ${random.int(1000, 9999)}-${random.int(10, 99)}`;
    out.push({
      name: `${kind} ${material} to ${drawing}`,
      description: `Custom ${text}, ${material}, made to customer drawing ${drawing}`,
      family: "machined",
      unitPriceCents: Math.round((cost * random.int(170, 260)) / 100),
      unitCostCents: cost,
    });
  }
  return out;
}

/** Labour and outside services: never stocked, usually without a SKU. */
export const SERVICES: readonly Part[] = [
  {
    name: "CNC Milling Labor (per hour)",
    description: "CNC milling machine time and operator",
    family: "service",
    unitPriceCents: 9500,
    unitCostCents: 4200,
  },
  {
    name: "CNC Turning Labor (per hour)",
    description: "CNC lathe machine time and operator",
    family: "service",
    unitPriceCents: 8500,
    unitCostCents: 3900,
  },
  {
    name: "Swiss Turning Labor (per hour)",
    description: "Swiss-type lathe time and operator",
    family: "service",
    unitPriceCents: 11000,
    unitCostCents: 4800,
  },
  {
    name: "Setup Charge",
    description: "Machine setup and first-piece approval, per job",
    family: "service",
    unitPriceCents: 17500,
    unitCostCents: 8000,
  },
  {
    name: "Programming & Engineering (per hour)",
    description: "CAM programming and engineering review",
    family: "service",
    unitPriceCents: 12500,
    unitCostCents: 5500,
  },
  {
    name: "Deburr & Inspect (per hour)",
    description: "Hand deburring and dimensional inspection",
    family: "service",
    unitPriceCents: 6500,
    unitCostCents: 2900,
  },
  {
    name: "First Article Inspection Report",
    description: "AS9102-style first article inspection report",
    family: "service",
    unitPriceCents: 25000,
    unitCostCents: 9000,
  },
  {
    sku: "SVC-HT",
    name: "Heat Treat (outside service, per lot)",
    description: "Through-hardening at an outside heat treater, per lot",
    family: "service",
    unitPriceCents: 18500,
    unitCostCents: 12500,
  },
  {
    sku: "SVC-ZP",
    name: "Zinc Plating (outside service, per lot)",
    description: "Clear zinc plating at an outside plater, per lot",
    family: "service",
    unitPriceCents: 14500,
    unitCostCents: 9500,
  },
  {
    sku: "SVC-AN",
    name: "Anodize Type II Black (outside service, per lot)",
    description: "Type II black anodize at an outside finisher, per lot",
    family: "service",
    unitPriceCents: 16500,
    unitCostCents: 11000,
  },
  {
    name: "Rush Order Fee",
    description: "Expedited scheduling ahead of the normal queue",
    family: "service",
    unitPriceCents: 15000,
    unitCostCents: 0,
  },
];

/** Charges that are billed but never stocked. */
export const CHARGES: readonly Part[] = [
  {
    sku: "FRT",
    name: "Freight & Delivery",
    description: "Delivery by our truck or common carrier",
    family: "charge",
    unitPriceCents: 4500,
    unitCostCents: 3200,
  },
  {
    sku: "TOOL",
    name: "Tooling Charge",
    description: "One-time special tooling for this job",
    family: "charge",
    unitPriceCents: 35000,
    unitCostCents: 21000,
  },
  {
    name: "Material Certification",
    description: "Mill test reports and certificate of conformance",
    family: "charge",
    unitPriceCents: 3500,
    unitCostCents: 500,
  },
  {
    name: "Pallet & Crating",
    description: "Heat-treated pallet, stretch wrap and banding",
    family: "charge",
    unitPriceCents: 4000,
    unitCostCents: 2200,
  },
  {
    name: "Kitting & Bagging (per kit)",
    description: "Custom kits bagged and labelled to the customer's list",
    family: "charge",
    unitPriceCents: 250,
    unitCostCents: 90,
  },
  {
    name: "Small Order Charge",
    description: "Charge on orders under $50.00",
    family: "charge",
    unitPriceCents: 1500,
    unitCostCents: 0,
  },
];

/**
 * Builds exactly `count` parts: every service and charge, the bar stock, the machined parts, and as many
 * fasteners as it takes to reach the count. A few catalogue fasteners lose their SKU, as happens when
 * a part is keyed in by hand.
 */
export function buildCatalog(random: Random, count: number): Part[] {
  const fixed = [...SERVICES, ...CHARGES, ...materials(random), ...machined(random)];
  const pool = fasteners(random);
  const needed = count - fixed.length;
  if (needed < 0 || needed > pool.length) {
    throw new Error(`the catalogue holds ${fixed.length + pool.length} parts; ${count} were asked for`);
  }
  const chosen = random.sample(pool, needed).map((part) => (random.chance(0.05) ? withoutSku(part) : part));
  const parts = [...fixed, ...chosen];
  for (const part of parts) {
    if (part.family === "fastener" || part.family === "material" || part.family === "machined") {
      part.quantityOnHand = stock(random, part.family);
    }
  }
  return parts;
}

function withoutSku(part: Part): Part {
  const { sku: _sku, ...rest } = part;
  return rest;
}
