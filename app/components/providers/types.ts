// A provider key as the Providers page receives it: the vault's safe summary, dates as strings.
export interface ProviderKeyRow {
  id: string;
  provider: string;
  label: string;
  last4: string;
  baseUrl: string | null;
  createdAt: string;
  lastTestedAt: string | null;
  lastTestOk: boolean | null;
  lastTestMessage: string | null;
}
