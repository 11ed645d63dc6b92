// A deterministic catalog: the same seed always yields the same products. Most products look
// like a real small shop's (titles, HTML descriptions, vendors, types, options, variants with
// prices and SKUs, images with alt text); a configurable share has the poor content merchants
// actually have ("Blue shirt", no description, images without alt text) — the app's raw material.
import type { ProductSeed, ProductStatus } from "./domain/records";

export interface CatalogOptions {
  seed?: number;
  /** Share of products with empty or poor content, 0..1 (default 0.25). */
  poorContentShare?: number;
}

/** mulberry32: small, fast, good enough for test data. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Category {
  types: { name: string; basePrice: number; nouns: string[] }[];
  materials: string[];
  options: "apparel" | "color" | "material" | "size" | "none";
  features: string[];
  care: string[];
}

const CATEGORIES: Category[] = [
  {
    types: [
      { name: "T-Shirt", basePrice: 28, nouns: ["Crew Tee", "T-Shirt", "Pocket Tee", "Relaxed Tee"] },
      { name: "Hoodie", basePrice: 64, nouns: ["Hoodie", "Zip Hoodie", "Pullover Hoodie"] },
      { name: "Sweater", basePrice: 89, nouns: ["Sweater", "Cardigan", "Crewneck Knit"] },
      { name: "Jacket", basePrice: 149, nouns: ["Jacket", "Chore Coat", "Overshirt", "Rain Shell"] },
      { name: "Pants", basePrice: 79, nouns: ["Chinos", "Trousers", "Joggers", "Wide-Leg Pants"] },
      { name: "Dress", basePrice: 98, nouns: ["Wrap Dress", "Midi Dress", "Shirt Dress"] },
    ],
    materials: ["Organic Cotton", "Merino Wool", "Linen", "Recycled Polyester", "Hemp", "Cotton Twill", "Alpaca Blend"],
    options: "apparel",
    features: ["Pre-shrunk so the fit stays true wash after wash", "Reinforced seams at stress points", "Cut for an easy, relaxed fit", "Garment-dyed for a soft, lived-in feel", "Made in a fair-trade certified factory"],
    care: ["Machine wash cold, tumble dry low", "Hand wash cold and lay flat to dry", "Wash inside out with similar colours"],
  },
  {
    types: [
      { name: "Mug", basePrice: 24, nouns: ["Mug", "Espresso Cup", "Tumbler"] },
      { name: "Candle", basePrice: 32, nouns: ["Candle", "Travel Candle", "Pillar Candle"] },
      { name: "Throw Blanket", basePrice: 119, nouns: ["Throw", "Throw Blanket", "Picnic Blanket"] },
      { name: "Cushion Cover", basePrice: 45, nouns: ["Cushion Cover", "Pillow Sham"] },
      { name: "Vase", basePrice: 56, nouns: ["Vase", "Bud Vase", "Planter"] },
    ],
    materials: ["Stoneware", "Soy Wax", "Recycled Glass", "Wool", "Linen", "Porcelain", "Terracotta"],
    options: "color",
    features: ["Each piece is hand-finished, so no two are exactly alike", "Food-safe, lead-free glaze", "Sized to sit comfortably on a shelf or mantel", "Packed plastic-free in recycled card"],
    care: ["Dishwasher safe", "Wipe clean with a damp cloth", "Trim the wick to 5 mm before each burn", "Spot clean only"],
  },
  {
    types: [
      { name: "Backpack", basePrice: 129, nouns: ["Backpack", "Daypack", "Rolltop Pack"] },
      { name: "Wallet", basePrice: 59, nouns: ["Wallet", "Card Holder", "Coin Pouch"] },
      { name: "Scarf", basePrice: 49, nouns: ["Scarf", "Bandana", "Wrap"] },
      { name: "Beanie", basePrice: 35, nouns: ["Beanie", "Watch Cap", "Knit Hat"] },
      { name: "Sunglasses", basePrice: 95, nouns: ["Sunglasses", "Shades"] },
    ],
    materials: ["Waxed Canvas", "Full-Grain Leather", "Recycled Nylon", "Merino Wool", "Acetate", "Cork"],
    options: "color",
    features: ["Water-resistant finish for unexpected showers", "Padded laptop sleeve fits up to 15 inches", "YKK zips throughout", "Develops a rich patina with use", "Lifetime repair guarantee"],
    care: ["Wipe clean; re-wax once a season", "Condition the leather twice a year", "Hand wash cold"],
  },
  {
    types: [
      { name: "Face Serum", basePrice: 38, nouns: ["Face Serum", "Facial Oil", "Night Serum"] },
      { name: "Soap", basePrice: 12, nouns: ["Soap Bar", "Shampoo Bar", "Hand Soap"] },
      { name: "Lip Balm", basePrice: 9, nouns: ["Lip Balm", "Lip Tint"] },
    ],
    materials: ["Rosehip", "Shea Butter", "Olive Oil", "Oat", "Lavender", "Charcoal"],
    options: "size",
    features: ["Vegan and cruelty-free", "Fragrance-free formula for sensitive skin", "Made in small batches", "Comes in a refillable glass bottle"],
    care: ["Store in a cool, dry place", "Use within 12 months of opening"],
  },
  {
    types: [
      { name: "Water Bottle", basePrice: 34, nouns: ["Water Bottle", "Insulated Bottle", "Flask"] },
      { name: "Camping Lantern", basePrice: 48, nouns: ["Lantern", "Camp Light"] },
      { name: "Socks", basePrice: 18, nouns: ["Hiking Socks", "Trail Socks", "Crew Socks"] },
    ],
    materials: ["Stainless Steel", "Recycled Aluminium", "Merino Wool", "Bamboo"],
    options: "material",
    features: ["Keeps drinks cold for 24 hours or hot for 12", "Leak-proof lid", "USB-C rechargeable", "Cushioned sole for long days on the trail"],
    care: ["Hand wash only", "Do not put in the freezer", "Machine wash warm"],
  },
  {
    types: [
      { name: "Notebook", basePrice: 22, nouns: ["Notebook", "Sketchbook", "Journal"] },
      { name: "Pen", basePrice: 39, nouns: ["Fountain Pen", "Brass Pen", "Rollerball"] },
      { name: "Planner", basePrice: 29, nouns: ["Weekly Planner", "Desk Planner"] },
    ],
    materials: ["Recycled Paper", "Brass", "Cotton Paper", "Vegetable-Tanned Leather"],
    options: "none",
    features: ["Lies flat when open", "120 gsm paper that takes fountain pen ink without bleed", "Numbered pages and an index", "Refillable with standard cartridges"],
    care: ["Keep away from moisture"],
  },
];

const VENDORS = ["Northwind Supply", "Fjord & Pine", "Atelier Maru", "Harbor Goods", "Little Ember Co.", "Tidewater Outfitters", "Copper Kettle", "Oak & Ash", "Studio Kiln", "Wildflower Apothecary", "Ridgeline Gear", "Paper Lantern"];
const ADJECTIVES = ["Classic", "Everyday", "Heritage", "Essential", "Relaxed", "Handmade", "Vintage-Wash", "Lightweight", "Heavyweight", "Minimal", "Coastal", "Alpine", "Weekend", "Studio"];
const COLORS = ["Black", "Natural", "Navy", "Olive", "Rust", "Sand", "Slate", "Forest Green", "Oatmeal", "Charcoal", "Sky Blue", "Terracotta"];
const SIZES = ["XS", "S", "M", "L", "XL", "XXL"];
const VOLUME_SIZES = ["30 ml", "50 ml", "100 ml"];
const TAGS = ["new-arrival", "bestseller", "gift", "sustainable", "limited-edition", "sale", "handmade", "vegan", "summer", "winter"];
const POOR_TITLES = ["{color} {noun}", "{noun}", "{noun} {n}", "New {noun}", "{color} {noun} {size}", "Item {n}", "{noun} - copy"];

type Pick = <T>(items: readonly T[]) => T;

/**
 * Who a product is for, as shops state it (in the title, so also in the handle, description and
 * image alt text): most apparel names one, some accessories and care products do, homeware and
 * stationery never do. Per product type: the audiences it is sold for and the share that says so.
 */
const AUDIENCES: Record<string, { share: number; audiences: string[] }> = {
  "T-Shirt": { share: 0.6, audiences: ["Women's", "Men's", "Kids'", "Unisex"] },
  Hoodie: { share: 0.6, audiences: ["Women's", "Men's", "Kids'", "Unisex"] },
  Sweater: { share: 0.6, audiences: ["Women's", "Men's", "Kids'"] },
  Jacket: { share: 0.6, audiences: ["Women's", "Men's", "Kids'", "Unisex"] },
  Pants: { share: 0.6, audiences: ["Women's", "Men's", "Kids'"] },
  Dress: { share: 0.7, audiences: ["Women's", "Girls'"] },
  Socks: { share: 0.5, audiences: ["Women's", "Men's", "Kids'", "Unisex"] },
  Beanie: { share: 0.35, audiences: ["Unisex", "Kids'"] },
  Scarf: { share: 0.3, audiences: ["Women's", "Unisex"] },
  Backpack: { share: 0.15, audiences: ["Kids'"] },
  "Face Serum": { share: 0.2, audiences: ["Men's", "Women's"] },
  Soap: { share: 0.1, audiences: ["Men's", "Kids'"] },
};

/** Two draws per product from its own stream, so the rest of the catalog is as before audiences. */
function audienceFor(random: () => number, typeName: string): string | null {
  const chance = random();
  const which = random();
  const rule = AUDIENCES[typeName];
  if (!rule || chance >= rule.share) return null;
  return rule.audiences[Math.floor(which * rule.audiences.length)];
}

function sample<T>(random: () => number, items: readonly T[], count: number): T[] {
  const pool = [...items];
  const out: T[] = [];
  while (out.length < count && pool.length > 0) out.push(pool.splice(Math.floor(random() * pool.length), 1)[0]);
  return out;
}

function richDescription(pick: Pick, random: () => number, c: Category, title: string, material: string, vendor: string): string {
  const intro = pick([
    `Meet the ${title}: ${material.toLowerCase()} made to be used every day and loved for years.`,
    `The ${title} is our take on a timeless staple, made from ${material.toLowerCase()} by the team at ${vendor}.`,
    `Designed in-house and made in small runs, the ${title} brings quiet, considered design to your routine.`,
  ]);
  const middle = pick([
    `We chose ${material.toLowerCase()} for its durability and the way it ages: it only gets better with time.`,
    `Every detail was tested over months of real-world use before it made the cut.`,
    `It works on its own or alongside the rest of the collection.`,
  ]);
  const features = sample(random, c.features, 2 + Math.floor(random() * 2));
  const care = pick(c.care);
  return `<p>${intro}</p><p>${middle}</p><ul>${features.map((f) => `<li>${f}</li>`).join("")}</ul><p><strong>Care:</strong> ${care}.</p>`;
}

function optionsFor(random: () => number, c: Category): { name: string; values: string[] }[] {
  switch (c.options) {
    case "apparel": {
      const sizes = SIZES.slice(Math.floor(random() * 2), 4 + Math.floor(random() * 3));
      return [
        { name: "Size", values: sizes },
        { name: "Color", values: sample(random, COLORS, 1 + Math.floor(random() * 3)) },
      ];
    }
    case "color":
      return [{ name: "Color", values: sample(random, COLORS, 1 + Math.floor(random() * 4)) }];
    case "material":
      return [{ name: "Material", values: sample(random, c.materials, 1 + Math.floor(random() * 2)) }];
    case "size":
      return [{ name: "Size", values: VOLUME_SIZES.slice(0, 1 + Math.floor(random() * 3)) }];
    default:
      return [];
  }
}

function cartesian(options: { name: string; values: string[] }[]): { name: string; value: string }[][] {
  return options.reduce<{ name: string; value: string }[][]>(
    (combos, option) => combos.flatMap((combo) => option.values.map((value) => [...combo, { name: option.name, value }])),
    [[]],
  );
}

/** Drops option values until the options make at most `max` variants (every value keeps a variant). */
function capVariants(options: { name: string; values: string[] }[], max: number): { name: string; values: string[] }[] {
  const capped = options.map((o) => ({ name: o.name, values: [...o.values] }));
  const count = () => capped.reduce((n, o) => n * o.values.length, 1);
  while (count() > max) {
    const largest = capped.reduce((a, b) => (b.values.length > a.values.length ? b : a));
    largest.values.pop();
  }
  return capped;
}

const EPOCH = Date.UTC(2025, 5, 1);

/** Yields `count` products one at a time (constant memory, so 100,000 is fine). */
export function* generateCatalog(count: number, options: CatalogOptions = {}): Generator<ProductSeed> {
  const random = seededRandom(options.seed ?? 1);
  const audienceRandom = seededRandom(((options.seed ?? 1) ^ 0x5eed_a0d1) >>> 0);
  const pick: Pick = (items) => items[Math.floor(random() * items.length)];
  const poorShare = options.poorContentShare ?? 0.25;
  for (let n = 1; n <= count; n++) {
    const category = pick(CATEGORIES);
    const type = pick(category.types);
    const vendor = pick(VENDORS);
    const material = pick(category.materials);
    const noun = pick(type.nouns);
    const poor = random() < poorShare;
    const productOptions = capVariants(optionsFor(random, category), 12);
    const combos = cartesian(productOptions);
    const price = type.basePrice * (0.8 + random() * 0.6);
    const skuBase = `${vendor.replace(/[^A-Z]/g, "").slice(0, 3) || "SKU"}-${type.name.replace(/[^A-Za-z]/g, "").slice(0, 4).toUpperCase()}-${String(n).padStart(5, "0")}`;
    const color = productOptions.find((o) => o.name === "Color")?.values[0] ?? pick(COLORS);
    const audience = audienceFor(audienceRandom, type.name);
    const plainTitle = poor
      ? pick(POOR_TITLES)
          .replace("{color}", color)
          .replace("{noun}", pick([type.name, noun]).toLowerCase().replace(/^./, (c) => c.toUpperCase()))
          .replace("{size}", pick(SIZES))
          .replace("{n}", String(n))
      : `${pick(ADJECTIVES)} ${material} ${noun}`;
    // Poor listings say it the way hurried merchants type it ("Mens hoodie").
    const title = !audience ? plainTitle : poor ? `${audience.replace("'", "")} ${plainTitle.toLowerCase()}` : `${audience} ${plainTitle}`;
    const descriptionHtml = poor ? pick(["", "", `<p>${title}.</p>`, "<p>Great quality. Buy now!</p>", `${noun}`]) : richDescription(pick, random, category, title, material, vendor);
    const createdAt = new Date(EPOCH - Math.floor(random() * 720) * 86_400_000 - Math.floor(random() * 86_400) * 1000);
    const imageCount = poor ? Math.floor(random() * 2) : 1 + Math.floor(random() * 4);
    const handle = title.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
    const status: ProductStatus = random() < 0.88 ? "ACTIVE" : random() < 0.7 ? "DRAFT" : "ARCHIVED";
    yield {
      title,
      descriptionHtml,
      vendor,
      productType: poor && random() < 0.5 ? "" : type.name,
      status,
      tags: poor ? [] : sample(random, TAGS, Math.floor(random() * 4)),
      seo: !poor && random() < 0.3 ? { title: title.slice(0, 70), description: `Shop the ${title} from ${vendor}.` } : undefined,
      createdAt: createdAt.toISOString().replace(/\.\d{3}Z$/, "Z"),
      options: productOptions,
      variants: (combos.length > 0 ? combos : [[]]).map((selected, i) => ({
        price: (Math.round(price * (1 + 0.05 * (i % 3))) - 0.01).toFixed(2),
        compareAtPrice: random() < 0.15 ? (Math.round(price * 1.3) - 0.01).toFixed(2) : null,
        sku: poor && random() < 0.5 ? null : `${skuBase}-${i + 1}`,
        inventoryQuantity: Math.floor(random() * 120),
        selectedOptions: selected.length > 0 ? selected : [{ name: "Title", value: "Default Title" }],
      })),
      media: Array.from({ length: imageCount }, (_, i) => ({
        alt: poor || random() < 0.35 ? "" : `${title}${i === 0 ? "" : ` — view ${i + 1}`}`,
        url: `https://cdn.shopify.com/s/files/1/0600/0000/0001/files/${handle || "product"}-${n}-${i + 1}.jpg`,
        width: 2048,
        height: pick([2048, 2560, 1536]),
      })),
    };
  }
}
