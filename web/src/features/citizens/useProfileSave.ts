// Saving a registration form, for the staff form and the portal alike: the checks first (nothing is sent while one
// fails), then the request; a problem about one input is put beside it and the input takes the focus, any other
// failure is kept as the form's general error.
import { useCallback, useEffect, useState } from 'react';
import { checkForm, inputId, profileOfForm, type ProfileDraft, type ProfileForm } from './profileForm';
import { problemOfCheck, problemOfError, type FieldProblem } from './fieldProblems';

export interface ProfileSave {
  problem: FieldProblem | null;
  error: unknown;
  busy: boolean;
  /**
   * Checks `form`, then calls `send` with its profile. `handled` may take a failure first (e.g. a possible duplicate)
   * and return true. Resolves to whether it was sent without failure.
   */
  save: (form: ProfileForm, send: (draft: ProfileDraft) => Promise<void>, handled?: (error: unknown) => boolean) => Promise<boolean>;
  clear: () => void;
}

export function useProfileSave(prefix: string): ProfileSave {
  const [problem, setProblem] = useState<FieldProblem | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (problem) document.getElementById(inputId(prefix, problem.pointer))?.focus();
  }, [problem, prefix]);

  const clear = useCallback(() => {
    setProblem(null);
    setError(null);
  }, []);

  const save = useCallback<ProfileSave['save']>(async (form, send, handled) => {
    setProblem(null);
    setError(null);
    const found = checkForm(form);
    if (found) {
      setProblem(problemOfCheck(found));
      return false;
    }
    const draft = profileOfForm(form);
    setBusy(true);
    try {
      await send(draft);
      return true;
    } catch (caught) {
      if (handled?.(caught)) return false;
      const about = problemOfError(caught, draft.rows);
      if (about) setProblem(about);
      else setError(caught);
      return false;
    } finally {
      setBusy(false);
    }
  }, []);

  return { problem, error, busy, save, clear };
}
