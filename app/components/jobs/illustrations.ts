// Empty-state illustration of the job pages, inline (no CDN): a product card with lines of
// new copy and a spark.
function svg(body: string): string {
  return `data:image/svg+xml;utf8,${encodeURIComponent(
    `<svg xmlns="http://www.w3.org/2000/svg" width="226" height="226" viewBox="0 0 226 226">${body}</svg>`
  )}`;
}

export const JOBS_ILLUSTRATION = svg(
  `<circle cx="113" cy="113" r="96" fill="#f1f1f1"/>` +
    `<rect x="56" y="58" width="114" height="120" rx="10" fill="#fff" stroke="#8a8a8a" stroke-width="3"/>` +
    `<rect x="70" y="72" width="40" height="40" rx="6" fill="#e3e3e3"/>` +
    `<rect x="118" y="76" width="38" height="8" rx="4" fill="#d4d4d4"/><rect x="118" y="92" width="28" height="8" rx="4" fill="#e3e3e3"/>` +
    `<rect x="70" y="124" width="86" height="8" rx="4" fill="#b5e3c6"/><rect x="70" y="140" width="72" height="8" rx="4" fill="#b5e3c6"/>` +
    `<rect x="70" y="156" width="54" height="8" rx="4" fill="#e3e3e3"/>` +
    `<path d="M168 44 L173 58 L187 63 L173 68 L168 82 L163 68 L149 63 L163 58 Z" fill="#303030"/>`
);
