// Vocabulary per kind of product, so generated copy talks about a beanie the way a shop
// would. Deliberately claim-free: no materials, certifications, measurements or numbers —
// a well-behaved model states those only when the prompt's product data does (see
// prompt-facts.ts), so the simulator's happy path passes an app's invention checks.

export interface ProductDomain {
  name: string;
  /** Words in a product's name or type that place it in this domain. */
  cues: string[];
  adjectives: string[];
  uses: string[];
  features: string[];
  styles: string[];
}

export const DOMAINS: ProductDomain[] = [
  {
    name: "apparel",
    cues: ["shirt", "tee", "t-shirt", "dress", "jacket", "coat", "hoodie", "sweater", "jumper", "cardigan", "beanie",
      "hat", "cap", "scarf", "socks", "pants", "trousers", "jeans", "shorts", "skirt", "leggings", "blouse", "top",
      "vest", "gloves", "apparel", "clothing", "polo", "sweatshirt", "hats"],
    adjectives: ["soft", "cosy", "relaxed", "versatile", "timeless", "comfortable", "easy-going"],
    uses: ["everyday wear", "layering on cool mornings", "weekend plans", "travel days", "the office and beyond"],
    features: ["a shape that holds up to everyday wear", "a cut with room to move", "a soft feel against the skin",
      "clean lines that go with everything", "neat finishing on every seam"],
    styles: ["Casual", "Classic", "Minimal", "Relaxed"],
  },
  {
    name: "footwear",
    cues: ["shoe", "shoes", "sneaker", "sneakers", "boot", "boots", "sandal", "sandals", "loafer", "slipper", "trainer"],
    adjectives: ["cushioned", "supportive", "versatile", "comfortable", "easy-going"],
    uses: ["city walks", "long days on your feet", "weekend adventures", "commuting"],
    features: ["a comfortable footbed for long days", "a sole with steady grip", "a collar that sits comfortably",
      "a silhouette that pairs with jeans or chinos"],
    styles: ["Casual", "Outdoor", "Classic"],
  },
  {
    name: "home",
    cues: ["mug", "cup", "candle", "blanket", "throw", "pillow", "cushion", "lamp", "vase", "plate", "bowl", "towel",
      "sheet", "duvet", "rug", "planter", "pot", "tumbler", "coaster", "tray", "kitchen", "decor", "dripper",
      "kettle", "teapot", "grinder", "carafe", "jar", "board"],
    adjectives: ["elegant", "sturdy", "minimal", "warm", "generous", "timeless"],
    uses: ["slow mornings", "entertaining friends", "a calm corner of your home", "everyday meals", "gifting"],
    features: ["a shape that is comfortable to hold", "a finish that suits any interior", "proportions that feel just right",
      "a design that is easy to keep clean"],
    styles: ["Scandinavian", "Rustic", "Modern"],
  },
  {
    name: "beauty",
    cues: ["cream", "serum", "soap", "shampoo", "conditioner", "lotion", "balm", "oil", "mask", "cleanser", "perfume",
      "fragrance", "lipstick", "moisturizer", "moisturiser", "skincare"],
    adjectives: ["nourishing", "gentle", "lightweight", "restorative", "soothing"],
    uses: ["your morning routine", "daily care", "an evening ritual", "self-care weekends"],
    features: ["a texture that absorbs quickly", "a pleasant feel on the skin", "a format that is easy to use every day",
      "a size that fits in any bag"],
    styles: ["Minimal", "Classic"],
  },
  {
    name: "jewelry",
    cues: ["ring", "necklace", "bracelet", "earring", "earrings", "pendant", "chain", "anklet", "brooch", "jewelry", "jewellery"],
    adjectives: ["delicate", "polished", "minimal", "statement", "elegant"],
    uses: ["everyday stacking", "special occasions", "a thoughtful gift", "layering"],
    features: ["a polished finish that catches the light", "a secure clasp", "a design that layers easily",
      "a look that works day and night"],
    styles: ["Minimal", "Vintage", "Statement"],
  },
  {
    name: "bags",
    cues: ["bag", "backpack", "tote", "wallet", "purse", "clutch", "duffel", "satchel", "pouch", "case"],
    adjectives: ["roomy", "structured", "compact", "hard-wearing", "versatile"],
    uses: ["daily commutes", "weekend trips", "market runs", "work and travel"],
    features: ["room for the everyday essentials", "an inside pocket for small items", "straps that sit comfortably",
      "a shape that stays neat when full"],
    styles: ["Urban", "Classic", "Outdoor"],
  },
  {
    name: "electronics",
    cues: ["headphones", "earbuds", "speaker", "charger", "cable", "adapter", "keyboard", "mouse", "phone", "tablet",
      "camera", "watch", "smartwatch", "power bank", "usb"],
    adjectives: ["compact", "reliable", "portable", "easy-to-use", "sleek"],
    uses: ["work from home", "travel", "daily commutes", "your desk setup"],
    features: ["simple set-up out of the box", "controls that are easy to reach", "a compact body that travels well",
      "a clean design that suits any desk"],
    styles: ["Modern", "Minimal"],
  },
  {
    name: "food",
    cues: ["coffee", "tea", "chocolate", "honey", "jam", "sauce", "spice", "snack", "granola", "olive", "wine", "beer"],
    adjectives: ["rich", "aromatic", "smooth", "flavourful", "comforting"],
    uses: ["slow weekend breakfasts", "an afternoon pick-me-up", "gifting to food lovers", "your pantry"],
    features: ["a rounded, balanced flavour", "an aroma that fills the kitchen", "a taste that pairs well with breakfast",
      "packaging that keeps it fresh"],
    styles: ["Artisan", "Classic"],
  },
];

export const GENERAL_DOMAIN: ProductDomain = {
  name: "general",
  cues: [],
  adjectives: ["thoughtfully designed", "versatile", "practical", "beautifully finished", "dependable"],
  uses: ["everyday use", "home and travel", "gifting", "people who value good design"],
  features: ["careful attention to every detail", "a design that is easy to use from day one",
    "a look that fits in anywhere", "a build that feels solid in the hand"],
  styles: ["Modern", "Classic"],
};

export function domainFor(words: string[]): ProductDomain {
  for (const word of words) {
    const domain = DOMAINS.find((d) => d.cues.includes(word.toLowerCase()));
    if (domain) return domain;
  }
  return GENERAL_DOMAIN;
}
