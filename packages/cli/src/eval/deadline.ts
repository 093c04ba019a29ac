/** opa reports an exceeded `--timeout` as Go's context error, without a location. */
import { RegoError } from '@rego-ts/rego-parser';

export function deadlineError(e: RegoError): RegoError {
  if (e.code === 'eval_cancel_error' && e.message.includes('deadline exceeded')) {
    return new RegoError('eval_cancel_error', 'context deadline exceeded');
  }
  return e;
}
