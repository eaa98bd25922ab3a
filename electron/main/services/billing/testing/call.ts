/** A billing contract call as a door makes it (input validated by dispatch), with the output checked against the contract too. */
import { calls, type CallName, type CallOutput } from '../../../../../shared/contract';
import type { ServiceContext } from '../../core/context';
import { dispatch, type Handlers } from '../../core/dispatch';
import { billingHandlers } from '../handlers';

type BillingCall = keyof typeof billingHandlers & CallName;

export async function callBilling<N extends BillingCall>(ctx: ServiceContext, name: N, input: unknown): Promise<CallOutput<N>> {
  const out = await dispatch(billingHandlers as unknown as Handlers, ctx, name, input);
  return calls[name].output.parse(out) as CallOutput<N>;
}
