// Drawing the area of an alert on a map: polygons corner by corner (a click adds a corner; clicking the first
// corner again, or "Finish", closes it), circles by their centre and then a point on their edge, corners and
// centres dragged to move them, the radius by the handle on the circle's east side. The view moves with the buttons
// (and by dragging the map, or a double click to come closer, in "Move" mode). Everything drawn here is also in
// the coordinate fields under the map (AreaShapes), which are the keyboard's way to the same result.
import { useEffect, useId, useMemo, useRef, useState, type MouseEvent, type PointerEvent } from 'react';
import { useI18n } from '../../i18n';
import { destination, distanceKm, formatKilometres, type LatLon } from './cap';
import { circleArea, cornerOf, drawableCorners, pointOfCorner, shapeKey, type CircleForm, type PolygonForm } from './shapes';
import { circlePath, pathOf, shapesBounds, viewAround, WORLD_VIEW } from './drawing';
import { countriesBounds } from './atlas';
import { MapCanvas, useAtlas, useScreenScale } from './MapCanvas';
import { dragTo, fitBounds, project, unproject, zoomTo, type MapView } from './projection';
import { MapToolbar, type EditorMode } from './MapToolbar';

interface Props {
  polygons: PolygonForm[];
  circles: CircleForm[];
  onPolygons: (update: (polygons: PolygonForm[]) => PolygonForm[]) => void;
  onCircles: (update: (circles: CircleForm[]) => CircleForm[]) => void;
  /** The countries of the sending unit ('world' for HQ), to start the view on. */
  jurisdiction: readonly string[] | 'world';
  /** The unit's own place, when its countries are not on the atlas. */
  unitPoint: LatLon | null;
}

type Drag =
  | { kind: 'pending'; x: number; y: number; view: MapView; grabbed: LatLon }
  | { kind: 'pan'; x: number; y: number; view: MapView; grabbed: LatLon }
  | { kind: 'corner'; polygon: number; corner: number; x: number; y: number; moved: boolean }
  | { kind: 'center'; circle: number; x: number; y: number; moved: boolean }
  | { kind: 'radius'; circle: number; x: number; y: number; moved: boolean };

/** How far (in pixels) a press may move and still be a click. */
const CLICK_SLOP = 5;

export function MapEditor({ polygons, circles, onPolygons, onCircles, jurisdiction, unitPoint }: Props) {
  const { t, plural } = useI18n();
  const id = useId();
  const { atlas, settled } = useAtlas();
  const [svg, setSvg] = useState<SVGSVGElement | null>(null);
  const scale = useScreenScale(svg);
  const [view, setView] = useState<MapView | null>(null);
  const [mode, setMode] = useState<EditorMode>('move');
  const [active, setActive] = useState<number | null>(null);
  const [placing, setPlacing] = useState<number | null>(null);
  const [hover, setHover] = useState<LatLon | null>(null);
  const drag = useRef<Drag | null>(null);

  const jurisdictionKey = jurisdiction === 'world' ? 'world' : jurisdiction.join(',');

  /** The view showing the shapes, else the jurisdiction, else the unit's place, else the world. */
  const homeView = (): MapView => {
    const drawn = shapesBounds(
      polygons.map(drawableCorners),
      circles.map(circleArea).filter((circle) => circle !== null),
    );
    if (drawn) return fitBounds(drawn);
    if (jurisdiction !== 'world' && atlas) {
      const box = countriesBounds(atlas, jurisdiction);
      if (box) return fitBounds(box, 0.05);
    }
    if (jurisdiction !== 'world' && unitPoint) return viewAround(unitPoint);
    return WORLD_VIEW;
  };

  // The first view once the atlas has loaded (or failed); again when the unit changes and nothing is drawn.
  const started = useRef<string | null>(null);
  useEffect(() => {
    if (!settled || started.current === jurisdictionKey) return;
    const first = started.current === null;
    started.current = jurisdictionKey;
    const hasShapes = polygons.length > 0 || circles.length > 0;
    if (first || !hasShapes) setView(homeView());
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [settled, jurisdictionKey]);

  // A shape removed from the list is no longer the one being drawn.
  useEffect(() => {
    if (active !== null && active >= polygons.length) {
      setActive(null);
      setMode('move');
    }
    if (placing !== null && placing >= circles.length) {
      setPlacing(null);
      setMode('move');
    }
  }, [active, placing, polygons.length, circles.length]);

  const point = (event: PointerEvent<SVGSVGElement> | MouseEvent<SVGSVGElement>): { x: number; y: number } | null => {
    const matrix = svg?.getScreenCTM();
    if (!matrix) return null;
    const transformed = new DOMPoint(event.clientX, event.clientY).matrixTransform(matrix.inverse());
    return { x: transformed.x, y: transformed.y };
  };

  const setCorner = (polygonIndex: number, cornerIndex: number, where: LatLon) =>
    onPolygons((list) =>
      list.map((polygon, index) =>
        index === polygonIndex
          ? { ...polygon, draft: null, corners: polygon.corners.map((corner, at) => (at === cornerIndex ? cornerOf(where) : corner)) }
          : polygon,
      ),
    );

  const updateCircle = (circleIndex: number, change: (circle: CircleForm) => CircleForm) =>
    onCircles((list) => list.map((circle, index) => (index === circleIndex ? { ...change(circle), draft: null } : circle)));

  const finishPolygon = () => {
    if (active !== null && polygons[active]?.corners.length === 0) onPolygons((list) => list.filter((_, index) => index !== active));
    setActive(null);
    setMode('move');
  };

  const startPolygon = () => {
    if (mode === 'polygon') {
      finishPolygon();
      return;
    }
    setPlacing(null);
    onPolygons((list) => [...list, { key: shapeKey(), corners: [], draft: null }]);
    setActive(polygons.length);
    setMode('polygon');
  };

  const startCircle = () => {
    if (mode === 'polygon') finishPolygon();
    if (mode === 'circle') {
      // A centre without a radius yet is taken away again.
      if (placing !== null) onCircles((list) => list.filter((_, index) => index !== placing));
      setPlacing(null);
      setMode('move');
      return;
    }
    setMode('circle');
  };

  const chooseMove = () => {
    if (mode === 'polygon') finishPolygon();
    if (mode === 'circle' && placing !== null) onCircles((list) => list.filter((_, index) => index !== placing));
    setPlacing(null);
    setMode('move');
  };

  /** A click on the map (not on a handle) at `where`. */
  const click = (where: LatLon, at: { x: number; y: number }) => {
    if (!view) return;
    if (mode === 'polygon' && active !== null) {
      const corners = drawableCorners(polygons[active] ?? { key: 0, corners: [], draft: null });
      if (corners.length >= 3) {
        const first = project(view, corners[0]);
        if (Math.hypot(first.x - at.x, first.y - at.y) <= 12 * scale) {
          finishPolygon();
          return;
        }
      }
      onPolygons((list) =>
        list.map((polygon, index) => (index === active ? { ...polygon, draft: null, corners: [...polygon.corners, cornerOf(where)] } : polygon)),
      );
      return;
    }
    if (mode === 'circle') {
      if (placing === null) {
        onCircles((list) => [...list, { key: shapeKey(), ...cornerOf(where), radius: '', draft: null }]);
        setPlacing(circles.length);
        return;
      }
      const circle = circles[placing];
      const center = circle ? circleCenter(circle) : null;
      if (center) updateCircle(placing, (current) => ({ ...current, radius: formatKilometres(Math.max(0.001, distanceKm(center, where))) }));
      setPlacing(null);
      setMode('move');
    }
  };

  const onPointerDown = (event: PointerEvent<SVGSVGElement>) => {
    if (!view || event.button !== 0) return;
    const at = point(event);
    if (!at) return;
    const handle = (event.target as Element).closest('[data-handle]')?.getAttribute('data-handle');
    if (handle) {
      const [kind, first, second] = handle.split(':');
      const start = { x: at.x, y: at.y, moved: false };
      if (kind === 'corner') drag.current = { kind, polygon: Number(first), corner: Number(second), ...start };
      else if (kind === 'center' || kind === 'radius') drag.current = { kind, circle: Number(first), ...start };
    } else {
      drag.current = { kind: 'pending', x: at.x, y: at.y, view, grabbed: unproject(view, at.x, at.y) };
    }
    event.currentTarget.setPointerCapture?.(event.pointerId);
    event.preventDefault();
  };

  const onPointerMove = (event: PointerEvent<SVGSVGElement>) => {
    if (!view) return;
    const at = point(event);
    if (!at) return;
    const where = unproject(view, at.x, at.y);
    if (mode !== 'move') setHover(where);
    const current = drag.current;
    if (!current) return;
    // A handle moves only once the pointer has left the slop: a click on it is not a drag.
    if (current.kind === 'corner' || current.kind === 'center' || current.kind === 'radius') {
      if (!current.moved && Math.hypot(at.x - current.x, at.y - current.y) <= CLICK_SLOP * scale) return;
      current.moved = true;
    }
    switch (current.kind) {
      case 'corner':
        setCorner(current.polygon, current.corner, where);
        break;
      case 'center':
        updateCircle(current.circle, (circle) => ({ ...circle, ...cornerOf(where) }));
        break;
      case 'radius': {
        const circle = circles[current.circle];
        const center = circle ? circleCenter(circle) : null;
        if (center) updateCircle(current.circle, (item) => ({ ...item, radius: formatKilometres(Math.max(0.001, distanceKm(center, where))) }));
        break;
      }
      case 'pending':
        if (mode === 'move' && Math.hypot(at.x - current.x, at.y - current.y) > CLICK_SLOP * scale) drag.current = { ...current, kind: 'pan' };
        break;
      case 'pan':
        setView(dragTo(current.view, current.grabbed, at.x, at.y));
        break;
    }
  };

  const onPointerUp = (event: PointerEvent<SVGSVGElement>) => {
    const current = drag.current;
    drag.current = null;
    event.currentTarget.releasePointerCapture?.(event.pointerId);
    if (!view || !current) return;
    // A click on the first corner of the polygon being drawn closes it.
    if (current.kind === 'corner' && !current.moved && mode === 'polygon' && current.polygon === active && current.corner === 0) {
      if (drawableCorners(polygons[current.polygon]).length >= 3) finishPolygon();
      return;
    }
    if (current.kind !== 'pending') return;
    const at = point(event);
    if (!at || Math.hypot(at.x - current.x, at.y - current.y) > CLICK_SLOP * scale) return;
    click(unproject(view, at.x, at.y), at);
  };

  const onDoubleClick = (event: MouseEvent<SVGSVGElement>) => {
    if (!view || mode !== 'move') return;
    const at = point(event);
    if (at) setView(zoomTo(view, unproject(view, at.x, at.y), 2));
  };

  const drawn = useMemo(() => {
    if (!view) return null;
    return {
      polygons: polygons.map((polygon) => {
        const corners = drawableCorners(polygon);
        return { key: polygon.key, corners, d: pathOf(view, corners, corners.length >= 3) };
      }),
      circles: circles.map((circle) => {
        const area = circleArea(circle);
        const center = circleCenter(circle);
        return { key: circle.key, area, center, d: area ? circlePath(view, area) : '' };
      }),
    };
  }, [view, polygons, circles]);

  // The line from the last corner (or the centre) to the pointer, while drawing.
  let preview = '';
  if (view && hover && mode === 'polygon' && active !== null) {
    const corners = drawableCorners(polygons[active] ?? { key: 0, corners: [], draft: null });
    if (corners.length > 0) preview = pathOf(view, [corners[corners.length - 1], hover, ...(corners.length >= 2 ? [corners[0]] : [])], false);
  }
  if (view && hover && mode === 'circle' && placing !== null) {
    const center = circles[placing] ? circleCenter(circles[placing]) : null;
    if (center) preview = circlePath(view, { center, radiusKm: Math.max(0.001, distanceKm(center, hover)) });
  }

  const handle = 7 * scale;
  const instruction =
    mode === 'polygon'
      ? plural('alerts.map.drawingPolygon', drawableCorners(polygons[active ?? -1] ?? { key: 0, corners: [], draft: null }).length)
      : mode === 'circle'
        ? t(placing === null ? 'alerts.map.placeCenter' : 'alerts.map.placeRadius')
        : t('alerts.map.moveHint');
  const shapes = polygons.length + circles.length;

  return (
    <div className="am-editor" data-testid="map-editor" data-ready={view ? 'true' : 'false'} data-mode={mode}>
      <MapToolbar
        mode={mode}
        controls={`${id}-map`}
        onMove={chooseMove}
        onPolygon={startPolygon}
        onCircle={startCircle}
        onFinish={finishPolygon}
        onView={(change) => view && setView(change(view))}
        onFit={() => setView(homeView())}
      />
      <p className="am-instruction" id={`${id}-hint`} aria-live="polite" data-testid="map-instruction">
        {instruction}
      </p>
      <div className={`am-frame am-mode-${mode}`} id={`${id}-map`}>
        {view ? (
          <MapCanvas
            ref={setSvg}
            view={view}
            atlas={atlas}
            scale={scale}
            label={plural('alerts.map.summary', shapes)}
            describedBy={`${id}-hint`}
            testId="map-svg"
            handlers={{ onPointerDown, onPointerMove, onPointerUp, onPointerCancel: () => (drag.current = null), onDoubleClick }}
          >
            {drawn?.polygons.map((polygon, index) => (
              <g key={polygon.key} className={`am-shape${index === active ? ' am-active' : ''}`} data-testid={`map-polygon-${index}`}>
                <path d={polygon.d} className="am-polygon" vectorEffect="non-scaling-stroke" />
                {polygon.corners.map((corner, at) => {
                  const { x, y } = project(view, corner);
                  return (
                    <circle
                      key={at}
                      className={`am-handle${at === 0 ? ' am-first' : ''}`}
                      cx={x}
                      cy={y}
                      r={handle}
                      data-handle={`corner:${index}:${at}`}
                      data-testid={`map-corner-${index}-${at}`}
                      vectorEffect="non-scaling-stroke"
                    />
                  );
                })}
              </g>
            ))}
            {drawn?.circles.map((circle, index) => {
              if (!circle.center) return null;
              const centre = project(view, circle.center);
              const edge = circle.area ? project(view, destination(circle.center, 90, circle.area.radiusKm)) : null;
              return (
                <g key={circle.key} className="am-shape" data-testid={`map-circle-${index}`}>
                  {circle.d ? <path d={circle.d} className="am-polygon" vectorEffect="non-scaling-stroke" /> : null}
                  <circle className="am-handle am-center" cx={centre.x} cy={centre.y} r={handle} data-handle={`center:${index}`} vectorEffect="non-scaling-stroke" />
                  {edge ? (
                    <circle className="am-handle am-radius" cx={edge.x} cy={edge.y} r={handle * 0.85} data-handle={`radius:${index}`} vectorEffect="non-scaling-stroke" />
                  ) : null}
                </g>
              );
            })}
            {preview ? <path d={preview} className="am-preview" vectorEffect="non-scaling-stroke" /> : null}
          </MapCanvas>
        ) : (
          <p className="map-loading">{t('alerts.map.loading')}</p>
        )}
      </div>
    </div>
  );
}

function circleCenter(circle: CircleForm): LatLon | null {
  return pointOfCorner({ latitude: circle.latitude, longitude: circle.longitude });
}
