// Articles, stories and matches per hour as a chart (ECharts: bars for articles, lines for stories and matches),
// with the same numbers as a table for screen readers and keyboards. The tooltip is drawn inside the SVG
// (renderMode richText): ECharts' HTML tooltip would set inline style attributes, which the console's CSP refuses.
import { useEffect, useRef, useState } from 'react';
import type { EChartsType } from 'echarts/core';
import { useI18n } from '../../i18n';
import type { MonitorActivity } from '../../shared/types';

const COLOURS = { articles: '#5b7bb2', stories: '#12284c', matches: '#b00d26' };

export function ActivityChart({ activity }: { activity: MonitorActivity }) {
  const { t, dateTime, number } = useI18n();
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);
  const [failed, setFailed] = useState(false);
  // Counts the chart's creation, so that the options are set once it exists.
  const [ready, setReady] = useState(0);

  const totals = activity.buckets.reduce(
    (sum, bucket) => ({ articles: sum.articles + bucket.articles, stories: sum.stories + bucket.stories, matches: sum.matches + bucket.matches }),
    { articles: 0, stories: 0, matches: 0 },
  );
  const summary = t('monitor.overview.chartSummary', {
    hours: activity.buckets.length,
    articles: number(totals.articles),
    stories: number(totals.stories),
    matches: number(totals.matches),
  });

  useEffect(() => {
    let live = true;
    let observer: ResizeObserver | null = null;
    import('./echarts')
      .then(({ createChart }) => {
        if (!live || !element.current) return;
        chart.current = createChart(element.current);
        observer = new ResizeObserver(() => chart.current?.resize());
        observer.observe(element.current);
      })
      .catch(() => live && setFailed(true))
      .finally(() => live && setReady((value) => value + 1));
    return () => {
      live = false;
      observer?.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    if (!chart.current) return;
    const hours = activity.buckets.map((bucket) => dateTime(bucket.start, undefined, 'time'));
    chart.current.setOption(
      {
        animation: false,
        aria: { enabled: false },
        color: [COLOURS.articles, COLOURS.stories, COLOURS.matches],
        textStyle: { fontFamily: 'system-ui, sans-serif', color: '#1a202c' },
        grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
        legend: { top: 0, textStyle: { color: '#1a202c' } },
        tooltip: { trigger: 'axis', renderMode: 'richText' },
        xAxis: { type: 'category', data: hours, axisLabel: { color: '#4a5568', hideOverlap: true } },
        yAxis: { type: 'value', minInterval: 1, axisLabel: { color: '#4a5568' } },
        series: [
          { name: t('monitor.overview.articles'), type: 'bar', data: activity.buckets.map((bucket) => bucket.articles) },
          { name: t('monitor.overview.stories'), type: 'line', data: activity.buckets.map((bucket) => bucket.stories), symbolSize: 5 },
          { name: t('monitor.overview.matches'), type: 'line', data: activity.buckets.map((bucket) => bucket.matches), symbolSize: 5 },
        ],
      },
      true,
    );
  }, [activity, dateTime, t, ready]);

  return (
    <figure className="monitor-chart-figure" data-testid="activity-chart">
      <div ref={element} className="monitor-chart" role="img" aria-label={summary} />
      {failed ? <p className="muted">{t('monitor.overview.chartFailed')}</p> : null}
      <figcaption className="small muted">{summary}</figcaption>
      <details className="monitor-chart-table">
        <summary>{t('monitor.overview.asTable')}</summary>
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">{summary}</caption>
            <thead>
              <tr>
                <th scope="col">{t('monitor.overview.hour')}</th>
                <th scope="col" className="num">{t('monitor.overview.articles')}</th>
                <th scope="col" className="num">{t('monitor.overview.stories')}</th>
                <th scope="col" className="num">{t('monitor.overview.matches')}</th>
              </tr>
            </thead>
            <tbody>
              {activity.buckets.map((bucket, index) => (
                <tr key={bucket.start}>
                  <th scope="row">{dateTime(bucket.start)}</th>
                  <td className="num">{number(bucket.articles)}</td>
                  <td className="num">{number(bucket.stories)}</td>
                  <td className="num">{number(activity.buckets[index].matches)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
