/**
 * The providers a workspace can speak and what each offers. Views and services follow these
 * flags rather than the provider's name: a provider without record-level data gets Records and
 * Audit pages that explain what it offers instead of an empty table.
 */
export const providers = ['onetap', 'aliyun-dypns'] as const;
export type Provider = (typeof providers)[number];

export interface ProviderCapabilities {
  /** Individual authentication records (search, drill-down, audit export). */
  records: boolean;
  /** Daily statistics (calls / successes / billable per app × day). */
  dailyStatistics: boolean;
  /** Hourly breakdown of the statistics. */
  hourlyStatistics: boolean;
  /** Per-operator split (CMCC / CUCC / CTCC) of the statistics. */
  operatorSplit: boolean;
  /** The provider's usage statement (per day × app lines). */
  statements: boolean;
  /** The provider's monthly bill (for reconciliation). */
  bills: boolean;
  /** Prepaid packages readable through the API. */
  packages: boolean;
  appCreate: boolean;
  appModify: boolean;
  appDelete: boolean;
  /** Apps can be listed (otherwise the workspace keeps the codes it knows). */
  appList: boolean;
  /** App review workflow. */
  review: boolean;
}

export const providerCapabilities: Readonly<Record<Provider, ProviderCapabilities>> = Object.freeze({
  onetap: {
    records: true,
    dailyStatistics: true,
    hourlyStatistics: true,
    operatorSplit: true,
    statements: true,
    bills: true,
    packages: true,
    appCreate: true,
    appModify: true,
    appDelete: true,
    appList: true,
    review: true,
  },
  'aliyun-dypns': {
    records: false,
    dailyStatistics: true,
    hourlyStatistics: false,
    operatorSplit: false,
    statements: false,
    bills: true,
    packages: false,
    appCreate: true,
    appModify: false,
    appDelete: true,
    appList: false,
    review: false,
  },
});

/** The price book a provider's workspace is billed with unless the user picks another. */
export const defaultBookOf: Readonly<Record<Provider, string>> = Object.freeze({ onetap: 'onetap', 'aliyun-dypns': 'aliyun-dypns' });
