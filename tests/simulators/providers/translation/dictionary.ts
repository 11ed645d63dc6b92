// A small English → language word list for the pseudo-translator: common catalog words get
// a real translation so translated copy reads plausibly; other words are pseudo-localized.

type Entry = [en: string, de: string, fr: string, es: string, it: string, nl: string, pt: string];

const ENTRIES: Entry[] = [
  ["the", "die", "le", "el", "il", "de", "o"],
  ["and", "und", "et", "y", "e", "en", "e"],
  ["with", "mit", "avec", "con", "con", "met", "com"],
  ["for", "für", "pour", "para", "per", "voor", "para"],
  ["of", "von", "de", "de", "di", "van", "de"],
  ["a", "ein", "un", "un", "un", "een", "um"],
  ["an", "ein", "un", "un", "un", "een", "um"],
  ["is", "ist", "est", "es", "è", "is", "é"],
  ["in", "in", "dans", "en", "in", "in", "em"],
  ["from", "aus", "de", "de", "da", "uit", "de"],
  ["made", "hergestellt", "fabriqué", "hecho", "realizzato", "gemaakt", "feito"],
  ["your", "Ihr", "votre", "tu", "tuo", "uw", "seu"],
  ["our", "unser", "notre", "nuestro", "nostro", "onze", "nosso"],
  ["this", "dieses", "ce", "este", "questo", "deze", "este"],
  ["it", "es", "il", "lo", "lo", "het", "ele"],
  ["to", "zu", "à", "a", "a", "naar", "para"],
  ["every", "jeden", "chaque", "cada", "ogni", "elke", "cada"],
  ["day", "Tag", "jour", "día", "giorno", "dag", "dia"],
  ["everyday", "alltäglich", "quotidien", "diario", "quotidiano", "dagelijks", "diário"],
  ["new", "neu", "nouveau", "nuevo", "nuovo", "nieuw", "novo"],
  ["soft", "weich", "doux", "suave", "morbido", "zacht", "macio"],
  ["comfortable", "bequem", "confortable", "cómodo", "comodo", "comfortabel", "confortável"],
  ["lightweight", "leicht", "léger", "ligero", "leggero", "licht", "leve"],
  ["durable", "langlebig", "durable", "duradero", "resistente", "duurzaam", "durável"],
  ["classic", "klassisch", "classique", "clásico", "classico", "klassiek", "clássico"],
  ["natural", "natürlich", "naturel", "natural", "naturale", "natuurlijk", "natural"],
  ["organic", "Bio", "bio", "orgánico", "biologico", "biologisch", "orgânico"],
  ["premium", "Premium", "haut de gamme", "premium", "premium", "premium", "premium"],
  ["quality", "Qualität", "qualité", "calidad", "qualità", "kwaliteit", "qualidade"],
  ["handmade", "handgefertigt", "fait main", "hecho a mano", "fatto a mano", "handgemaakt", "artesanal"],
  ["cotton", "Baumwolle", "coton", "algodón", "cotone", "katoen", "algodão"],
  ["wool", "Wolle", "laine", "lana", "lana", "wol", "lã"],
  ["leather", "Leder", "cuir", "cuero", "pelle", "leer", "couro"],
  ["linen", "Leinen", "lin", "lino", "lino", "linnen", "linho"],
  ["silk", "Seide", "soie", "seda", "seta", "zijde", "seda"],
  ["steel", "Stahl", "acier", "acero", "acciaio", "staal", "aço"],
  ["wood", "Holz", "bois", "madera", "legno", "hout", "madeira"],
  ["glass", "Glas", "verre", "vidrio", "vetro", "glas", "vidro"],
  ["ceramic", "Keramik", "céramique", "cerámica", "ceramica", "keramiek", "cerâmica"],
  ["shirt", "Hemd", "chemise", "camisa", "camicia", "overhemd", "camisa"],
  ["t-shirt", "T-Shirt", "t-shirt", "camiseta", "maglietta", "T-shirt", "camiseta"],
  ["dress", "Kleid", "robe", "vestido", "abito", "jurk", "vestido"],
  ["jacket", "Jacke", "veste", "chaqueta", "giacca", "jas", "jaqueta"],
  ["sweater", "Pullover", "pull", "suéter", "maglione", "trui", "suéter"],
  ["hat", "Hut", "chapeau", "sombrero", "cappello", "hoed", "chapéu"],
  ["beanie", "Mütze", "bonnet", "gorro", "berretto", "muts", "gorro"],
  ["shoes", "Schuhe", "chaussures", "zapatos", "scarpe", "schoenen", "sapatos"],
  ["bag", "Tasche", "sac", "bolso", "borsa", "tas", "bolsa"],
  ["mug", "Becher", "tasse", "taza", "tazza", "mok", "caneca"],
  ["candle", "Kerze", "bougie", "vela", "candela", "kaars", "vela"],
  ["black", "schwarz", "noir", "negro", "nero", "zwart", "preto"],
  ["white", "weiß", "blanc", "blanco", "bianco", "wit", "branco"],
  ["red", "rot", "rouge", "rojo", "rosso", "rood", "vermelho"],
  ["blue", "blau", "bleu", "azul", "blu", "blauw", "azul"],
  ["green", "grün", "vert", "verde", "verde", "groen", "verde"],
  ["grey", "grau", "gris", "gris", "grigio", "grijs", "cinza"],
  ["gray", "grau", "gris", "gris", "grigio", "grijs", "cinza"],
  ["size", "Größe", "taille", "talla", "taglia", "maat", "tamanho"],
  ["color", "Farbe", "couleur", "color", "colore", "kleur", "cor"],
  ["colour", "Farbe", "couleur", "color", "colore", "kleur", "cor"],
  ["material", "Material", "matière", "material", "materiale", "materiaal", "material"],
  ["care", "Pflege", "entretien", "cuidado", "cura", "onderhoud", "cuidados"],
  ["wash", "waschen", "laver", "lavar", "lavare", "wassen", "lavar"],
  ["machine", "Maschine", "machine", "máquina", "lavatrice", "machine", "máquina"],
  ["cold", "kalt", "froid", "frío", "freddo", "koud", "frio"],
  ["gift", "Geschenk", "cadeau", "regalo", "regalo", "cadeau", "presente"],
  ["perfect", "perfekt", "parfait", "perfecto", "perfetto", "perfect", "perfeito"],
  ["design", "Design", "design", "diseño", "design", "ontwerp", "design"],
  ["features", "Merkmale", "caractéristiques", "características", "caratteristiche", "kenmerken", "características"],
  ["details", "Details", "détails", "detalles", "dettagli", "details", "detalhes"],
  ["fit", "Passform", "coupe", "ajuste", "vestibilità", "pasvorm", "caimento"],
  ["women", "Damen", "femmes", "mujer", "donna", "dames", "mulheres"],
  ["men", "Herren", "hommes", "hombre", "uomo", "heren", "homens"],
];

const COLUMN: Record<string, number> = { DE: 1, FR: 2, ES: 3, IT: 4, NL: 5, PT: 6 };

const TABLES = new Map<string, Map<string, string>>();
for (const [language, column] of Object.entries(COLUMN)) {
  TABLES.set(language, new Map(ENTRIES.map((entry) => [entry[0], entry[column]])));
}

/** The dictionary translation of a lower-case English word, if the word list has one. */
export function dictionaryWord(word: string, language: string): string | undefined {
  return TABLES.get(language)?.get(word);
}
