// Demo names for the `demo` seed: the customers, vendors and items of a US maker of industrial hardware.
// The lists are built to give a matching engine real work: the same business spelled several ways
// ("Acme Tools Inc" / "ACME Tools, Inc." / "Acme Tools Incorporated"), one e-mail shared by a parent
// company's branches, people listed by name, items with and without SKU and items whose names differ
// only in punctuation or unit spelling.
//
// Everything is derived from a fixed seed, so every run produces the same company. The constraints
// QuickBooks enforces hold for the whole set: DisplayName is unique across customers and vendors (and
// case-insensitively, because QuickBooks compares names that way), item names are unique, no name holds
// a colon (QuickBooks uses it to join sub-customer and sub-item names), names stay within 100 characters.

export interface DemoParty {
  displayName: string;
  companyName?: string;
  email?: string;
  phone?: string;
}

export interface DemoItem {
  name: string;
  sku?: string;
  type: "Inventory" | "NonInventory" | "Service";
  /** Decimal string with two places, e.g. "12.50". */
  unitPrice: string;
  /** Decimal string with two places; purchase cost. */
  unitCost?: string;
  description?: string;
}

export interface DemoNames {
  customers: DemoParty[];
  vendors: DemoParty[];
  items: DemoItem[];
}

const SEED = 0x1ed9e71c;

/** mulberry32: small, fast and good enough for shuffling demo data. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Picker {
  readonly next: () => number;
  constructor(seed: number) {
    this.next = prng(seed);
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(list: readonly T[]): T {
    const value = list[Math.floor(this.next() * list.length)];
    if (value === undefined) throw new Error("pick from an empty list");
    return value;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

const PLACES = [
  "Acme",
  "Summit",
  "Great Lakes",
  "Midwest",
  "Pioneer",
  "Keystone",
  "Liberty",
  "Heartland",
  "Cascade",
  "Blue Ridge",
  "Lone Star",
  "Ozark",
  "Prairie",
  "Red River",
  "Sierra",
  "Tri-State",
  "Bay Area",
  "Gulf Coast",
  "Northland",
  "Allegheny",
  "Rocky Mountain",
  "Delta",
  "Patriot",
  "Eagle",
  "Ironwood",
  "Cornerstone",
  "Frontier",
  "Granite State",
  "Capitol",
  "Evergreen",
  "Magnolia",
  "Badger",
  "Buckeye",
  "Hoosier",
  "Sooner",
  "Mesa",
  "Harbor",
  "Riverside",
  "Lakeshore",
  "Twin Cities",
  "Piedmont",
  "Chesapeake",
  "Mohawk",
  "Saguaro",
  "Timberline",
  "Union",
  "Anchor",
  "Beacon",
  "Copperfield",
  "Sterling",
] as const;

const TRADES = [
  "Tools",
  "Hardware",
  "Industrial Supply",
  "Fastener",
  "Building Supply",
  "Machine Works",
  "Fabrication",
  "Mill Supply",
  "Equipment",
  "Contractors Supply",
  "Maintenance Supply",
  "Welding Supply",
  "Plumbing Supply",
  "Farm Supply",
  "Home Center",
  "Lumber",
  "Electric Supply",
  "Marine Supply",
  "Auto Parts",
  "Safety Products",
] as const;

const VENDOR_TRADES = [
  "Steel",
  "Metals",
  "Wire Products",
  "Plastics",
  "Packaging",
  "Coatings",
  "Castings",
  "Forge",
  "Heat Treating",
  "Freight",
  "Logistics",
  "Abrasives",
  "Tooling",
  "Springs",
  "Rubber Products",
  "Chemical",
  "Corrugated Box",
  "Plating",
  "Bearings",
  "Electric Motors",
] as const;

const SUFFIXES = ["Inc", "LLC", "Co", "Corp", "Company", "Ltd", "Group", "Distributors"] as const;

/** Each returns a different spelling of the same business, as people key them in. */
const VARIANTS: readonly ((place: string, trade: string, suffix: string) => string)[] = [
  (p, t, s) => `${p.toUpperCase()} ${t}, ${s}.`,
  (p, t, s) => `${p} ${t.replace(/ Supply$/, " Supplies")} ${s}`,
  (p, t, s) => `${p} ${t} ${expandSuffix(s)}`,
  (p, t) => `${p} ${t}`,
  (p, t, s) => `The ${p} ${t} ${s}`,
  (p, t, s) => `${p}-${t.replace(/ /g, "-")} ${s}`,
  (p, t, s) => `${p} ${t.replace(/ and /g, " & ")} ${s} (Branch 2)`,
  (p, t, s) => `${p.toLowerCase()} ${t.toLowerCase()} ${s.toLowerCase()}`,
];

function expandSuffix(suffix: string): string {
  switch (suffix) {
    case "Inc":
      return "Incorporated";
    case "Co":
      return "Company";
    case "Corp":
      return "Corporation";
    case "Ltd":
      return "Limited";
    case "Company":
      return "Co.";
    default:
      return `${suffix}.`;
  }
}

const FIRST_NAMES = [
  "James",
  "Mary",
  "Robert",
  "Patricia",
  "John",
  "Jennifer",
  "Michael",
  "Linda",
  "David",
  "Elizabeth",
  "William",
  "Barbara",
  "Richard",
  "Susan",
  "Joseph",
  "Jessica",
  "Thomas",
  "Karen",
  "Carlos",
  "Maria",
  "Daniel",
  "Nancy",
  "Matthew",
  "Lisa",
  "Anthony",
  "Betty",
  "Mark",
  "Sandra",
  "Kevin",
  "Ashley",
  "Wei",
  "Priya",
  "Jamal",
  "Keisha",
  "Tomas",
  "Ana",
] as const;

const LAST_NAMES = [
  "Smith",
  "Johnson",
  "Williams",
  "Brown",
  "Jones",
  "Garcia",
  "Miller",
  "Davis",
  "Rodriguez",
  "Martinez",
  "Hernandez",
  "Lopez",
  "Gonzalez",
  "Wilson",
  "Anderson",
  "Thomas",
  "Taylor",
  "Moore",
  "Jackson",
  "Martin",
  "Lee",
  "Perez",
  "Thompson",
  "White",
  "Harris",
  "Clark",
  "O'Brien",
  "Nguyen",
  "Patel",
  "Kowalski",
  "Schmidt",
  "Olson",
] as const;

const AREA_CODES = [
  "312",
  "414",
  "608",
  "612",
  "616",
  "317",
  "216",
  "513",
  "412",
  "716",
  "314",
  "816",
  "402",
  "515",
  "972",
  "713",
  "404",
  "704",
  "503",
  "206",
] as const;

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/&/g, "and")
    .replace(/[^a-z0-9]+/g, "")
    .slice(0, 24);
}

function phone(r: Picker): string {
  // 555-01xx numbers are reserved for fiction.
  const area = r.pick(AREA_CODES);
  const line = String(r.int(100, 199)).padStart(4, "0");
  return `(${area}) 555-${line}`;
}

/** Tracks names case-insensitively so the whole set obeys QuickBooks' uniqueness rule. */
class NameBook {
  private readonly seen = new Set<string>();
  take(name: string): boolean {
    const key = name.toLowerCase();
    if (this.seen.has(key)) return false;
    this.seen.add(key);
    return true;
  }
}

interface Business {
  place: string;
  trade: string;
  suffix: string;
  name: string;
  domain: string;
}

function business(r: Picker, trades: readonly string[]): Business {
  const place = r.pick(PLACES);
  const trade = r.pick(trades);
  const suffix = r.pick(SUFFIXES);
  const name = `${place} ${trade} ${suffix}`;
  return { place, trade, suffix, name, domain: `${slug(`${place}${trade}`)}.example.com` };
}

function buildCustomers(r: Picker, book: NameBook): DemoParty[] {
  const out: DemoParty[] = [];
  const push = (party: DemoParty) => {
    if (party.displayName.length <= 100 && book.take(party.displayName)) out.push(party);
  };

  // Businesses, about a third of them entered more than once under another spelling.
  while (out.length < 230) {
    const b = business(r, TRADES);
    const email = r.chance(0.85)
      ? `${r.pick(["ap", "accounts", "orders", "purchasing"])}@${b.domain}`
      : undefined;
    const base: DemoParty = { displayName: b.name, companyName: b.name, phone: phone(r) };
    if (email) base.email = email;
    if (!book.take(b.name)) continue;
    out.push(base);
    if (r.chance(0.33)) {
      const variant = r.pick(VARIANTS)(b.place, b.trade, b.suffix);
      // The duplicate keeps the e-mail half of the time, as when two clerks keyed the same account.
      const dup: DemoParty = { displayName: variant, companyName: variant };
      if (email && r.chance(0.5)) dup.email = email;
      if (r.chance(0.5)) dup.phone = base.phone ?? phone(r);
      push(dup);
    }
    if (r.chance(0.08)) {
      // A chain's stores: distinct customers sharing one accounts-payable mailbox.
      for (const city of ["Springfield", "Columbus", "Madison"].slice(0, r.int(2, 3))) {
        const store: DemoParty = {
          displayName: `${b.place} ${b.trade} - ${city}`,
          companyName: b.name,
          email: `ap@${b.domain}`,
          phone: phone(r),
        };
        push(store);
      }
    }
  }

  // People who buy on their own account, some with the same name spelled twice.
  while (out.length < 300) {
    const first = r.pick(FIRST_NAMES);
    const last = r.pick(LAST_NAMES);
    const email = `${first.toLowerCase()}.${slug(last)}@example.com`;
    const person: DemoParty = { displayName: `${first} ${last}`, email, phone: phone(r) };
    if (!book.take(person.displayName)) continue;
    out.push(person);
    if (r.chance(0.2)) push({ displayName: `${last}, ${first}`, email });
  }
  return out;
}

function buildVendors(r: Picker, book: NameBook): DemoParty[] {
  const out: DemoParty[] = [];
  while (out.length < 80) {
    const b = business(r, VENDOR_TRADES);
    if (b.name.length > 100 || !book.take(b.name)) continue;
    const vendor: DemoParty = {
      displayName: b.name,
      companyName: b.name,
      email: `${r.pick(["billing", "ar", "invoices", "sales"])}@${b.domain}`,
      phone: phone(r),
    };
    out.push(vendor);
    if (out.length < 80 && r.chance(0.15)) {
      const variant = r.pick(VARIANTS)(b.place, b.trade, b.suffix);
      if (book.take(variant)) {
        const dup: DemoParty = { displayName: variant, companyName: variant };
        if (r.chance(0.6) && vendor.email) dup.email = vendor.email;
        out.push(dup);
      }
    }
  }
  return out;
}

interface ProductLine {
  family: string;
  code: string;
  sizes: readonly string[];
  finishes: readonly string[];
  /** Price range in cents for one unit. */
  price: readonly [number, number];
}

const PRODUCT_LINES: readonly ProductLine[] = [
  {
    family: "Hex Bolt",
    code: "HB",
    sizes: ["1/4-20 x 1", "1/4-20 x 2", "5/16-18 x 1.5", "3/8-16 x 2", "1/2-13 x 3", "5/8-11 x 4"],
    finishes: ["Zinc", "Plain", "Stainless"],
    price: [25, 240],
  },
  {
    family: "Carriage Bolt",
    code: "CB",
    sizes: ["1/4-20 x 2", "3/8-16 x 3", "1/2-13 x 4"],
    finishes: ["Zinc", "Hot-Dip Galvanized"],
    price: [40, 320],
  },
  {
    family: "Hex Nut",
    code: "HN",
    sizes: ["1/4-20", "5/16-18", "3/8-16", "1/2-13", "5/8-11"],
    finishes: ["Zinc", "Stainless"],
    price: [5, 60],
  },
  {
    family: "Flat Washer",
    code: "FW",
    sizes: ["1/4", "5/16", "3/8", "1/2"],
    finishes: ["Zinc", "Stainless"],
    price: [3, 40],
  },
  {
    family: "Wood Screw",
    code: "WS",
    sizes: ["#8 x 1", "#8 x 2", "#10 x 2.5", "#10 x 3"],
    finishes: ["Zinc", "Black Oxide"],
    price: [4, 35],
  },
  {
    family: "Shelf Bracket",
    code: "SB",
    sizes: ["6 in", "8 in", "10 in", "12 in"],
    finishes: ["White", "Black", "Galvanized"],
    price: [180, 1450],
  },
  {
    family: "Door Hinge",
    code: "DH",
    sizes: ["3 in", "3.5 in", "4 in"],
    finishes: ["Satin Nickel", "Oil-Rubbed Bronze", "Brass"],
    price: [320, 1890],
  },
  {
    family: "Gate Latch",
    code: "GL",
    sizes: ["Standard", "Heavy Duty"],
    finishes: ["Black", "Galvanized"],
    price: [899, 3499],
  },
  {
    family: "Corner Brace",
    code: "CR",
    sizes: ["2 in", "3 in", "4 in"],
    finishes: ["Zinc", "Galvanized"],
    price: [99, 699],
  },
  {
    family: "Pipe Clamp",
    code: "PC",
    sizes: ["1/2 in", "3/4 in", "1 in", "2 in"],
    finishes: ["Galvanized", "Stainless"],
    price: [75, 990],
  },
  {
    family: "Threaded Rod",
    code: "TR",
    sizes: ["1/4-20 x 36", "3/8-16 x 36", "1/2-13 x 72"],
    finishes: ["Zinc", "Plain"],
    price: [399, 2599],
  },
  {
    family: "Lag Screw",
    code: "LS",
    sizes: ["1/4 x 2", "5/16 x 3", "3/8 x 4", "1/2 x 6"],
    finishes: ["Zinc", "Hot-Dip Galvanized"],
    price: [18, 140],
  },
  {
    family: "Machine Screw",
    code: "MS",
    sizes: ["#6-32 x 1/2", "#8-32 x 3/4", "#10-24 x 1", "#10-32 x 1"],
    finishes: ["Zinc", "Stainless", "Black Oxide"],
    price: [3, 30],
  },
  {
    family: "U-Bolt",
    code: "UB",
    sizes: ["1/4 x 1", "3/8 x 2", "1/2 x 3"],
    finishes: ["Zinc", "Galvanized"],
    price: [120, 890],
  },
  {
    family: "Drawer Slide",
    code: "DS",
    sizes: ["12 in", "16 in", "18 in", "22 in"],
    finishes: ["Zinc", "Black"],
    price: [650, 2890],
  },
  {
    family: "Swivel Caster",
    code: "SC",
    sizes: ["2 in", "3 in", "4 in", "5 in"],
    finishes: ["Rubber", "Polyurethane"],
    price: [299, 1899],
  },
  {
    family: "Hasp",
    code: "HS",
    sizes: ["3 in", "4.5 in", "6 in"],
    finishes: ["Zinc", "Stainless"],
    price: [249, 1299],
  },
  {
    family: "Eye Bolt",
    code: "EB",
    sizes: ["1/4 x 2", "3/8 x 4", "1/2 x 6"],
    finishes: ["Zinc", "Forged"],
    price: [189, 1299],
  },
];

const NON_INVENTORY: readonly [string, number][] = [
  ["Shop Rags (bale)", 3200],
  ["Cutting Oil (gallon)", 2450],
  ["Safety Glasses", 699],
  ["Nitrile Gloves (box of 100)", 1399],
  ["Pallet Wrap (roll)", 2199],
  ["Corrugated Shipping Carton 12x12x12", 189],
  ["Packing Tape (case)", 5999],
  ["Grinding Disc 4.5 in", 349],
  ["Welding Wire ER70S-6 (spool)", 8999],
  ["Drill Bit Set", 4599],
  ["Touch-Up Paint Black (quart)", 1899],
  ["Anti-Seize Compound", 1299],
  ["Thread Locker Blue", 899],
  ["Label Stock 4x6 (roll)", 2499],
  ["Custom Finish Sample Kit", 4500],
];

const SERVICES: readonly [string, number][] = [
  ["Custom Machining (per hour)", 9500],
  ["CNC Setup Fee", 15000],
  ["Powder Coating (per lot)", 27500],
  ["Engineering Consultation (per hour)", 12500],
  ["Rush Order Fee", 5000],
  ["Kitting and Assembly (per hour)", 6500],
  ["Heat Treatment Service (per lot)", 18000],
  ["Pallet Build and Banding", 3500],
  ["Drop Ship Handling", 1500],
  ["Restocking Fee", 2500],
  ["Laser Engraving (per piece)", 350],
  ["First Article Inspection", 22500],
  ["Design Revision", 7500],
  ["Expedited Freight Arrangement", 4000],
  ["Annual Vendor-Managed Inventory Service", 120000],
];

function money(cents: number): string {
  return (cents / 100).toFixed(2);
}

function sizeCode(size: string): string {
  return size
    .replace(/[^0-9A-Za-z]+/g, "")
    .toUpperCase()
    .slice(0, 10);
}

function buildItems(r: Picker): DemoItem[] {
  const out: DemoItem[] = [];
  const book = new NameBook();
  const push = (item: DemoItem) => {
    if (item.name.length <= 100 && !item.name.includes(":") && book.take(item.name)) out.push(item);
  };

  for (const line of PRODUCT_LINES) {
    for (const size of line.sizes) {
      for (const finish of line.finishes) {
        const cents = r.int(line.price[0], line.price[1]);
        const pack = r.chance(0.3) ? r.pick([25, 50, 100]) : 1;
        const price = cents * pack;
        const name =
          pack > 1 ? `${line.family} ${size} ${finish} (${pack} pk)` : `${line.family} ${size} ${finish}`;
        const sku = `${line.code}-${sizeCode(size)}-${finish.slice(0, 2).toUpperCase()}${pack > 1 ? `-${pack}` : ""}`;
        const item: DemoItem = {
          name,
          type: "Inventory",
          unitPrice: money(price),
          unitCost: money(Math.round(price * (0.45 + r.next() * 0.2))),
          description: `${line.family}, ${size}, ${finish.toLowerCase()} finish${pack > 1 ? `, pack of ${pack}` : ""}`,
        };
        // About one in six inventory items was set up without a SKU.
        if (!r.chance(0.17)) item.sku = sku;
        push(item);
        // Near-duplicates: the same part keyed with inch marks spelled out, or with a comma.
        if (r.chance(0.12)) {
          const twin: DemoItem = {
            name: r.pick([
              `${line.family} ${size.replace(/ x /, "in x ")}, ${finish}`,
              `${line.family.replace(/ /g, "")} ${size} ${finish}`,
              `${line.family} ${size.replace(/ x /g, "x")} ${finish}`,
            ]),
            type: "Inventory",
            unitPrice: item.unitPrice,
          };
          if (item.unitCost) twin.unitCost = item.unitCost;
          push(twin);
        }
      }
    }
  }

  for (const [name, cents] of NON_INVENTORY) {
    const item: DemoItem = {
      name,
      type: "NonInventory",
      unitPrice: money(cents),
      unitCost: money(Math.round(cents * 0.6)),
    };
    if (r.chance(0.5)) item.sku = `NI-${sizeCode(name).slice(0, 6)}`;
    push(item);
  }
  for (const [name, cents] of SERVICES) {
    push({ name, type: "Service", unitPrice: money(cents), description: name });
  }

  // Top up with numbered kit assemblies so the list reaches about three hundred.
  let n = 100;
  while (out.length < 300) {
    const line = r.pick(PRODUCT_LINES);
    const kitSize = r.pick([10, 20, 50]);
    const cents = r.int(line.price[0], line.price[1]) * kitSize;
    const item: DemoItem = {
      name: `${line.family} Kit K${n} (${kitSize} pcs)`,
      type: "Inventory",
      unitPrice: money(cents),
      unitCost: money(Math.round(cents * 0.55)),
      description: `Assorted ${line.family.toLowerCase()} kit, ${kitSize} pieces`,
    };
    if (r.chance(0.7)) item.sku = `KIT-${line.code}-${n}`;
    push(item);
    n++;
  }
  return out;
}

/** The demo company's customers, vendors and items; the same on every call. */
export function demoNames(): DemoNames {
  const r = new Picker(SEED);
  // One book for customers and vendors: QuickBooks keeps their DisplayNames in one namespace.
  const parties = new NameBook();
  const customers = buildCustomers(r, parties);
  const vendors = buildVendors(r, parties);
  const items = buildItems(r);
  return { customers, vendors, items };
}
