// Labelled inputs of the registration form, each named by the JSON pointer of its value ("/stays/0/from"): the
// element id comes from it, and the problem about that pointer is shown beside the input, tied to it with
// aria-describedby and aria-invalid, so a screen reader reads the label, the hint and what is wrong together.
import { createContext, useContext, type ReactNode } from 'react';
import { useI18n } from '../../i18n';
import type { FieldProblem } from './fieldProblems';
import { inputId } from './profileForm';
import type { CountryOption } from './countries';

export interface FieldsContextValue {
  /** Prefix of element ids and test ids ("cz" in the console, "pt" on the portal). */
  prefix: string;
  problem: FieldProblem | null;
  /** Show the server's own (English) explanation under ours. */
  showDetail: boolean;
}

export const FieldsContext = createContext<FieldsContextValue>({ prefix: 'cz', problem: null, showDetail: true });

export function FieldMessage({ pointer }: { pointer: string }) {
  const { t } = useI18n();
  const { prefix, problem, showDetail } = useContext(FieldsContext);
  if (!problem || problem.pointer !== pointer) return null;
  const id = `${inputId(prefix, pointer)}-error`;
  return (
    <small className="field-error" id={id} data-testid={id}>
      {t(problem.key)}
      {showDetail && problem.detail ? <span className="alert-detail"> {t('error.serverSays', { detail: problem.detail })}</span> : null}
    </small>
  );
}

interface Common {
  pointer: string;
  label: string;
  hint?: string;
  optional?: boolean;
  className?: string;
}

function useField(pointer: string, hint?: string) {
  const { prefix, problem } = useContext(FieldsContext);
  const id = inputId(prefix, pointer);
  const invalid = problem?.pointer === pointer;
  const described = [hint ? `${id}-hint` : '', invalid ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return { id, invalid, described };
}

function Label({ id, label, optional }: { id: string; label: string; optional?: boolean }) {
  const { t } = useI18n();
  return (
    <label htmlFor={id}>
      {label} {optional ? <span className="muted">{t('common.optional')}</span> : null}
    </label>
  );
}

export function TextInput({ pointer, label, hint, optional, className, value, onChange, type = 'text', ...rest }: Common & {
  value: string;
  onChange: (value: string) => void;
  type?: 'text' | 'email' | 'tel' | 'date';
  autoComplete?: string;
  inputMode?: 'text' | 'email' | 'tel' | 'decimal' | 'numeric';
  maxLength?: number;
  max?: string;
  readOnly?: boolean;
  spellCheck?: boolean;
  autoCapitalize?: string;
}) {
  const { id, invalid, described } = useField(pointer, hint);
  return (
    <div className={`field${className ? ` ${className}` : ''}`}>
      <Label id={id} label={label} optional={optional} />
      <input id={id} type={type} value={value} onChange={(event) => onChange(event.target.value)} aria-invalid={invalid || undefined} aria-describedby={described} data-testid={id} {...rest} />
      {hint ? <small id={`${id}-hint`}>{hint}</small> : null}
      <FieldMessage pointer={pointer} />
    </div>
  );
}

export function TextArea({ pointer, label, hint, optional, className, value, onChange, maxLength }: Common & {
  value: string;
  onChange: (value: string) => void;
  maxLength?: number;
}) {
  const { id, invalid, described } = useField(pointer, hint);
  return (
    <div className={`field${className ? ` ${className}` : ''}`}>
      <Label id={id} label={label} optional={optional} />
      <textarea id={id} value={value} rows={2} maxLength={maxLength} onChange={(event) => onChange(event.target.value)} aria-invalid={invalid || undefined} aria-describedby={described} data-testid={id} />
      {hint ? <small id={`${id}-hint`}>{hint}</small> : null}
      <FieldMessage pointer={pointer} />
    </div>
  );
}

export function SelectInput({ pointer, label, hint, optional, className, value, onChange, options, placeholder, autoComplete }: Common & {
  value: string;
  onChange: (value: string) => void;
  options: { value: string; label: string }[];
  /** The first choice while nothing is chosen (or, for an optional field, the empty choice). */
  placeholder?: string;
  autoComplete?: string;
}) {
  const { id, invalid, described } = useField(pointer, hint);
  const known = value === '' || options.some((option) => option.value === value);
  return (
    <div className={`field${className ? ` ${className}` : ''}`}>
      <Label id={id} label={label} optional={optional} />
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)} aria-invalid={invalid || undefined} aria-describedby={described} autoComplete={autoComplete} data-testid={id}>
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {/* A value the choices do not hold (a country outside the list) is still shown as it is. */}
        {!known ? <option value={value}>{value}</option> : null}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      {hint ? <small id={`${id}-hint`}>{hint}</small> : null}
      <FieldMessage pointer={pointer} />
    </div>
  );
}

export function countryChoices(options: CountryOption[]): { value: string; label: string }[] {
  return options.map((option) => ({ value: option.code, label: option.name }));
}

/** A titled group of inputs (a fieldset with its legend), laid out in the form's grid. */
export function Section({ title, children, testId, hint }: { title: string; children: ReactNode; testId?: string; hint?: string }) {
  return (
    <fieldset className="cz-section" data-testid={testId}>
      <legend>{title}</legend>
      {hint ? <p className="muted small cz-section-hint">{hint}</p> : null}
      <div className="form-grid">{children}</div>
    </fieldset>
  );
}

/** Under the form: a problem is waiting beside an input, with a button that takes the focus back to it. */
export function ProblemSummary({ prefix, problem, testId }: { prefix: string; problem: FieldProblem | null; testId: string }) {
  const { t } = useI18n();
  if (!problem) return null;
  return (
    <p className="field-error" role="alert" data-testid={testId}>
      {t('citizens.form.fixField')}{' '}
      <button type="button" className="button link cz-goto" onClick={() => document.getElementById(inputId(prefix, problem.pointer))?.focus()}>
        {t('citizens.form.goToField')}
      </button>
    </p>
  );
}
