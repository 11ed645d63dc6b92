// Downloads the ledger of the chosen days as CSV. The file is fetched (App Bridge adds the
// session token to the app's own requests; a plain link inside the admin would carry none) and
// handed to the browser as a download.
import { useAppBridge } from "@shopify/app-bridge-react";
import { Button } from "@shopify/polaris";
import { useState } from "react";

export function ExportCsvButton({ href, filename }: { href: string; filename: string }) {
  const shopify = useAppBridge();
  const [busy, setBusy] = useState(false);

  const download = async () => {
    setBusy(true);
    try {
      const response = await fetch(href);
      if (!response.ok) throw new Error(`The export failed (${response.status}). Try again.`);
      const url = URL.createObjectURL(await response.blob());
      const link = document.createElement("a");
      link.href = url;
      link.download = filename;
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      shopify.toast.show("Usage exported as CSV");
    } catch (error) {
      shopify.toast.show(error instanceof Error ? error.message : "The export failed.", { isError: true });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Button onClick={download} loading={busy}>
      Export CSV
    </Button>
  );
}
