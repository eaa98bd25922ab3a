import type {
  PlatformActivity,
  PlatformApp,
  PlatformAppCreate,
  PlatformAppPatch,
  PlatformAuthRecord,
  PlatformBill,
  PlatformPackages,
  PlatformPricing,
  PlatformUsageStatement,
  PlatformWhoami,
} from '../../../../shared/platform/schemas';
import type { RecordBatch } from '../store/record-batch';

/** A records page prepared for the store: its batch, and where the feed goes on. */
export interface BatchPage {
  items: RecordBatch;
  next: number;
  hasMore: boolean;
}

export interface Page<T> {
  items: T[];
  next: number;
  hasMore: boolean;
}

/**
 * The management API as the main process sees it (platform-api.md §1–§3). Every method signs
 * its request, verifies the response signature, validates the body with the shared schema,
 * retries transient failures, and throws ApiError (UNAUTHORIZED, FORBIDDEN, CLOCK_SKEW,
 * PLATFORM_ERROR, PLATFORM_UNREACHABLE, VALIDATION_FAILED, APP_NAME_TAKEN, APP_IN_REVIEW …).
 */
export interface PlatformClient {
  readonly endpoint: string;
  readonly accessKey: string;
  whoami(signal?: AbortSignal): Promise<PlatformWhoami>;
  listApps(afterVersion: number, limit: number, signal?: AbortSignal): Promise<Page<PlatformApp>>;
  createApp(body: PlatformAppCreate, signal?: AbortSignal): Promise<PlatformApp>;
  updateApp(id: string, patch: PlatformAppPatch, signal?: AbortSignal): Promise<PlatformApp>;
  deleteApp(id: string, signal?: AbortSignal): Promise<PlatformApp>;
  reviewApp(id: string, action: 'start' | 'approve' | 'reject', reason?: string, signal?: AbortSignal): Promise<PlatformApp>;
  activities(afterSeq: number, limit: number, signal?: AbortSignal): Promise<Page<PlatformActivity>>;
  authRecords(afterSeq: number, limit: number, signal?: AbortSignal): Promise<Page<PlatformAuthRecord>>;
  /**
   * The same page made ready for the store (store/record-batch.ts), where a client prepares pages
   * off the sync's writer thread (the page worker). A sync uses it when offered.
   */
  authRecordBatches?(afterSeq: number, limit: number, signal?: AbortSignal): Promise<BatchPage>;
  usage(month: string, signal?: AbortSignal): Promise<PlatformUsageStatement>;
  bill(month: string, signal?: AbortSignal): Promise<PlatformBill>;
  packages(signal?: AbortSignal): Promise<PlatformPackages>;
  pricing(signal?: AbortSignal): Promise<PlatformPricing>;
}
