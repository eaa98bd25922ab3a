import { ApiError } from '../../../../shared/contract';

/** The ApiError a call refused with; fails the test when it answered, or threw anything else. */
export async function rejection(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error('expected the call to be refused');
}
