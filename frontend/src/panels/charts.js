// Apache ECharts, reduced to what the dashboard draws (bar charts, SVG), loaded only when the
// dashboard is first opened so that the map does not wait for it.
import { BarChart } from "echarts/charts";
import { AriaComponent, GridComponent, TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { SVGRenderer } from "echarts/renderers";
import { t } from "../i18n.js";

echarts.use([BarChart, GridComponent, TooltipComponent, AriaComponent, SVGRenderer]);

const FONT = '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif';

/**
 * A horizontal bar chart. rows: [{label, value, color?}]; format(value) → text;
 * onClick(index) when a bar is clicked.
 */
export function barChart(el, { rows, color, format, description, onClick }) {
  const chart = echarts.init(el, null, { renderer: "svg" });
  chart.setOption({
    animation: false,
    textStyle: { fontFamily: FONT },
    aria: { enabled: true, label: { description } },
    grid: { left: 8, right: 64, top: 4, bottom: 4, containLabel: true },
    tooltip: {
      trigger: "item",
      formatter: (p) => `${rows[p.dataIndex].label}${t("punct.colon")}${format(p.value)}`,
    },
    xAxis: { type: "value", show: false },
    yAxis: {
      type: "category",
      inverse: true,
      data: rows.map((r) => r.label),
      axisTick: { show: false },
      axisLine: { show: false },
      // Full names, wrapped (never cut short): the plan's names are long.
      axisLabel: { width: 150, overflow: "break", lineHeight: 14, color: "#22313f", fontSize: 12 },
    },
    series: [
      {
        type: "bar",
        data: rows.map((r) => ({ value: r.value, itemStyle: { color: r.color || color } })),
        barMaxWidth: 18,
        label: { show: true, position: "right", color: "#22313f", formatter: (p) => format(p.value) },
        cursor: onClick ? "pointer" : "default",
      },
    ],
  });
  if (onClick) chart.on("click", (event) => onClick(event.dataIndex));
  return chart;
}
