/**
 * The last line of defence for "no export contains a full phone number". The platform sends
 * masked numbers only, but an export is a file that leaves the console, so every text cell is
 * checked on the way out: anything shaped like a mainland mobile number (11 digits starting
 * 13–19, optionally +86/86 in front, optionally split by spaces or dashes) that is not part of
 * a longer run of digits is masked 3+4+4. Longer digit runs (trace ids, timestamps) are left alone.
 */
const WHOLE_NUMBER = /(?<![0-9])(?:\+?86[ -]?)?(1[3-9][0-9])[ -]?[0-9]{4}[ -]?([0-9]{4})(?![0-9])/g;
// Cheap pre-check (most cells): fewer than 11 digits in all cannot hold a whole number.
function hasElevenDigits(text: string): boolean {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57 && ++n >= 11) return true;
  }
  return false;
}

export function maskPhonesIn(text: string): string {
  if (text.length < 11 || !hasElevenDigits(text)) return text;
  return text.replace(WHOLE_NUMBER, (_m, head: string, tail: string) => `${head}****${tail}`);
}

const MASKED = /^[0-9]{3}\*{4}[0-9]{4}$/;

/**
 * The phone column itself: kept when already masked 3+4+4, masked when it is a whole number,
 * and blanked to asterisks when it is anything else (a shape we cannot vouch for).
 */
export function exportPhone(value: string | null): string | null {
  if (value === null || value === '') return value;
  if (MASKED.test(value)) return value;
  let digits = value.replace(/[^0-9]/g, '');
  if (digits.length === 13 && digits.startsWith('86')) digits = digits.slice(2);
  if (/^1[3-9][0-9]{9}$/.test(digits)) return `${digits.slice(0, 3)}****${digits.slice(7)}`;
  return '***********';
}

/** What the tests and the verifier treat as a leaked whole number. */
export const FULL_PHONE_PATTERN = /(?<![0-9])1[3-9][0-9]{9}(?![0-9])/;
