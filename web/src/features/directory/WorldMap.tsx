// The world map of missions: countries from world-atlas (Natural Earth 1:110m, TopoJSON) drawn as SVG with d3-geo,
// shaded when they have a primary mission, and a marker per mission. No tiles, nothing fetched from outside:
// the atlas is a chunk of the build, loaded when the map is first shown.
import { useEffect, useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { geoNaturalEarth1, geoPath } from 'd3-geo';
import { feature } from 'topojson-client';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { Topology, GeometryCollection } from 'topojson-specification';
import codes from 'i18n-iso-countries/codes.json';
import { useI18n } from '../../i18n';
import { unitName } from '../../shared/ui';
import type { Country, Unit } from '../../shared/types';

const WIDTH = 960;
const HEIGHT = 500;

/** ISO 3166-1 numeric (the atlas's feature ids) to alpha-2 (the API's country codes). */
const alpha2ByNumeric = new Map<string, string>((codes as string[][]).map(([alpha2, , numeric]) => [numeric, alpha2]));

type CountryFeature = Feature<Geometry, { name: string }>;

let atlasPromise: Promise<CountryFeature[]> | null = null;
function loadAtlas(): Promise<CountryFeature[]> {
  atlasPromise ??= import('world-atlas/countries-110m.json').then((module) => {
    const topology = (module.default ?? module) as unknown as Topology<{ countries: GeometryCollection<{ name: string }> }>;
    const collection = feature(topology, topology.objects.countries) as FeatureCollection<Geometry, { name: string }>;
    return collection.features.filter((country) => country.properties.name !== 'Antarctica');
  });
  return atlasPromise;
}

interface Props {
  missions: Unit[];
  countries: Country[];
}

export function WorldMap({ missions, countries }: Props) {
  const { t, locale, plural } = useI18n();
  const navigate = useNavigate();
  const [atlas, setAtlas] = useState<CountryFeature[] | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let live = true;
    loadAtlas()
      .then((features) => live && setAtlas(features))
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
    };
  }, []);

  const withPrimary = useMemo(
    () => new Set(countries.filter((country) => country.primary_mission_id !== null && country.primary_mission_id !== undefined).map((country) => country.code.toUpperCase())),
    [countries],
  );
  const countryNames = useMemo(() => new Map(countries.map((country) => [country.code.toUpperCase(), locale === 'vi' ? country.name_vi : country.name_en])), [countries, locale]);

  const drawing = useMemo(() => {
    if (!atlas) return null;
    const projection = geoNaturalEarth1().fitExtent(
      [
        [4, 4],
        [WIDTH - 4, HEIGHT - 4],
      ],
      { type: 'FeatureCollection', features: atlas },
    );
    const path = geoPath(projection);
    const shapes = atlas.map((country, index) => {
      const alpha2 = alpha2ByNumeric.get(String(country.id ?? '')) ?? '';
      return { key: `${country.id ?? 'x'}-${index}`, d: path(country) ?? '', alpha2, name: countryNames.get(alpha2) ?? country.properties.name };
    });
    const markers = missions
      .filter((unit) => typeof unit.latitude === 'number' && typeof unit.longitude === 'number')
      .map((unit) => ({ unit, point: projection([unit.longitude as number, unit.latitude as number]) }))
      .filter((marker): marker is { unit: Unit; point: [number, number] } => marker.point !== null);
    return { shapes, markers };
  }, [atlas, missions, countryNames]);

  const summary = t('directory.mapSummary', { count: missions.length });
  return (
    <figure className="world-map" data-testid="world-map">
      {!drawing && !failed ? <p className="map-loading">{t('directory.mapLoading')}</p> : null}
      {drawing ? (
        <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={summary} preserveAspectRatio="xMidYMid meet">
          <title>{t('directory.map')}</title>
          <rect className="map-sea" x={0} y={0} width={WIDTH} height={HEIGHT} rx={8} />
          <g>
            {drawing.shapes.map((shape) => (
              <path key={shape.key} d={shape.d} className={withPrimary.has(shape.alpha2) ? 'map-country has-mission' : 'map-country'}>
                <title>{shape.name}</title>
              </path>
            ))}
          </g>
          <g>
            {drawing.markers.map(({ unit, point }) => (
              <g
                key={unit.id}
                className="map-marker"
                transform={`translate(${point[0].toFixed(1)} ${point[1].toFixed(1)})`}
                onClick={() => navigate(`/units/${unit.id}`)}
                data-testid={`marker-${unit.id}`}
              >
                <title>{`${unitName(unit, locale)} — ${unit.city}`}</title>
                <circle r={7} className="map-marker-halo" />
                <circle r={3.6} className="map-marker-dot" />
              </g>
            ))}
          </g>
        </svg>
      ) : null}
      <figcaption className="map-legend">
        <span className="legend-item">
          <span className="swatch swatch-primary" aria-hidden="true" />
          {t('directory.legendPrimary')}
        </span>
        <span className="legend-item">
          <span className="swatch swatch-none" aria-hidden="true" />
          {t('directory.legendNone')}
        </span>
        <span className="legend-item">
          <span className="swatch swatch-marker" aria-hidden="true" />
          {t('directory.legendMission')} · {plural('directory.count', missions.length)}
        </span>
      </figcaption>
    </figure>
  );
}
