/** The auth record the platform client tests page through their loopback server (the in-thread client's and the page worker's alike). */
import type { PlatformAuthRecord } from '../../../../../shared/platform/schemas';

export function pageRecord(seq: number): PlatformAuthRecord {
  return {
    seq,
    recordId: `r${seq}`,
    id: 'app1',
    appId: '300011',
    capability: 'login',
    operator: 'CMCC',
    requestTime: '2026-11-01T10:00:00.000+08:00',
    resultCode: '200',
    success: true,
    outcome: null,
    carrierCode: '103000',
    description: '成功',
    maskedPhone: '138****0000',
    authType: '1',
    clientIp: '10.0.0.1',
    traceId: `t${seq}`,
  };
}
