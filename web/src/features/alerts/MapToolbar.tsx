// The map editor's buttons: the mode (move the map, draw a polygon, draw a circle; "Finish" while a polygon is being
// drawn) and the view (closer, farther, a quarter of the view towards each side, back to the whole area). Each is
// a labelled button, so the view can be moved with the keyboard too.
import { useI18n } from '../../i18n';
import { pan, zoom, type MapView } from './projection';

export type EditorMode = 'move' | 'polygon' | 'circle';

export function MapToolbar({ mode, controls, onMove, onPolygon, onCircle, onFinish, onView, onFit }: {
  mode: EditorMode;
  /** The id of the map the buttons act on. */
  controls: string;
  onMove: () => void;
  onPolygon: () => void;
  onCircle: () => void;
  onFinish: () => void;
  onView: (change: (view: MapView) => MapView) => void;
  onFit: () => void;
}) {
  const { t } = useI18n();
  return (
    <div className="am-toolbar" role="toolbar" aria-label={t('alerts.map.tools')} aria-controls={controls}>
      <div className="am-tool-group" role="group" aria-label={t('alerts.map.modes')}>
        <button type="button" className="button small" aria-pressed={mode === 'move'} onClick={onMove} data-testid="map-mode-move">
          {t('alerts.map.move')}
        </button>
        <button type="button" className="button small" aria-pressed={mode === 'polygon'} onClick={onPolygon} data-testid="map-mode-polygon">
          {t('alerts.map.drawPolygon')}
        </button>
        <button type="button" className="button small" aria-pressed={mode === 'circle'} onClick={onCircle} data-testid="map-mode-circle">
          {t('alerts.map.drawCircle')}
        </button>
        {mode === 'polygon' ? (
          <button type="button" className="button small primary" onClick={onFinish} data-testid="map-finish">
            {t('alerts.map.finish')}
          </button>
        ) : null}
      </div>
      <div className="am-tool-group" role="group" aria-label={t('alerts.map.view')}>
        <button type="button" className="button small am-icon" onClick={() => onView((view) => zoom(view, 2))} aria-label={t('alerts.map.zoomIn')} title={t('alerts.map.zoomIn')} data-testid="map-zoom-in">
          +
        </button>
        <button type="button" className="button small am-icon" onClick={() => onView((view) => zoom(view, 0.5))} aria-label={t('alerts.map.zoomOut')} title={t('alerts.map.zoomOut')} data-testid="map-zoom-out">
          −
        </button>
        <button type="button" className="button small am-icon" onClick={() => onView((view) => pan(view, 0, 0.25))} aria-label={t('alerts.map.panNorth')} title={t('alerts.map.panNorth')}>
          ↑
        </button>
        <button type="button" className="button small am-icon" onClick={() => onView((view) => pan(view, 0, -0.25))} aria-label={t('alerts.map.panSouth')} title={t('alerts.map.panSouth')}>
          ↓
        </button>
        <button type="button" className="button small am-icon" onClick={() => onView((view) => pan(view, -0.25, 0))} aria-label={t('alerts.map.panWest')} title={t('alerts.map.panWest')}>
          ←
        </button>
        <button type="button" className="button small am-icon" onClick={() => onView((view) => pan(view, 0.25, 0))} aria-label={t('alerts.map.panEast')} title={t('alerts.map.panEast')}>
          →
        </button>
        <button type="button" className="button small" onClick={onFit} data-testid="map-fit">
          {t('alerts.map.fit')}
        </button>
      </div>
    </div>
  );
}
