// Drafting a cable: /cables/new (POST /cables) and /cables/:id/edit (PATCH /cables/:id with the version the editor
// started from), then submission for clearance below the form.
import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import { Link, useLocation, useNavigate, useParams, useSearchParams } from 'react-router';
import { useI18n } from '../../i18n';
import { api } from '../../shared/api';
import { useSession } from '../../shared/session';
import { ErrorMessage, Loading, Notice, useLoad } from '../../shared/ui';
import type { Cable, Id } from '../../shared/types';
import { AttachmentsField } from '../attachments/AttachmentPicker';
import { attachmentIds, isUploading } from '../attachments/model';
import { useUploads } from '../attachments/useUploads';
import { useDirectory } from '../directory/data';
import { AddresseePicker } from './AddresseePicker';
import { ComposerFields } from './ComposerFields';
import {
  buildDraftPayload,
  draftingUnits,
  draftProblem,
  emptyForm,
  fieldLabelKey,
  formFromCable,
  type ComposerForm,
} from './draft';
import { SubmitPanel, SubmitStopped } from './SubmitPanel';

interface ComposerLocationState {
  /** The cable just saved, so that the edit route does not read it again. */
  cable?: Cable;
  /** Set when a new draft was just created: the composer keeps its state (key) across new → edit. */
  composerKey?: string;
}

/** The composer of a new draft, or of the draft :id once loaded. */
export function CableComposer() {
  const { id } = useParams();
  const location = useLocation();
  const state = (location.state as ComposerLocationState | null) ?? {};
  const cableId = id ? Number(id) : null;
  const passed = state.cable && state.cable.id === cableId ? state.cable : undefined;
  const loaded = useLoad<Cable | null>(
    (signal) => {
      if (cableId === null) return Promise.resolve(null);
      if (passed) return Promise.resolve(passed);
      return api.get<Cable>(`/cables/${cableId}`, { signal });
    },
    [cableId],
  );
  if (cableId !== null && Number.isNaN(cableId)) return <ComposerShell error={null} notFound />;
  const composerKey = passed && state.composerKey ? state.composerKey : cableId === null ? `new-${location.key}` : `cable-${cableId}`;
  if (loaded.error || (loaded.loading && loaded.data === undefined && !state.composerKey)) return <ComposerShell error={loaded.error} />;
  return <ComposerForm key={composerKey} composerKey={composerKey} original={passed ?? loaded.data ?? null} />;
}

function ComposerShell({ error, notFound }: { error: unknown; notFound?: boolean }) {
  const { t } = useI18n();
  return (
    <div className="page">
      <p className="breadcrumb">
        <Link to="/cables?box=drafts">{t('cables.box.drafts')}</Link>
      </p>
      <h1>{t('composer.editTitle')}</h1>
      {notFound ? <p>{t('error.notFound')}</p> : error ? <ErrorMessage error={error} /> : <Loading />}
    </div>
  );
}

function ComposerForm({ original: initial, composerKey }: { original: Cable | null; composerKey: string }) {
  const { t, dateTime } = useI18n();
  const { me } = useSession();
  const directory = useDirectory();
  const navigate = useNavigate();
  const [search] = useSearchParams();
  const formId = useId();
  const [original, setOriginal] = useState<Cable | null>(initial);
  const [form, setForm] = useState<ComposerForm>(() => {
    if (initial) return formFromCable(initial);
    const fresh = emptyForm(null);
    const cited = Number(search.get('references'));
    if (cited > 0) fresh.references = [cited];
    return fresh;
  });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [localError, setLocalError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const uploads = useUploads(initial?.attachments);
  // The form as it would be saved: its fields and the files uploaded so far.
  const current: ComposerForm = { ...form, attachments: attachmentIds(uploads.items) };

  const units = useMemo(() => draftingUnits(me, directory.units), [me, directory.units]);
  // A new draft starts on the home unit when the user may draft there, else on the first unit allowed.
  useEffect(() => {
    if (form.originating_unit_id || units.length === 0) return;
    setForm((previous) => ({ ...previous, originating_unit_id: String(units[0].id) }));
  }, [units, form.originating_unit_id]);

  const set = <K extends keyof ComposerForm>(name: K, value: ComposerForm[K]) => {
    setNotice(null);
    setForm((previous) => ({ ...previous, [name]: value }));
  };

  const check = (): boolean => {
    const problem = draftProblem(current);
    const message = problem ? t(problem.key, problem.params) : isUploading(uploads.items) ? t('attachments.waitForUploads') : null;
    setLocalError(message);
    return message === null;
  };

  /** Saves what changed; returns the saved cable (the original when nothing changed). */
  const save = async (): Promise<Cable> => {
    const payload = buildDraftPayload(current, original);
    if (original && payload === null) return original;
    const saved = original
      ? await api.patch<Cable>(`/cables/${original.id}`, payload)
      : await api.post<Cable>('/cables', payload);
    setOriginal(saved);
    setForm(formFromCable(saved));
    uploads.claimed(saved.attachments ?? []);
    if (!original) navigate(`/cables/${saved.id}/edit`, { replace: true, state: { cable: saved, composerKey } satisfies ComposerLocationState });
    return saved;
  };

  const onSave = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setNotice(null);
    if (!check()) return;
    setBusy(true);
    try {
      const unchanged = original !== null && buildDraftPayload(current, original) === null;
      const saved = await save();
      setNotice(unchanged ? t('composer.noChanges') : t('composer.saved', { time: dateTime(saved.updated_at, undefined, 'time') }));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const prepare = async (): Promise<Id> => {
    setError(null);
    if (!check()) throw new SubmitStopped(t('composer.fixFirst'));
    const saved = await save();
    return saved.id;
  };

  const fieldLabel = (pointer: string) => {
    const key = fieldLabelKey(pointer);
    return key ? t(key) : null;
  };

  if (original && original.state !== 'draft') {
    return (
      <div className="page">
        <h1>{t('composer.editTitle')}</h1>
        <p data-testid="composer-not-draft">{t('composer.notDraft')}</p>
        <Link to={`/cables/${original.id}`} className="button">
          {t('composer.openCable')}
        </Link>
      </div>
    );
  }
  const originId = form.originating_unit_id ? Number(form.originating_unit_id) : null;

  return (
    <div className="page composer">
      <p className="breadcrumb">
        <Link to={original ? `/cables/${original.id}` : '/cables?box=drafts'}>{original ? t('composer.openCable') : t('cables.box.drafts')}</Link>
      </p>
      <div className="page-head">
        <h1>{original ? t('composer.editTitle') : t('composer.newTitle')}</h1>
        {original ? <span className="muted small">{t('composer.version', { version: original.version })}</span> : null}
      </div>
      <form className="card form" onSubmit={(event) => void onSave(event)} aria-labelledby={`${formId}-legend`} noValidate>
        <h2 id={`${formId}-legend`} className="visually-hidden">
          {t('composer.formTitle')}
        </h2>
        <div className="form-grid">
          <ComposerFields form={form} set={set} units={units} original={original} formId={formId} />
          <div className="form-grid-full">
            <AttachmentsField uploads={uploads} testIdPrefix="cable" />
          </div>
          <div className="form-grid-full">
            <AddresseePicker value={form.addressees} onChange={(next) => set('addressees', next)} originatingUnitId={originId} />
          </div>
          {form.references.length > 0 ? (
            <div className="field form-grid-full">
              <span className="label">{t('cable.references')}</span>
              <ul className="pick-list">
                {form.references.map((reference) => (
                  <li key={reference}>
                    <Link to={`/cables/${reference}`}>{t('cable.referenceLink', { id: reference })}</Link>
                    <button
                      type="button"
                      className="button small"
                      onClick={() => set('references', form.references.filter((item) => item !== reference))}
                    >
                      {t('common.remove')}
                    </button>
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
        </div>
        {localError ? (
          <div className="alert alert-error" role="alert" data-testid="composer-error">
            <p>{localError}</p>
          </div>
        ) : null}
        <ErrorMessage error={error} testId="cable-save-error" fieldLabel={fieldLabel} />
        <div aria-live="polite">{notice ? <Notice testId="cable-saved">{notice}</Notice> : null}</div>
        <div className="actions">
          <button type="submit" className="button primary" disabled={busy} data-testid="cable-save">
            {busy ? t('common.working') : t('composer.save')}
          </button>
          <Link to={original ? `/cables/${original.id}` : '/cables'} className="button link">
            {t('common.cancel')}
          </Link>
        </div>
      </form>
      <SubmitPanel
        drafterId={original?.drafter.id ?? me?.id}
        prepare={prepare}
        onSubmitted={(cable) => navigate(`/cables/${cable.id}`)}
      />
    </div>
  );
}
