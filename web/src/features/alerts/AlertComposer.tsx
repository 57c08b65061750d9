// Compose an alert (/alerts/new, ?type=Update|Cancel&references=<id> to follow an earlier one) or change a draft
// (/alerts/:id/edit). Saving checks the form first (nothing is sent while one check fails; the input takes the
// focus), then sends the whole content; a problem the server finds with one input is shown beside it. A saved draft
// opens on its page, with who it would reach.
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { useI18n } from '../../i18n';
import { api } from '../../shared/api';
import { ErrorMessage, Loading } from '../../shared/ui';
import { useSession } from '../../shared/session';
import type { Alert, CapMessageType } from '../../shared/types';
import { countryNamer, countryOptions } from '../citizens/countries';
import { defaultUnitId } from '../monitor/units';
import { checkAlertForm, contentOfForm, emptyAlertForm, followUpForm, formOfContent, inputId, type AlertForm } from './alertForm';
import { AreaSection } from './AreaSection';
import { StatusBadge } from './Badges';
import { ClassificationSection, ClosingSection, KindSection, TextsSection } from './ComposerFields';
import { followableAlerts, jurisdictionOf, placeOf, timeZoneOf, useAlertUnits } from './data';
import { ProblemContext } from './fields';
import { problemOfCheck, problemOfError, type FieldProblem } from './problems';
import { notice } from '../citizens/notice';

/** Takes the focus to the input of a pointer (the unit's select is named after its test id). */
function focusField(pointer: string) {
  const id = inputId(pointer);
  (document.getElementById(id) ?? document.getElementById(`${id}-select`))?.focus();
}

export function AlertComposer() {
  const { id } = useParams();
  const editing = id !== undefined;
  const [params] = useSearchParams();
  const { t, locale } = useI18n();
  const { me } = useSession();
  const navigate = useNavigate();
  const { directory, sendable } = useAlertUnits();
  const [form, setForm] = useState<AlertForm | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [earlier, setEarlier] = useState<Alert[] | null>(null);
  const [problem, setProblem] = useState<FieldProblem | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const unit = form?.unitId != null ? directory.unitById.get(form.unitId) : undefined;
  const timeZone = timeZoneOf(unit);

  // The form: the draft being changed, a follow-up of an earlier alert, or a new alert from the user's unit.
  useEffect(() => {
    if (form || !directory.ready) return;
    const controller = new AbortController();
    const followType = params.get('type');
    const references = Number(params.get('references'));
    const start = async () => {
      if (editing) {
        const alert = await api.get<Alert>(`/alerts/${id}`, { signal: controller.signal });
        if (alert.state !== 'draft') {
          navigate(`/alerts/${alert.id}`, { replace: true });
          return;
        }
        setForm(formOfContent(alert, timeZoneOf(directory.unitById.get(alert.unit_id))));
        return;
      }
      if ((followType === 'Update' || followType === 'Cancel') && references > 0) {
        const alert = await api.get<Alert>(`/alerts/${references}`, { signal: controller.signal });
        setForm(followUpForm(alert, followType, timeZoneOf(directory.unitById.get(alert.unit_id)), Date.now()));
        return;
      }
      setForm(emptyAlertForm(defaultUnitId(me, sendable)));
    };
    start().catch((caught: unknown) => !controller.signal.aborted && setLoadError(caught));
    return () => controller.abort();
  }, [form, directory.ready, directory.unitById, editing, id, params, me, sendable, navigate]);

  // The earlier alerts of the unit, for an Update or a Cancel.
  const following = form !== null && form.messageType !== 'Alert';
  const unitId = form?.unitId ?? null;
  useEffect(() => {
    if (!following || unitId === null) return;
    const controller = new AbortController();
    setEarlier(null);
    followableAlerts(unitId, controller.signal)
      .then((found) => !controller.signal.aborted && setEarlier(found))
      .catch(() => !controller.signal.aborted && setEarlier([]));
    return () => controller.abort();
  }, [following, unitId]);

  useEffect(() => {
    if (problem) focusField(problem.pointer);
  }, [problem]);

  const jurisdiction = useMemo(() => jurisdictionOf(unit, directory.countries), [unit, directory.countries]);
  const countryChoices = useMemo(() => {
    const nameOf = countryNamer(directory.countries, locale);
    const codes = jurisdiction === 'world' ? directory.countries.map((country) => country.code) : jurisdiction;
    return countryOptions(codes, nameOf, locale);
  }, [jurisdiction, directory.countries, locale]);

  if (loadError) return <ErrorMessage error={loadError} />;
  if (!form) return <Loading />;

  const change = (update: (previous: AlertForm) => AlertForm) => {
    setForm((previous) => (previous ? update(previous) : previous));
    // Typing in the input a problem is about takes the problem away; the checks run again on saving.
    if (problem && document.activeElement?.id === inputId(problem.pointer)) setProblem(null);
  };
  const follow = (alert: Alert, type: Exclude<CapMessageType, 'Alert'>) => setForm(followUpForm(alert, type, timeZoneOf(directory.unitById.get(alert.unit_id)), Date.now()));

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    setError(null);
    const found = checkAlertForm(form, Date.now(), timeZone);
    if (found) {
      setProblem(problemOfCheck(found));
      return;
    }
    const draft = contentOfForm(form, timeZone);
    setBusy(true);
    try {
      const saved = editing ? await api.put<Alert>(`/alerts/${id}`, draft.content) : await api.post<Alert>('/alerts', draft.content);
      navigate(`/alerts/${saved.id}`, { replace: editing, state: notice('alerts.saved') });
    } catch (caught) {
      const about = problemOfError(caught, draft.rows);
      if (about) setProblem(about);
      else setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const noUnits = !editing && directory.ready && sendable.length === 0;
  const cancelTo = editing ? `/alerts/${id}` : '/alerts';
  return (
    <div className="page al-page" data-testid="alert-composer">
      <p className="breadcrumb">
        <Link to="/alerts">{t('alerts.title')}</Link>
      </p>
      <div className="page-head">
        <h1>{editing ? t('alerts.editTitle') : t(form.messageType === 'Alert' ? 'alerts.newTitle' : form.messageType === 'Update' ? 'alerts.updateTitle' : 'alerts.cancelTitle')}</h1>
        {form.status ? <StatusBadge status={form.status} /> : null}
      </div>
      {noUnits ? (
        <p className="alert alert-error" role="alert" data-testid="al-no-units">
          {t('alerts.noSendUnits')}
        </p>
      ) : null}
      <ProblemContext.Provider value={problem}>
        <form className={`card form al-form al-form-${(form.status || 'none').toLowerCase()}`} onSubmit={(event) => void save(event)} noValidate data-testid="alert-form">
          <p className="muted small">{t('alerts.form.required')}</p>
          <KindSection form={form} onChange={change} units={sendable} unit={unit} editing={editing} earlier={earlier} onFollow={follow} />
          <TextsSection form={form} onChange={change} />
          <AreaSection form={form} onChange={change} jurisdiction={jurisdiction} countryOptions={countryChoices} unitPoint={placeOf(unit)} />
          <ClassificationSection form={form} onChange={change} />
          <ClosingSection form={form} onChange={change} timeZone={timeZone} />
          <ErrorMessage error={error} testId="alert-form-error" />
          {problem ? (
            <p className="field-error al-field-error" role="alert" data-testid="alert-form-problem">
              {t('alerts.form.fixField')}{' '}
              <button type="button" className="button link al-goto" onClick={() => focusField(problem.pointer)}>
                {t('alerts.form.goToField')}
              </button>
            </p>
          ) : null}
          <div className="actions">
            <button type="submit" className="button primary" disabled={busy || noUnits} data-testid="alert-save">
              {busy ? t('common.working') : t('alerts.saveDraft')}
            </button>
            <Link className="button" to={cancelTo}>
              {t('common.cancel')}
            </Link>
          </div>
          <p className="muted small">{t('alerts.form.saveHint')}</p>
        </form>
      </ProblemContext.Provider>
    </div>
  );
}

