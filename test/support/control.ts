import { ControlError } from '../../src/control';

/** The ControlError a promise rejects with; any other outcome fails the test. */
export async function refusal(p: Promise<unknown>): Promise<ControlError> {
  try {
    await p;
  } catch (error) {
    if (error instanceof ControlError) return error;
    throw error;
  }
  throw new Error('expected a ControlError, got success');
}
