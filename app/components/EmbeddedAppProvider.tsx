// The embedded app's providers: App Bridge (loaded from Shopify's CDN, as the admin requires)
// and Polaris with Remix links. Equivalent to AppProvider from @shopify/shopify-app-remix/react,
// whose ESM build imports JSON with import attributes that the Remix classic compiler's
// esbuild 0.17 cannot parse.
import { Link, useNavigate } from "@remix-run/react";
import { AppProvider as PolarisAppProvider } from "@shopify/polaris";
import type { LinkLikeComponentProps } from "@shopify/polaris/build/ts/src/utilities/link";
import englishI18n from "@shopify/polaris/locales/en.json";
import { forwardRef, useEffect, type ReactNode } from "react";

export const APP_BRIDGE_URL = "https://cdn.shopify.com/shopifycloud/app-bridge.js";

const RemixPolarisLink = forwardRef<HTMLAnchorElement, LinkLikeComponentProps>(function RemixPolarisLink(
  { url, children, external, ...rest },
  ref,
) {
  if (external) {
    return (
      <a href={url} ref={ref} target="_blank" rel="noopener noreferrer" {...rest}>
        {children}
      </a>
    );
  }
  return (
    <Link to={url} ref={ref} {...rest}>
      {children}
    </Link>
  );
});

export function EmbeddedAppProvider({ apiKey, children }: { apiKey: string; children: ReactNode }) {
  const navigate = useNavigate();
  // App Bridge announces admin-side navigation (nav menu clicks) with this event.
  useEffect(() => {
    const onNavigate = (event: Event) => {
      const href = (event.target as Element | null)?.getAttribute("href");
      if (href) navigate(href);
    };
    addEventListener("shopify:navigate", onNavigate);
    return () => removeEventListener("shopify:navigate", onNavigate);
  }, [navigate]);
  return (
    <>
      <script src={APP_BRIDGE_URL} data-api-key={apiKey} />
      <PolarisAppProvider i18n={englishI18n} linkComponent={RemixPolarisLink}>
        {children}
      </PolarisAppProvider>
    </>
  );
}
