// Register a citizen (/citizens/new) or edit a registration (/citizens/:id/edit): every field of the profile, the
// consents (on paper: ticking records the consent now), and, when the server finds a registration with the same name
// and date of birth (409), a way to confirm that this is another person and register anyway. The residence country
// is one of the countries where the user holds citizens_write.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useI18n } from '../../i18n';
import { api } from '../../shared/api';
import { ErrorMessage, Loading } from '../../shared/ui';
import { CONTACT_CHANNELS, type Citizen } from '../../shared/types';
import { ConsentChoices } from './ConsentChoices';
import { ProblemSummary } from './FormFields';
import { grantedOnly, notice } from './notice';
import { useCitizenCountries } from './data';
import { isPossibleDuplicate } from './fieldProblems';
import { ProfileFields } from './ProfileFields';
import { consentsOf, emptyProfileForm, formOfProfile, noConsents, type ConsentForm, type ProfileDraft, type ProfileForm } from './profileForm';
import { useProfileSave } from './useProfileSave';

export function CitizenFormPage() {
  const { id } = useParams();
  const editing = id !== undefined;
  const { t } = useI18n();
  const navigate = useNavigate();
  const countries = useCitizenCountries('citizens_write');
  const [citizen, setCitizen] = useState<Citizen | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [form, setForm] = useState<ProfileForm | null>(null);
  const [consents, setConsents] = useState<ConsentForm>(noConsents);
  const [duplicate, setDuplicate] = useState(false);
  const duplicateRef = useRef<HTMLDivElement>(null);
  const saving = useProfileSave('cz');

  useEffect(() => {
    if (!editing) return;
    const controller = new AbortController();
    api
      .get<Citizen>(`/citizens/${id}`, { signal: controller.signal })
      .then((found) => {
        setCitizen(found);
        setForm(formOfProfile(found));
        setConsents(consentsOf(found));
      })
      .catch((error: unknown) => !controller.signal.aborted && setLoadError(error));
    return () => controller.abort();
  }, [editing, id]);

  // A new registration starts in the user's only country, when there is one.
  useEffect(() => {
    if (editing || form || !countries.ready) return;
    setForm(emptyProfileForm(countries.covered.length === 1 ? countries.covered[0].code : ''));
  }, [editing, form, countries.ready, countries.covered]);

  useEffect(() => {
    if (duplicate) duplicateRef.current?.focus();
  }, [duplicate]);

  if (loadError) return <ErrorMessage error={loadError} />;
  if (!form) return <Loading />;

  const residenceCountries = citizen && !countries.covered.some((option) => option.code === citizen.residence_country)
    ? [...countries.covered, { code: citizen.residence_country, name: countries.nameOf(citizen.residence_country) }]
    : countries.covered;

  const create = async (draft: ProfileDraft, confirmNotDuplicate: boolean) => {
    const body = { ...draft.profile, consents: grantedOnly(consents), ...(confirmNotDuplicate ? { confirm_not_duplicate: true } : {}) };
    const created = await api.post<Citizen>('/citizens', body);
    navigate(`/citizens/${created.id}`, { replace: true, state: notice('citizens.created', { reference: created.reference }) });
  };

  const update = async (draft: ProfileDraft) => {
    if (!citizen) return;
    let updated = await api.put<Citizen>(`/citizens/${citizen.id}`, draft.profile);
    for (const channel of CONTACT_CHANNELS) {
      if (consents[channel] !== updated.consents[channel].granted) {
        updated = await api.put<Citizen>(`/citizens/${citizen.id}/consents/${channel}`, { granted: consents[channel] });
      }
    }
    navigate(`/citizens/${citizen.id}`, { replace: true, state: notice('citizens.saved') });
  };

  const submit = async (event: FormEvent, confirmNotDuplicate = false) => {
    event.preventDefault();
    setDuplicate(false);
    await saving.save(form, (draft) => (citizen ? update(draft) : create(draft, confirmNotDuplicate)), (error) => {
      if (citizen || !isPossibleDuplicate(error)) return false;
      setDuplicate(true);
      return true;
    });
  };

  const title = citizen ? t('citizens.editTitle', { name: citizen.full_name }) : t('citizens.newTitle');
  return (
    <div className="page cz-page" data-testid="citizen-form-page">
      <p className="breadcrumb">
        {citizen ? <Link to={`/citizens/${citizen.id}`}>{citizen.full_name}</Link> : <Link to="/citizens">{t('citizens.title')}</Link>}
      </p>
      <h1>{title}</h1>
      {!editing && countries.ready && countries.covered.length === 0 ? (
        <p className="alert alert-error" role="alert">
          {t('citizens.noWriteCountries')}
        </p>
      ) : null}
      <form className="card form cz-form" onSubmit={(event) => void submit(event)} noValidate data-testid="citizen-form">
        <p className="muted small">{t('citizens.form.required')}</p>
        <ProfileFields
          fields={{ prefix: 'cz', problem: saving.problem, showDetail: true }}
          form={form}
          onChange={(update) => setForm((previous) => (previous ? update(previous) : previous))}
          residenceCountries={residenceCountries}
          allCountries={countries.all}
          audience="staff"
        />
        <ConsentChoices value={consents} onChange={setConsents} channels={CONTACT_CHANNELS} audience="staff" prefix="cz" />
        {duplicate ? (
          <div className="alert alert-warning cz-duplicate" role="alert" tabIndex={-1} ref={duplicateRef} data-testid="citizen-duplicate">
            <p>
              <strong>{t('citizens.duplicate.title')}</strong>
            </p>
            <p>{t('citizens.duplicate.body')}</p>
            <div className="actions">
              <button type="button" className="button primary" onClick={(event) => void submit(event, true)} disabled={saving.busy} data-testid="citizen-duplicate-confirm">
                {t('citizens.duplicate.confirm')}
              </button>
              <Link className="button" to={`/citizens?q=${encodeURIComponent(form.full_name.trim())}`} data-testid="citizen-duplicate-find">
                {t('citizens.duplicate.find')}
              </Link>
            </div>
          </div>
        ) : null}
        <ErrorMessage error={saving.error} testId="citizen-form-error" />
        <ProblemSummary prefix="cz" problem={saving.problem} testId="citizen-form-problem" />
        <div className="actions">
          <button type="submit" className="button primary" disabled={saving.busy} data-testid="citizen-save">
            {saving.busy ? t('common.working') : citizen ? t('common.save') : t('citizens.register')}
          </button>
          <Link className="button" to={citizen ? `/citizens/${citizen.id}` : '/citizens'}>
            {t('common.cancel')}
          </Link>
        </div>
      </form>
    </div>
  );
}
