// Opening a unit's channel (POST /channels, kind unit) for a unit whose staff the user manages: it starts with the
// unit's staff, and the user owns it. A unit has one channel: when the chosen unit has one already, the form says so
// and opens it instead (the server answers 409 unit_channel_exists to anyone who tries anyway).
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { Link } from 'react-router';
import { useI18n } from '../../i18n';
import { api } from '../../shared/api';
import { permittedUnits } from '../../shared/permissions';
import { useSession } from '../../shared/session';
import { ErrorMessage, unitName } from '../../shared/ui';
import { UnitSelect } from '../../shared/UnitSelect';
import type { ChannelSummary, Id } from '../../shared/types';
import { useDirectory } from '../directory/data';

const MAX_NAME = 80;

export function NewUnitChannelForm({ channels, onCreated }: { channels: ChannelSummary[] | null; onCreated: (channelId: Id) => void }) {
  const { t, locale } = useI18n();
  const { me } = useSession();
  const directory = useDirectory();
  const id = useId();
  const [unitId, setUnitId] = useState<Id | null>(null);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [missingUnit, setMissingUnit] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => headingRef.current?.focus(), []);

  const manageable = useMemo(() => {
    const scope = permittedUnits(me, 'users_manage');
    return directory.units.filter((unit) => scope === 'all' || scope.includes(unit.id));
  }, [me, directory.units]);
  const existing = unitId !== null ? channels?.find((channel) => channel.kind === 'unit' && channel.unit_id === unitId) : undefined;
  const chosen = unitId !== null ? directory.unitById.get(unitId) : undefined;

  const submit = async () => {
    if (unitId === null) {
      setMissingUnit(true);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const channel = await api.post<{ id: Id }>('/channels', { kind: 'unit', unit_id: unitId, ...(name.trim() ? { name: name.trim() } : {}) });
      onCreated(channel.id);
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  };

  return (
    <div className="new-channel" data-testid="new-channel-unit">
      <p className="breadcrumb chat-back-wide">
        <Link to="/channels">{t('channels.backToList')}</Link>
      </p>
      <h2 id={`${id}-title`} ref={headingRef} tabIndex={-1}>
        {t('channels.newUnitTitle')}
      </h2>
      <p className="muted">{t('channels.newUnitHint')}</p>
      <form
        className="form"
        aria-labelledby={`${id}-title`}
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <UnitSelect
          units={manageable}
          value={unitId}
          onChange={(unit) => {
            setUnitId(unit);
            setMissingUnit(false);
            setError(null);
          }}
          label={t('channels.unit')}
          testId="unit-channel-unit"
        />
        {missingUnit ? (
          <p className="alert alert-error" role="alert" data-testid="unit-channel-missing">
            {t('channels.needUnit')}
          </p>
        ) : null}
        {existing ? (
          <p className="alert alert-info" data-testid="unit-channel-exists">
            {t('channels.unitHasChannel')} <Link to={`/channels/${existing.id}`}>{t('channels.openIt')}</Link>
          </p>
        ) : null}
        <div className="field">
          <label htmlFor={`${id}-name`}>{t('channels.unitChannelName')}</label>
          <input
            id={`${id}-name`}
            value={name}
            maxLength={MAX_NAME}
            placeholder={chosen ? unitName(chosen, locale) : undefined}
            onChange={(event) => setName(event.target.value)}
            data-testid="unit-channel-name"
          />
        </div>
        <div className="actions">
          <button type="submit" className="button primary" disabled={busy || existing !== undefined} data-testid="unit-channel-create">
            {busy ? t('common.working') : t('channels.create')}
          </button>
        </div>
      </form>
      <ErrorMessage error={error} testId="new-channel-error" />
    </div>
  );
}
