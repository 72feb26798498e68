// Small multiples of the 进度/赛马 tab: one small line chart per district (Apache ECharts, SVG),
// loaded only when the tab is first opened.
import { LineChart } from "echarts/charts";
import { AriaComponent, GridComponent, TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { SVGRenderer } from "echarts/renderers";

echarts.use([LineChart, GridComponent, TooltipComponent, AriaComponent, SVGRenderer]);

const FONT = '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif';

/**
 * A small trend chart. years: [2022…2027]; series: [{name, values (null = missing), dashed,
 * color}]; missing values are gaps, never zeros.
 */
export function trendChart(el, { years, series, description }) {
  const chart = echarts.init(el, null, { renderer: "svg" });
  chart.setOption({
    animation: false,
    textStyle: { fontFamily: FONT },
    aria: { enabled: true, label: { description } },
    grid: { left: 4, right: 8, top: 8, bottom: 4, containLabel: true },
    tooltip: { trigger: "axis" },
    xAxis: {
      type: "category",
      data: years.map(String),
      axisLabel: { fontSize: 9, color: "#55606b", formatter: (v) => `’${v.slice(2)}` },
      axisTick: { show: false },
    },
    yAxis: { type: "value", scale: true, splitNumber: 2, axisLabel: { fontSize: 9, color: "#55606b" } },
    series: series.map((s) => ({
      type: "line",
      name: s.name,
      data: s.values,
      connectNulls: false,
      symbolSize: 6,
      lineStyle: { type: s.dashed ? "dashed" : "solid", width: s.dashed ? 1 : 2, color: s.color },
      itemStyle: { color: s.color },
    })),
  });
  return chart;
}
