// Empty-state illustrations, inline so they load without a CDN (the embedded app's only
// third-party script is App Bridge).
function svg(body: string): string {
  return `data:image/svg+xml;utf8,${encodeURIComponent(
    `<svg xmlns="http://www.w3.org/2000/svg" width="226" height="226" viewBox="0 0 226 226">${body}</svg>`,
  )}`;
}

/** A key in front of a card: "no provider keys yet". */
export const KEYS_ILLUSTRATION = svg(
  `<circle cx="113" cy="113" r="96" fill="#f1f1f1"/>` +
    `<rect x="52" y="70" width="122" height="86" rx="10" fill="#fff" stroke="#8a8a8a" stroke-width="3"/>` +
    `<rect x="66" y="88" width="60" height="8" rx="4" fill="#d4d4d4"/><rect x="66" y="104" width="90" height="8" rx="4" fill="#e3e3e3"/>` +
    `<circle cx="150" cy="140" r="22" fill="#fff" stroke="#303030" stroke-width="4"/><circle cx="150" cy="140" r="7" fill="#303030"/>` +
    `<path d="M131 152 L92 184 M104 174 L112 184 M96 180 L102 188" stroke="#303030" stroke-width="5" stroke-linecap="round"/>`,
);

/** A bar chart with no bars: "no usage in this period". */
export const CHART_ILLUSTRATION = svg(
  `<circle cx="113" cy="113" r="96" fill="#f1f1f1"/>` +
    `<path d="M56 60 V166 H176" fill="none" stroke="#8a8a8a" stroke-width="3" stroke-linecap="round"/>` +
    `<rect x="72" y="140" width="18" height="26" rx="3" fill="#d4d4d4"/><rect x="100" y="120" width="18" height="46" rx="3" fill="#d4d4d4"/>` +
    `<rect x="128" y="150" width="18" height="16" rx="3" fill="#d4d4d4"/><rect x="156" y="100" width="18" height="66" rx="3" fill="#b5b5b5"/>`,
);

/** Two linked boxes: "assign a key to a kind of work". */
export const ASSIGN_ILLUSTRATION = svg(
  `<circle cx="113" cy="113" r="96" fill="#f1f1f1"/>` +
    `<rect x="40" y="84" width="62" height="58" rx="8" fill="#fff" stroke="#8a8a8a" stroke-width="3"/>` +
    `<rect x="124" y="84" width="62" height="58" rx="8" fill="#fff" stroke="#303030" stroke-width="3"/>` +
    `<path d="M102 113 H124" stroke="#303030" stroke-width="4" stroke-linecap="round"/>` +
    `<circle cx="155" cy="113" r="12" fill="#303030"/>`,
);
