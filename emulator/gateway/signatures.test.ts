import { describe, expect, it } from 'vitest';
import { md5Sign } from './login-token-validate';
import { phoneHash, verifySign } from './token-validate';
import { systemTime17 } from './context';

// Fixed vectors computed outside Node (Python hashlib/hmac) from the seeds' formulas, so the
// emulator's implementation is checked against an independent one, not against itself.
const appid = '300012345678';
const appKey = 'E6A6A7A2B7C24D3D8F0A5E7C1B2D9F33';
const token = 'STsid0000001515028196605yc1oYNTuPlTlLT10AR3ywr2WApEq14JH';

describe('gateway signature formulas (golden vectors)', () => {
  it('loginTokenValidate MD5 sign (seeds/003 §3.1.3)', () => {
    expect(
      md5Sign({ appid, version: '2.0', msgid: '40a940a940a940a93b8d3b8d3b8d3b8d', systemtime: '20170515090923489', strictcheck: '0', token }, appKey),
    ).toBe('F195EA6737CB792CA38AE7212D2C37C9');
  });

  it('tokenValidate phoneNum and HMAC-SHA256 sign (seeds/003 §3.2.3)', () => {
    const phoneNum = phoneHash('13680000795', appKey, '20180104090953788');
    expect(phoneNum).toBe('43FA09D966F0A0003906A51DDB162C56A8F0A63EB933F89A4129B76DCDBA71E9');
    expect(
      verifySign(appKey, { appId: appid, msgId: '8ADFF305-C7FC-B3E1-B1AE-CC130792FBD0', phoneNum, timestamp: '20180104090953788', token, version: '1.0' }),
    ).toBe('BF189BD4BA67ADA39EFD290266BB514D97293F56D3DB85122C8351468C45F82C');
  });

  it('formats systemtime as 17 digits of Shanghai time', () => {
    expect(systemTime17(Date.parse('2018-01-04T01:09:53.788Z'))).toBe('20180104090953788');
  });
});
