// Bulk action on the product list: the selected products (`shopify.data.selected`) are enriched
// by one job in review mode.
import { render } from "preact";
import { EnrichAction } from "./enrich/EnrichAction";

export default async () => {
  render(<EnrichAction api={shopify} trigger="bulk_action" />, document.body);
};
