// "More actions" on a product page: the product shown (`shopify.data.selected[0]`) is enriched by
// a job in review mode. The UI is the product list's bulk action, shared from its extension
// (each extension is bundled on its own, so the import is compiled into this one).
import { render } from "preact";
import { EnrichAction } from "../../enrich-selection/src/enrich/EnrichAction";

export default async () => {
  render(<EnrichAction api={shopify} trigger="product_page" />, document.body);
};
