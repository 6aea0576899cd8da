/**
 * The course's figures, `socketbook/figures`: sequence diagrams drawn from a trace, line plots and bar
 * charts, the OSI/TCP-IP layer diagram, address bits and CAN arbitration, all as SVG text, and
 * `showSvg`/`showHtml` to display them in tslab or Deno. Importing it runs nothing.
 *
 * @example
 * import { renderSequenceDiagram, showSvg } from 'socketbook/figures';
 */
export { renderSequenceDiagram, type SequenceDiagramOptions } from './sequence-diagram.js';
export { escapeXml } from './svg.js';
export { showHtml, showSvg, type ShowOptions } from './show.js';
export { renderLayerDiagram, type LayerDiagramOptions, type OsiLayer } from './layer-diagram.js';
export { renderAddressBits, type AddressBitsOptions } from './address-bits.js';
export { renderArbitrationDiagram, type ArbitrationDiagramOptions } from './can-arbitration-diagram.js';
export { PlotOptionsError, renderLinePlot, type LinePlotOptions, type PlotBand, type PlotSeries } from './line-plot.js';
export { renderBarChart, type Bar, type BarChartOptions } from './bar-chart.js';
