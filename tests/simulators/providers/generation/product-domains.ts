// Vocabulary per kind of product, so generated copy talks about a beanie the way a shop
// would (materials, care, uses) rather than with one generic template.

export interface ProductDomain {
  name: string;
  /** Words in a product's name or type that place it in this domain. */
  cues: string[];
  adjectives: string[];
  materials: string[];
  uses: string[];
  features: string[];
  care: string[];
  attributes: Record<string, string[]>;
}

export const DOMAINS: ProductDomain[] = [
  {
    name: "apparel",
    cues: ["shirt", "tee", "t-shirt", "dress", "jacket", "coat", "hoodie", "sweater", "jumper", "cardigan", "beanie",
      "hat", "cap", "scarf", "socks", "pants", "trousers", "jeans", "shorts", "skirt", "leggings", "blouse", "top",
      "vest", "gloves", "apparel", "clothing", "polo", "sweatshirt"],
    adjectives: ["soft", "breathable", "cosy", "tailored", "relaxed", "lightweight", "warm", "versatile", "timeless"],
    materials: ["organic cotton", "merino wool", "linen", "recycled polyester", "cotton"],
    uses: ["everyday wear", "layering on cool mornings", "weekend plans", "travel days", "the office and beyond"],
    features: ["reinforced seams that keep their shape wash after wash", "a true-to-size fit with room to move",
      "a brushed inner finish that feels soft against the skin", "colour that stays rich after repeated washing",
      "flatlock stitching to prevent chafing"],
    care: ["Machine wash cold with like colours; lay flat to dry.", "Hand wash in cool water and dry flat.",
      "Machine wash at 30 °C, do not tumble dry."],
    attributes: { fit: ["Regular fit", "Relaxed fit", "Slim fit"], size: ["XS–XXL", "S–XL", "One size"],
      gender: ["Unisex", "Women", "Men"], season: ["All season", "Autumn/Winter", "Spring/Summer"],
      pattern: ["Solid", "Striped", "Heathered"], style: ["Casual", "Classic", "Minimal"] },
  },
  {
    name: "footwear",
    cues: ["shoe", "shoes", "sneaker", "sneakers", "boot", "boots", "sandal", "sandals", "loafer", "slipper", "trainer"],
    adjectives: ["cushioned", "supportive", "grippy", "lightweight", "durable", "flexible"],
    materials: ["full-grain leather", "suede", "recycled knit", "canvas", "natural rubber"],
    uses: ["city walks", "long days on your feet", "weekend adventures", "commuting"],
    features: ["a cushioned footbed that absorbs every step", "a grippy rubber outsole for wet pavements",
      "a padded collar that keeps heels comfortable", "a removable insole for easy cleaning"],
    care: ["Wipe clean with a damp cloth and air dry away from heat.", "Brush off dirt and treat with a leather conditioner."],
    attributes: { size: ["EU 36–46", "US 5–12"], fit: ["True to size", "Wide fit"], gender: ["Unisex", "Women", "Men"],
      style: ["Casual", "Outdoor", "Classic"] },
  },
  {
    name: "home",
    cues: ["mug", "cup", "candle", "blanket", "throw", "pillow", "cushion", "lamp", "vase", "plate", "bowl", "towel",
      "sheet", "duvet", "rug", "planter", "pot", "glass", "tumbler", "coaster", "tray", "kitchen", "decor", "dripper",
      "kettle", "teapot", "grinder", "carafe", "jar", "board"],
    adjectives: ["handcrafted", "elegant", "sturdy", "minimal", "warm", "generous", "timeless"],
    materials: ["stoneware", "ceramic", "soy wax", "oak", "linen", "recycled glass", "cotton"],
    uses: ["slow mornings", "entertaining friends", "a calm corner of your home", "everyday meals", "gifting"],
    features: ["a glaze that is dishwasher and microwave safe", "a weighted base that will not tip",
      "a clean-burning wick for up to 40 hours", "a finish that ages beautifully over time"],
    care: ["Dishwasher and microwave safe.", "Trim the wick to 5 mm before each use.", "Wipe with a soft, dry cloth."],
    attributes: { dimensions: ["10 × 8 cm", "25 × 25 cm", "30 × 12 cm"], capacity: ["350 ml", "450 ml", "1 l"],
      style: ["Scandinavian", "Rustic", "Modern"], room: ["Kitchen", "Living room", "Bedroom"] },
  },
  {
    name: "beauty",
    cues: ["cream", "serum", "soap", "shampoo", "conditioner", "lotion", "balm", "oil", "mask", "cleanser", "perfume",
      "fragrance", "lipstick", "moisturizer", "moisturiser", "skincare"],
    adjectives: ["nourishing", "gentle", "fragrance-free", "plant-based", "lightweight", "restorative"],
    materials: ["shea butter", "aloe vera", "jojoba oil", "hyaluronic acid", "vitamin C"],
    uses: ["your morning routine", "sensitive skin", "daily hydration", "an evening ritual"],
    features: ["a fast-absorbing texture that leaves no residue", "dermatologically tested formula",
      "recyclable packaging", "no parabens, sulphates or synthetic fragrance"],
    care: ["Store in a cool, dry place away from direct sunlight.", "Use within 12 months of opening."],
    attributes: { volume: ["30 ml", "50 ml", "200 ml"], skin_type: ["All skin types", "Dry skin", "Sensitive skin"],
      scent: ["Unscented", "Citrus", "Lavender"] },
  },
  {
    name: "jewelry",
    cues: ["ring", "necklace", "bracelet", "earring", "earrings", "pendant", "chain", "anklet", "brooch", "jewelry", "jewellery"],
    adjectives: ["delicate", "polished", "hypoallergenic", "minimal", "statement", "handcrafted"],
    materials: ["sterling silver", "14k gold vermeil", "recycled gold", "stainless steel"],
    uses: ["everyday stacking", "special occasions", "a thoughtful gift", "layering"],
    features: ["a tarnish-resistant finish", "nickel-free and safe for sensitive skin", "a secure lobster clasp",
      "a gift box included with every order"],
    care: ["Remove before swimming and polish with a soft cloth.", "Store separately to avoid scratches."],
    attributes: { length: ["40 cm", "45 cm with 5 cm extender"], size: ["Adjustable", "US 5–9"],
      style: ["Minimal", "Vintage", "Statement"] },
  },
  {
    name: "bags",
    cues: ["bag", "backpack", "tote", "wallet", "purse", "clutch", "duffel", "satchel", "pouch", "case"],
    adjectives: ["roomy", "structured", "water-resistant", "compact", "hard-wearing", "versatile"],
    materials: ["waxed canvas", "full-grain leather", "recycled nylon", "cotton canvas"],
    uses: ["daily commutes", "weekend trips", "carrying a laptop", "market runs"],
    features: ["a padded sleeve that fits a 15-inch laptop", "an interior zip pocket for valuables",
      "adjustable, padded straps", "water-resistant fabric that shrugs off light rain"],
    care: ["Spot clean with mild soap and water.", "Condition the leather twice a year."],
    attributes: { capacity: ["12 l", "20 l", "28 l"], dimensions: ["42 × 30 × 14 cm", "35 × 25 × 10 cm"],
      style: ["Urban", "Classic", "Outdoor"] },
  },
  {
    name: "electronics",
    cues: ["headphones", "earbuds", "speaker", "charger", "cable", "adapter", "keyboard", "mouse", "phone", "tablet",
      "camera", "watch", "smartwatch", "power bank", "usb"],
    adjectives: ["wireless", "compact", "fast-charging", "reliable", "portable", "high-fidelity"],
    materials: ["aluminium", "recycled plastic", "braided nylon", "silicone"],
    uses: ["work from home", "travel", "daily commutes", "your desk setup"],
    features: ["up to 30 hours of battery life", "USB-C fast charging", "Bluetooth 5.3 with a stable connection",
      "a two-year warranty"],
    care: ["Keep away from water and extreme heat.", "Clean with a dry microfibre cloth."],
    attributes: { connectivity: ["Bluetooth 5.3", "USB-C", "Wi-Fi"], battery_life: ["30 hours", "12 hours"],
      warranty: ["2 years", "1 year"] },
  },
  {
    name: "food",
    cues: ["coffee", "tea", "chocolate", "honey", "jam", "sauce", "spice", "snack", "granola", "olive", "wine", "beer"],
    adjectives: ["small-batch", "rich", "aromatic", "single-origin", "organic", "smooth"],
    materials: ["fair-trade cacao", "arabica beans", "wildflower honey", "whole-leaf tea"],
    uses: ["slow weekend breakfasts", "an afternoon pick-me-up", "gifting to food lovers", "your pantry"],
    features: ["roasted in small batches for freshness", "resealable, recyclable packaging",
      "sourced directly from growers", "no artificial flavours or preservatives"],
    care: ["Store in a cool, dry place and consume within 6 months of opening."],
    attributes: { weight: ["250 g", "500 g", "1 kg"], origin: ["Colombia", "Ethiopia", "Italy"],
      dietary: ["Vegan", "Gluten-free", "Organic"] },
  },
];

export const GENERAL_DOMAIN: ProductDomain = {
  name: "general",
  cues: [],
  adjectives: ["thoughtfully designed", "durable", "versatile", "high-quality", "practical", "beautifully finished"],
  materials: ["premium materials", "recycled materials", "responsibly sourced materials"],
  uses: ["everyday use", "home and travel", "gifting", "people who value good design"],
  features: ["careful attention to every detail", "materials chosen to last for years",
    "a design that is easy to use from day one", "packaging that is fully recyclable"],
  care: ["Wipe clean with a soft, damp cloth."],
  attributes: { style: ["Modern", "Classic"], dimensions: ["20 × 15 × 5 cm"], weight: ["350 g"] },
};

export function domainFor(words: string[]): ProductDomain {
  for (const word of words) {
    const domain = DOMAINS.find((d) => d.cues.includes(word.toLowerCase()));
    if (domain) return domain;
  }
  return GENERAL_DOMAIN;
}
