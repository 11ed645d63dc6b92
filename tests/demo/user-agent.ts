// The Shopify library answers requests from self-identifying bots with 410 before any auth
// (isbot). Node's fetch says "node" and headless Chromium "HeadlessChrome", so requests the demo
// makes on a merchant's behalf say what the merchant's browser would.
export const MERCHANT_BROWSER_USER_AGENT =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";
