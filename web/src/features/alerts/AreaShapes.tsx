// The area's shapes as fields: every corner of every polygon and every circle's centre and radius, and each shape's
// CAP text, which may be typed or pasted (it replaces the corners as soon as it reads as a shape; until then what is
// wrong with it is said beside it). This is the keyboard's way to everything the map editor draws.
import { useContext, useEffect, useState } from 'react';
import { useI18n } from '../../i18n';
import { parseCircle, parsePolygon } from './cap';
import { inputId } from './alertForm';
import { circleOfText, circleText, polygonOfText, polygonText, shapeKey, type CircleForm, type CornerForm, type PolygonForm } from './shapes';
import { ProblemContext, TextAreaField, TextField } from './fields';
import { capIssueText } from './problems';

interface Props {
  polygons: PolygonForm[];
  circles: CircleForm[];
  onPolygons: (update: (polygons: PolygonForm[]) => PolygonForm[]) => void;
  onCircles: (update: (circles: CircleForm[]) => CircleForm[]) => void;
}

/** What is wrong with a CAP text being typed, said at once (unless the form already says so on saving). */
function DraftIssue({ pointer, draft, kind }: { pointer: string; draft: string | null; kind: 'polygon' | 'circle' }) {
  const { t } = useI18n();
  const problem = useContext(ProblemContext);
  if (draft === null || problem?.pointer === pointer) return null;
  const parsed = kind === 'polygon' ? parsePolygon(draft) : parseCircle(draft);
  if (parsed.ok) return null;
  const text = capIssueText(parsed.issue);
  return (
    <small className="al-draft-issue" role="status" data-testid={`${inputId(pointer)}-draft-issue`}>
      {t(text.key, text.params)}
    </small>
  );
}

export function AreaShapes({ polygons, circles, onPolygons, onCircles }: Props) {
  const { t } = useI18n();
  // The input to focus after a row was added ("/area/polygons/0/corners/3/latitude").
  const [focus, setFocus] = useState<string | null>(null);

  useEffect(() => {
    if (!focus) return;
    document.getElementById(inputId(focus))?.focus();
    setFocus(null);
  }, [focus]);

  const changePolygon = (index: number, change: (polygon: PolygonForm) => PolygonForm) =>
    onPolygons((list) => list.map((polygon, at) => (at === index ? change(polygon) : polygon)));
  const changeCorner = (index: number, corner: number, part: keyof CornerForm, value: string) =>
    changePolygon(index, (polygon) => ({
      ...polygon,
      draft: null,
      corners: polygon.corners.map((item, at) => (at === corner ? { ...item, [part]: value } : item)),
    }));
  const changeCircle = (index: number, change: (circle: CircleForm) => CircleForm) =>
    onCircles((list) => list.map((circle, at) => (at === index ? change(circle) : circle)));

  const typePolygon = (index: number, text: string) =>
    changePolygon(index, (polygon) => {
      const parsed = polygonOfText(polygon.key, text);
      return parsed ? { ...parsed, draft: text } : { ...polygon, draft: text };
    });
  const typeCircle = (index: number, text: string) =>
    changeCircle(index, (circle) => {
      const parsed = circleOfText(circle.key, text);
      return parsed ? { ...parsed, draft: text } : { ...circle, draft: text };
    });
  // Once the text is left, it is shown as the console writes it — unless it still does not read as a shape.
  const settlePolygon = (index: number) =>
    changePolygon(index, (polygon) => (polygon.draft !== null && parsePolygon(polygon.draft).ok ? { ...polygon, draft: null } : polygon));
  const settleCircle = (index: number) =>
    changeCircle(index, (circle) => (circle.draft !== null && parseCircle(circle.draft).ok ? { ...circle, draft: null } : circle));

  const addPolygon = () => {
    onPolygons((list) => [...list, { key: shapeKey(), corners: [{ latitude: '', longitude: '' }], draft: null }]);
    setFocus(`/area/polygons/${polygons.length}/corners/0/latitude`);
  };
  const addCorner = (index: number) => {
    changePolygon(index, (polygon) => ({ ...polygon, draft: null, corners: [...polygon.corners, { latitude: '', longitude: '' }] }));
    setFocus(`/area/polygons/${index}/corners/${polygons[index].corners.length}/latitude`);
  };
  const addCircle = () => {
    onCircles((list) => [...list, { key: shapeKey(), latitude: '', longitude: '', radius: '', draft: null }]);
    setFocus(`/area/circles/${circles.length}/latitude`);
  };

  return (
    <div className="al-shapes" data-testid="area-shapes">
      {polygons.map((polygon, index) => {
        const base = `/area/polygons/${index}`;
        const number = index + 1;
        return (
          <fieldset key={polygon.key} className="al-shape" data-testid={`al-polygon-${index}`}>
            <legend>{t('alerts.area.polygon', { n: number })}</legend>
            {polygon.corners.length === 0 ? <p className="muted small al-shape-empty">{t('alerts.area.noCorners')}</p> : null}
            <ol className="al-corners">
              {polygon.corners.map((corner, at) => (
                <li key={at} className="al-corner">
                  <TextField
                    pointer={`${base}/corners/${at}/latitude`}
                    label={t('alerts.area.cornerLatitude', { n: at + 1 })}
                    value={corner.latitude}
                    inputMode="decimal"
                    onChange={(value) => changeCorner(index, at, 'latitude', value)}
                  />
                  <TextField
                    pointer={`${base}/corners/${at}/longitude`}
                    label={t('alerts.area.cornerLongitude', { n: at + 1 })}
                    value={corner.longitude}
                    inputMode="decimal"
                    onChange={(value) => changeCorner(index, at, 'longitude', value)}
                  />
                  <button
                    type="button"
                    className="button small link al-corner-remove"
                    onClick={() => changePolygon(index, (item) => ({ ...item, draft: null, corners: item.corners.filter((_, which) => which !== at) }))}
                    aria-label={t('alerts.area.removeCornerNamed', { n: at + 1, polygon: number })}
                    data-testid={`al-polygon-${index}-remove-corner-${at}`}
                  >
                    {t('common.remove')}
                  </button>
                </li>
              ))}
            </ol>
            <div className="actions">
              <button type="button" className="button small" onClick={() => addCorner(index)} data-testid={`al-polygon-${index}-add-corner`}>
                {t('alerts.area.addCorner')}
              </button>
            </div>
            <TextAreaField
              pointer={base}
              label={t('alerts.area.capText')}
              hint={t('alerts.area.polygonHint')}
              value={polygon.draft ?? polygonText(polygon)}
              rows={2}
              spellCheck={false}
              onChange={(value) => typePolygon(index, value)}
              onBlur={() => settlePolygon(index)}
              className="al-cap-text"
            />
            <DraftIssue pointer={base} draft={polygon.draft} kind="polygon" />
            <div className="actions">
              <button type="button" className="button small danger" onClick={() => onPolygons((list) => list.filter((_, at) => at !== index))} data-testid={`al-polygon-${index}-remove`}>
                {t('alerts.area.removePolygon', { n: number })}
              </button>
            </div>
          </fieldset>
        );
      })}
      {circles.map((circle, index) => {
        const base = `/area/circles/${index}`;
        const number = index + 1;
        return (
          <fieldset key={circle.key} className="al-shape" data-testid={`al-circle-${index}`}>
            <legend>{t('alerts.area.circle', { n: number })}</legend>
            <div className="al-circle-fields">
              <TextField pointer={`${base}/latitude`} label={t('alerts.area.centerLatitude')} value={circle.latitude} inputMode="decimal" onChange={(value) => changeCircle(index, (item) => ({ ...item, latitude: value, draft: null }))} />
              <TextField pointer={`${base}/longitude`} label={t('alerts.area.centerLongitude')} value={circle.longitude} inputMode="decimal" onChange={(value) => changeCircle(index, (item) => ({ ...item, longitude: value, draft: null }))} />
              <TextField pointer={`${base}/radius`} label={t('alerts.area.radius')} value={circle.radius} inputMode="decimal" onChange={(value) => changeCircle(index, (item) => ({ ...item, radius: value, draft: null }))} />
            </div>
            <TextAreaField
              pointer={base}
              label={t('alerts.area.capText')}
              hint={t('alerts.area.circleHint')}
              value={circle.draft ?? circleText(circle)}
              rows={1}
              spellCheck={false}
              onChange={(value) => typeCircle(index, value)}
              onBlur={() => settleCircle(index)}
              className="al-cap-text"
            />
            <DraftIssue pointer={base} draft={circle.draft} kind="circle" />
            <div className="actions">
              <button type="button" className="button small danger" onClick={() => onCircles((list) => list.filter((_, at) => at !== index))} data-testid={`al-circle-${index}-remove`}>
                {t('alerts.area.removeCircle', { n: number })}
              </button>
            </div>
          </fieldset>
        );
      })}
      <div className="actions">
        <button type="button" className="button small" onClick={addPolygon} data-testid="al-add-polygon">
          {t('alerts.area.addPolygon')}
        </button>
        <button type="button" className="button small" onClick={addCircle} data-testid="al-add-circle">
          {t('alerts.area.addCircle')}
        </button>
      </div>
    </div>
  );
}
