import { describe, expect, it } from "vitest";
import { classifyHref, htmlToText, sanitizeDescriptionHtml, sanitizePlainText } from "../../app/enrichment/sanitize";

const shop = { shopDomain: "northwind.myshopify.com" };
const clean = (html: string) => sanitizeDescriptionHtml(html, shop);

describe("description HTML sanitizer", () => {
  it("keeps the allowlist: p, ul/ol/li, strong/em, h2-h4, br", () => {
    const html = "<h2>Fit</h2><p>Relaxed <strong>linen</strong> <em>shirt</em>.<br />Soft.</p><ul><li>One</li></ul><ol><li>Two</li></ol><h3>A</h3><h4>B</h4>";
    expect(clean(html)).toEqual({ html, removals: [] });
  });

  it("maps harmless formatting onto the allowlist and unwraps the rest, keeping its text", () => {
    const r = clean('<h1>Title</h1><p><b>bold</b> <i>it</i> <span class="x">span</span> <u>u</u></p><div style="color:red">div</div>');
    expect(r.html).toBe("<h2>Title</h2><p><strong>bold</strong> <em>it</em> span u</p>div");
    expect(r.removals.every((x) => !x.hostile)).toBe(true);
  });

  it("removes script, style and iframe with their content, and says it was hostile", () => {
    const r = clean("<p>Shirt</p><script>alert(1)</script><style>p{display:none}</style><iframe src='https://x'>frame text</iframe>");
    expect(r.html).toBe("<p>Shirt</p>");
    expect(r.removals.filter((x) => x.hostile).map((x) => x.what)).toEqual(["<script>", "<style>", "<iframe>"]);
  });

  it("removes event handlers and embeds", () => {
    const r = clean('<p onclick="steal()" onmouseover="x()">Shirt <img src="x" onerror="alert(1)"></p><svg onload="alert(1)"><text>t</text></svg>');
    expect(r.html).toBe("<p>Shirt </p>");
    expect(r.html).not.toMatch(/on\w+=|<img|<svg/);
    expect(r.removals.some((x) => x.hostile && x.what === "onclick attribute")).toBe(true);
    expect(r.removals.some((x) => x.hostile && x.what === "<img>")).toBe(true);
  });

  it("drops javascript: and data: links however they are disguised, keeping their text", () => {
    for (const href of ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "java&#x09;script:alert(1)", " javascript:alert(1)", "data:text/html;base64,PHNjcmlwdD4=", "vbscript:x"]) {
      const r = clean(`<p>Read <a href="${href}">more</a></p>`);
      expect(r.html, href).toBe("<p>Read more</p>");
      expect(r.removals.some((x) => x.hostile), href).toBe(true);
    }
  });

  it("keeps links to the shop's own domain and drops links elsewhere, keeping their text", () => {
    const r = clean(
      '<p><a href="/collections/shirts" target="_blank" rel="x">shirts</a> ' +
        '<a href="https://northwind.myshopify.com/pages/care">care</a> ' +
        '<a href="https://evil.example/buy">cheaper here</a> ' +
        '<a href="//evil.example">pr</a> ' +
        '<a href="https://northwind.myshopify.com.evil.example/">lookalike</a> ' +
        '<a href="mailto:x@evil.example">mail</a></p>',
    );
    expect(r.html).toBe(
      '<p><a href="/collections/shirts">shirts</a> <a href="https://northwind.myshopify.com/pages/care">care</a> cheaper here pr lookalike mail</p>',
    );
    expect(r.removals.filter((x) => x.hostile).map((x) => x.what)).toContain("link to evil.example");
  });

  it("accepts the shop's extra hosts (custom domain) as its own", () => {
    const r = sanitizeDescriptionHtml('<p><a href="https://www.northwind.example/x">x</a></p>', { ...shop, extraHosts: ["northwind.example"] });
    expect(r.html).toBe('<p><a href="https://www.northwind.example/x">x</a></p>');
  });

  it("repairs invalid HTML: unclosed tags are closed, stray closers dropped, empty elements removed", () => {
    expect(clean("<p>Soft <strong>linen").html).toBe("<p>Soft <strong>linen</strong></p>");
    expect(clean("<p>One</p></li></ul><p></p><ul><li></li></ul>").html).toBe("<p>One</p>");
    expect(clean("<p>5 < 6 & 7 > 3</p>").html).toBe("<p>5 &lt; 6 &amp; 7 &gt; 3</p>");
  });

  it("classifies hrefs", () => {
    expect(classifyHref("/products/a", shop)).toBe("own");
    expect(classifyHref("https://www.northwind.myshopify.com/", shop)).toBe("own");
    expect(classifyHref("https://user:pw@northwind.myshopify.com/", shop)).toBe("foreign");
    expect(classifyHref("evil.example/x", shop)).toBe("foreign");
    expect(classifyHref("javascript:void(0)", shop)).toBe("script");
    expect(classifyHref(undefined, shop)).toBe("missing");
  });
});

describe("plain-text sanitizer", () => {
  it("strips all markup and reports hostile parts", () => {
    expect(sanitizePlainText("Linen <script>alert(1)</script>Shirt")).toEqual({
      text: "Linen Shirt",
      removals: [{ hostile: true, what: "<script>" }],
    });
    expect(sanitizePlainText("Linen <b>Shirt</b>")).toEqual({ text: "Linen Shirt", removals: [{ hostile: false, what: "<b>" }] });
  });

  it("does not let double-encoded markup come back to life", () => {
    const r = sanitizePlainText("Shirt &amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt;");
    expect(r.text).not.toMatch(/<\s*script/i);
    expect(r.removals.some((x) => x.hostile)).toBe(true);
  });

  it("decodes entities, keeps harmless symbols, drops control and bidi characters, collapses whitespace", () => {
    expect(sanitizePlainText("Salt &amp; Pepper  Set\t\n< 5 kg").text).toBe("Salt & Pepper Set < 5 kg");
    expect(sanitizePlainText("abc\u202Eevil\u0007").text).toBe("abcevil");
    expect(sanitizePlainText("Wash cold.\n\n\n\nDry flat.  ", { multiline: true }).text).toBe("Wash cold.\n\nDry flat.");
  });

  it("turns HTML into text for word counts and fact checks", () => {
    expect(htmlToText("<p>Hello</p><ul><li>a</li><li>b</li></ul><p>&amp; more</p>")).toBe("Hello a b & more");
  });
});
