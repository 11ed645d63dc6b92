// The job store's refusals as the pages answer them: a job or item of another shop (or none) is
// 404, an action that does not fit the job's state is 409, bad input is 400 with the field it
// concerns, and a missing or unsuitable provider assignment says where to fix it.
import { AssignmentError } from "../../assignments/assignments.server";
import { JobInputError, JobNotFoundError, JobStateError } from "../../jobs/job-store.server";
import { FieldEditError } from "../../jobs/proposal";
import type { FieldErrors } from "../forms/form-input";

export interface JobActionError {
  status: number;
  message: string;
  fieldErrors?: FieldErrors;
}

export function jobActionError(error: unknown): JobActionError | null {
  if (error instanceof JobNotFoundError) return { status: 404, message: error.message };
  if (error instanceof JobStateError) return { status: 409, message: error.message };
  if (error instanceof JobInputError)
    return {
      status: 400,
      message: error.message,
      fieldErrors: { [error.field]: error.message },
    };
  // An edit the sanitizer or a limit refused: shown under the field being edited.
  if (error instanceof FieldEditError)
    return {
      status: 400,
      message: error.message,
      fieldErrors: { [error.field]: error.message },
    };
  if (error instanceof AssignmentError) {
    return {
      status: 400,
      message: `${error.message} Choose a provider and model for batch enrichment on the Assignments page.`,
    };
  }
  return null;
}
